/**
 * Which question to ask next, so the dialog asks only what can change the answer: a question is
 * skipped when no answer to it could lead to a different deciding rule, given what is known.
 */
import { matches } from './decide.js';
import { idLevels, severities, type Facts } from './facts.js';
import type { ResponsibilityTable } from './table.js';

export const questionOrder = [
  'ageYears',
  'intellectualDisability',
  'autism',
  'otherNeurodevelopmental',
  'mentalDisorder',
  'substanceDisorder',
  'dominantDisorder',
  'acuteIntoxicationEpisodes',
] as const;
export type Question = (typeof questionOrder)[number];

/** The values that can make a difference for each fact (ages 17 and 18 stand for the two groups). */
const domains: Record<Question, readonly unknown[]> = {
  ageYears: [17, 18],
  intellectualDisability: idLevels,
  autism: [false, true],
  otherNeurodevelopmental: [false, true],
  mentalDisorder: severities,
  substanceDisorder: severities,
  dominantDisorder: [undefined, 'mental', 'substance'],
  acuteIntoxicationEpisodes: [undefined, 0, 1, 2, 3],
};

export const defaults: Facts = {
  ageYears: 18,
  mentalDisorder: 'none',
  substanceDisorder: 'none',
  intellectualDisability: 'none',
  autism: false,
  otherNeurodevelopmental: false,
};

/** The deciding rule: a question that can only add a note is not worth asking. */
function outcome(table: ResponsibilityTable, facts: Facts): string {
  return table.rules.find((r) => matches(r.when, facts))?.id ?? '';
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
  for (const value of domains[first]) yield* completions({ ...base, [first]: value }, rest);
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
  for (const q of unknown) {
    const others = unknown.filter((o) => o !== q);
    for (const rest of completions(known, others)) {
      const seen = new Set(domains[q].map((v) => outcome(table, complete({ ...rest, [q]: v }))));
      if (seen.size > 1) return q;
    }
  }
  return undefined;
}

/** Facts for a decision when the remaining unknowns cannot change it. */
export function withDefaults(known: Partial<Facts>): Facts {
  return complete(known);
}
