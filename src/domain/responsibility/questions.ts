/**
 * Which question to ask next, so the dialog asks only what can change the answer: a question is
 * skipped when no answer to it could lead to a different deciding rule, given what is known.
 */
import { matches } from './decide.js';
import { idLevels, severities, type Facts } from './facts.js';
import type { Condition, ResponsibilityTable } from './table.js';

export const questionOrder = [
  'ageYears',
  'intellectualDisability',
  'autism',
  'otherNeurodevelopmental',
  'organicOrDementia',
  'mentalDisorder',
  'substanceDisorder',
  'dominantDisorder',
  'pregnant',
  'withdrawalRisk',
  'inPhbuTreatment',
  'acuteIntoxicationEpisodes',
] as const;
export type Question = (typeof questionOrder)[number];

/**
 * The values that can make a difference for each fact: ages 17, 18 and 24 stand for children,
 * young adults (18–23, PHBU may still follow them) and adults.
 */
export const answerDomains: Record<Question, readonly unknown[]> = {
  ageYears: [17, 18, 24],
  intellectualDisability: idLevels,
  autism: [false, true],
  otherNeurodevelopmental: [false, true],
  mentalDisorder: severities,
  substanceDisorder: severities,
  dominantDisorder: [undefined, 'mental', 'substance'],
  acuteIntoxicationEpisodes: [undefined, 0, 1, 2, 3],
  organicOrDementia: [false, true],
  pregnant: [false, true],
  withdrawalRisk: [false, true],
  inPhbuTreatment: [false, true],
};

/** The condition fields of the table each question's fact is read by. */
const readBy: Record<Question, readonly (keyof Condition)[]> = {
  ageYears: ['age', 'ageMin', 'ageMax'],
  intellectualDisability: ['intellectualDisability', 'neurodevelopmental'],
  autism: ['autism', 'neurodevelopmental'],
  otherNeurodevelopmental: ['otherNeurodevelopmental', 'neurodevelopmental'],
  organicOrDementia: ['organicOrDementia'],
  mentalDisorder: ['mentalDisorder'],
  substanceDisorder: ['substanceDisorder'],
  dominantDisorder: ['dominantDisorder'],
  pregnant: ['pregnant'],
  withdrawalRisk: ['withdrawalRisk'],
  inPhbuTreatment: ['inPhbuTreatment'],
  acuteIntoxicationEpisodes: ['episodesAtLeast'],
};

export const defaults: Facts = {
  ageYears: 18,
  mentalDisorder: 'none',
  substanceDisorder: 'none',
  intellectualDisability: 'none',
  autism: false,
  otherNeurodevelopmental: false,
};

/**
 * The answer: the deciding rule and the notes with reasons that apply (a reason is part of what
 * the user sees; a caveat-only note is not worth a question of its own).
 */
function outcome(table: ResponsibilityTable, facts: Facts): string {
  const rule = table.rules.find((r) => matches(r.when, facts))?.id ?? '';
  const notes = table.notes
    .filter((n) => n.reasons.length > 0 && matches(n.when, facts))
    .map((n) => n.id);
  return [rule, ...notes].join(' ');
}

/**
 * Could this condition still hold, given the known facts? (Unknown facts are open.) Used to
 * enumerate only the facts that rules and notes still alive actually read.
 */
function alive(when: Condition, known: Partial<Facts>): boolean {
  const probe = { ...defaults, ...known };
  const open = new Set(questionOrder.filter((q) => !(q in known)).flatMap((q) => readBy[q]));
  const fixed = Object.fromEntries(
    Object.entries(when).filter(([k]) => !open.has(k as keyof Condition)),
  ) as Condition;
  return matches(fixed, probe);
}

function* completions(
  base: Partial<Facts>,
  fields: readonly Question[],
): Generator<Partial<Facts>> {
  const [first, ...rest] = fields;
  if (first === undefined) {
    yield base;
    return;
  }
  for (const value of answerDomains[first]) yield* completions({ ...base, [first]: value }, rest);
}

function complete(partial: Partial<Facts>): Facts {
  const facts = { ...defaults, ...partial };
  for (const key of Object.keys(facts) as (keyof Facts)[])
    if (facts[key] === undefined) delete facts[key];
  return facts;
}

/** The next question whose answer can change the decision, or undefined when it is decided. */
export function nextQuestion(
  table: ResponsibilityTable,
  known: Partial<Facts>,
): Question | undefined {
  const unknown = questionOrder.filter((q) => !(q in known));
  // Only facts read by a rule or note that can still apply are worth enumerating.
  const live = [...table.rules, ...table.notes.filter((n) => n.reasons.length > 0)].filter((r) =>
    alive(r.when, known),
  );
  const read = new Set(live.flatMap((r) => Object.keys(r.when)));
  const relevant = unknown.filter((q) => readBy[q].some((k) => read.has(k)));
  for (const q of relevant) {
    const others = relevant.filter((o) => o !== q);
    for (const rest of completions(known, others)) {
      const seen = new Set(
        answerDomains[q].map((v) => outcome(table, complete({ ...rest, [q]: v }))),
      );
      if (seen.size > 1) return q;
    }
  }
  return undefined;
}

/** Facts for a decision when the remaining unknowns cannot change it. */
export function withDefaults(known: Partial<Facts>): Facts {
  return complete(known);
}
