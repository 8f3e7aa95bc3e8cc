/**
 * A question with fixed options, asked with an Adaptive Card, answerable by button, label,
 * synonym or option number, and by typed values the options' labels describe: an age in years,
 * several ages at once ("4 og 12 år"), a frequency ("2-3 ganger i uka"), or an option named
 * inside a phrase ("alvorlig psykose"). What cannot be mapped to exactly one option is asked
 * again, never guessed. SDK-free.
 */
import { z } from 'zod';
import {
  adaptiveCard,
  answerAction,
  numbered,
  submitData,
  type AdaptiveCard,
  type AnswerTag,
} from './cards/adaptive.js';
import { ageRange, frequency, numberPart, within, type Frequency } from './typedAnswers.js';

export const optionSchema = z
  .object({
    value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
    label: z.string().min(1),
    synonyms: z.array(z.string()).default([]),
  })
  .strict();

export const questionSchema = z
  .object({
    prompt: z.string().min(5),
    acceptsAge: z.boolean().default(false),
    options: z.array(optionSchema).min(2),
    /**
     * Word stems naming what the question is about ("psykose", "depresj"): an option named
     * inside a phrase is taken only when the phrase is not about another question's topic.
     */
    topic: z.array(z.string().min(2)).optional(),
    /** The other questions' topics (filled in by withSiblingTopics). */
    offTopic: z.array(z.string().min(2)).optional(),
  })
  .strict();
export type QuestionText = z.infer<typeof questionSchema>;

/** Each question learns the topics of the other questions of its flow. */
export function withSiblingTopics<K extends string>(
  questions: Record<K, QuestionText>,
): Record<K, QuestionText> {
  const entries = Object.entries(questions) as [K, QuestionText][];
  return Object.fromEntries(
    entries.map(([key, q]) => {
      const own = new Set(q.topic ?? []);
      const offTopic = entries
        .filter(([other]) => other !== key)
        .flatMap(([, o]) => o.topic ?? [])
        .filter((t) => !own.has(t));
      return [key, offTopic.length > 0 ? { ...q, offTopic } : q];
    }),
  ) as Record<K, QuestionText>;
}

/** Spellings of the same word, folded so "noen ganger i uka" matches «Noen ganger i uken». */
const SAME_WORD: readonly [RegExp, string][] = [
  [/(?<=^|\s)(?:uka|uke|veka|veke)(?=\s|$)/g, 'uken'],
  [/(?<=^|\s)(?:måned|mnd|månad|månaden)(?=\s|$)/g, 'måneden'],
];

function norm(text: string): string {
  let said = text
    .toLocaleLowerCase('nb-NO')
    .replace(/^[\s"'«»!.,:;?]+|[\s"'«»!.,:;?]+$/g, '')
    .replace(/\s+/g, ' ');
  for (const [re, word] of SAME_WORD) said = said.replace(re, word);
  return said;
}

/** Options that are number ranges ("1-2", "10 eller flere"): a typed number picks its range. */
function numberRanges(q: QuestionText): (RegExpExecArray | null)[] | undefined {
  const ranges = q.options.map((o) =>
    /^(\d+)\s*(?:-|–)\s*(\d+)$|^(\d+) eller flere$/.exec(o.label),
  );
  return ranges.every((m) => m !== null) ? ranges : undefined;
}

/**
 * Whether typing an option's number chooses it (then the options are shown numbered). Not for
 * questions where a typed number is an age or a count: an age question, options that are
 * counts ("1-2") or age ranges ("0–5 år", where "4" is a four-year-old).
 */
export function acceptsOptionNumbers(q: QuestionText): boolean {
  return !q.acceptsAge && numberRanges(q) === undefined && ageOptions(q).length === 0;
}

/** The options whose label is an age range ("0–5 år"), by index; empty when none is. */
function ageOptions(q: QuestionText): { index: number; min: number; max: number }[] {
  return q.options.flatMap((o, index) => {
    const r = ageRange(o.label);
    return r ? [{ index, ...r }] : [];
  });
}

/** The one option whose age range holds `age`, if exactly one does. */
function optionForAge(q: QuestionText, age: number): number | undefined {
  const hits = ageOptions(q).filter((r) => age >= r.min && age <= r.max);
  return hits.length === 1 ? hits[0]?.index : undefined;
}

/**
 * The value chosen by a typed or clicked answer, or `{ none: true }` when not understood.
 * Accepts the label, a synonym, the option's number, and typed values (see the file comment).
 */
export function recognizeAnswer(
  q: QuestionText,
  text: string,
): { value: unknown } | { none: true } {
  const said = norm(text);
  const ageIn = (m: RegExpExecArray | null): { value: number } | undefined => {
    const age = m?.[1] === undefined ? Number.NaN : Number.parseInt(m[1], 10);
    return age <= 120 ? { value: age } : undefined;
  };
  // "17", "17 år"
  const age = q.acceptsAge ? ageIn(/^(\d{1,3})( år)?$/.exec(said)) : undefined;
  if (age) return age;
  const ranges = numberRanges(q);
  if (/^\d{1,3}$/.test(said) && ranges) {
    const n = Number.parseInt(said, 10);
    const i = ranges.findIndex((m) =>
      m?.[3] !== undefined ? n >= Number(m[3]) : n >= Number(m?.[1]) && n <= Number(m?.[2]),
    );
    const option = q.options[i];
    if (option) return { value: option.value };
  }
  const found = q.options.find(
    (o, i) =>
      [o.label, ...o.synonyms].some((s) => norm(s) === said) ||
      (acceptsOptionNumbers(q) && said === String(i + 1)),
  );
  if (found) return { value: found.value };
  // "han er 70 år", "12 år" against age-range options ("65 år eller eldre", "6–12 år")
  const typedAge = !q.acceptsAge && ageOptions(q).length > 0 ? numberPart(said) : undefined;
  if (typedAge !== undefined) {
    const option = q.options[optionForAge(q, typedAge) ?? -1];
    return option ? { value: option.value } : { none: true };
  }
  // "2-3 ganger i uka" against frequency options ("To til tre ganger i uken")
  const typedFrequency = frequencyAnswer(q, said);
  if (typedFrequency) return typedFrequency;
  // "han er 17 år gammel", "17-åring" (after the labels: "Under 18 år" is an option, not 18)
  const ageInPhrase = q.acceptsAge ? ageIn(/(?:^|\D)(\d{1,3})\s*-?\s*år/.exec(said)) : undefined;
  return ageInPhrase ?? leadingYesNo(q, said) ?? withinPhrase(q, said) ?? { none: true };
}

/** Words that make a «ja, …» or «nei, …» answer less than a plain yes or no. */
const UNSURE = /(?:^|\s)(?:men|kanskje|usikker|vet ikke|tror|trolig|muligens)(?=\s|$)/;
const DENIAL = /(?:^|\s)(?:ikke|ikkje|ingen|uten|nei)(?=\s|$)/;
const AFFIRMATION = /(?:^|\s)ja(?=\s|$)/;

/**
 * An answer that starts with a plain «ja» or «nei» and goes on to say why: «nei, det er en
 * mann», «ja, to barn», «nei, hun er ikke gravid». Taken as the option labelled «Ja» or «Nei»
 * when the rest agrees; asked again (`none`) when the rest doubts, contradicts or names another
 * option («nei, men …», «ja, kanskje», «nei, vet ikke», «ja, ikke …», «nei, ikke aktuelt»).
 * Undefined when the answer does not start so, or the question has no such option.
 */
function leadingYesNo(
  q: QuestionText,
  said: string,
): { value: unknown } | { none: true } | undefined {
  const m = /^(ja|jo|nei)[,.!:;]?\s+(.+)$/.exec(said);
  const yes = m?.[1] !== 'nei';
  const option = m && q.options.find((o) => norm(o.label) === (yes ? 'ja' : 'nei'));
  if (!m || !option) return undefined;
  let rest = ` ${(m[2] ?? '').replace(/[,.;:!?]/g, ' ').replace(/\s+/g, ' ')} `;
  // The option's own words agree («nei, ikke gravid»: «ikke gravid» means Nei, not Ja).
  const phrases = (o: QuestionText['options'][number]) =>
    [o.label, ...o.synonyms].map(norm).filter((p) => p.length >= 3);
  for (const p of phrases(option).sort((a, b) => b.length - a.length)) {
    rest = rest.replaceAll(` ${p} `, ' ');
  }
  const namesOther = q.options.some(
    (o) => o !== option && phrases(o).some((p) => rest.includes(` ${p} `)),
  );
  const doubts = UNSURE.test(rest) || (yes ? DENIAL : AFFIRMATION).test(rest);
  return namesOther || doubts ? { none: true } : { value: option.value };
}

/**
 * A typed frequency mapped to the one option whose frequency holds it ("2-3 ganger i uka" →
 * "To til tre ganger i uken"); `{ none }` when a frequency was typed but no single option holds
 * it (weeks are not converted to months: that would be a guess); undefined when the options or
 * the answer name no frequency.
 */
function frequencyAnswer(
  q: QuestionText,
  said: string,
): { value: unknown } | { none: true } | undefined {
  const options = q.options.flatMap((o) => {
    const f = frequency(o.label);
    return f ? [{ o, f }] : [];
  });
  if (options.length === 0) return undefined;
  const typed: Frequency | undefined = frequency(said);
  if (!typed) return undefined;
  const hits = options.filter(({ f }) => within(typed, f));
  return hits.length === 1 && hits[0] ? { value: hits[0].o.value } : { none: true };
}

const NEGATION = /(?:^|\s)(?:ikke|ikkje|itte|ingen|uten|nei)(?:\s|$)/;

function namesTopic(padded: string, stems: readonly string[] | undefined): boolean {
  return (stems ?? []).some((stem) => padded.includes(` ${norm(stem)}`));
}

/**
 * An option named inside a longer answer: "moderat depresjon", "alvorlig psykose", "ja, hun er
 * gravid". Taken only when every option named agrees, the answer has no denial ("ikke
 * alvorlig" is not read as "alvorlig"; a denial answers a yes/no question with no), and the
 * answer is not about another question's topic ("alvorlig psykose" does not answer how severe
 * a ruslidelse is).
 */
function withinPhrase(q: QuestionText, said: string): { value: unknown } | undefined {
  if (NEGATION.test(said)) {
    // A yes/no question answered "nei, hun er ikke gravid": no.
    const yesNo = q.options.every((o) => typeof o.value === 'boolean' || o.value === null);
    return yesNo && q.options.some((o) => o.value === false) ? { value: false } : undefined;
  }
  const padded = ` ${said.replace(/[,.;:!?]/g, ' ').replace(/\s+/g, ' ')} `;
  if (namesTopic(padded, q.offTopic) && !namesTopic(padded, q.topic)) return undefined;
  const values = new Set<unknown>();
  for (const o of q.options) {
    for (const phrase of [o.label, ...o.synonyms]) {
      const p = norm(phrase);
      if (p.length >= 3 && padded.includes(` ${p} `)) values.add(o.value);
    }
  }
  const [only] = values;
  return values.size === 1 ? { value: only } : undefined;
}

/** An option's button title: «1. Ja» where a typed number chooses it, else the label. */
export function optionTitle(q: QuestionText, index: number): string {
  const label = q.options[index]?.label ?? '';
  return acceptsOptionNumbers(q) ? numbered(index + 1, label) : label;
}

export function questionCard(q: QuestionText, heading?: string, tag?: AnswerTag): AdaptiveCard {
  return adaptiveCard(
    [
      ...(heading
        ? [{ type: 'TextBlock', text: heading, isSubtle: true, size: 'Small', wrap: true }]
        : []),
      { type: 'TextBlock', text: q.prompt, wrap: true, weight: heading ? 'Bolder' : 'Default' },
    ],
    q.options.map((o, i) =>
      tag
        ? answerAction(tag, o.label, optionTitle(q, i))
        : { type: 'Action.Submit', title: optionTitle(q, i), data: submitData(o.label) },
    ),
  );
}

/**
 * Several answers at once: "abstinenstegn og overdose", "2, 5", ages ("4 og 12 år", "barna er
 * 4 og 12"), or what a multi-select card submits ("Abstinenstegn,Overdose"). Undefined unless
 * every part is understood.
 */
export function recognizeMany(q: QuestionText, text: string): unknown[] | undefined {
  const ticked = tickedLabels(q, text);
  if (ticked) return ticked;
  // Option numbers with only spaces between («1 3 5») are several numbers too.
  const spacedNumbers = acceptsOptionNumbers(q) && /^\s*\d{1,2}(?:\s+\d{1,2})+\s*$/.test(text);
  const parts = text
    .split(spacedNumbers ? /\s+/ : /\s*(?:,|;|\bog\b|\+)\s*/i)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return undefined;
  // In an age-range question every number is an age ("4 og 12", "barna er 4 og 12 år").
  const byAge = ageOptions(q).length > 0;
  const values: unknown[] = [];
  const add = (v: unknown): void => {
    if (!values.includes(v)) values.push(v);
  };
  for (const part of parts) {
    const n = byAge && !isLabel(q, part) ? numberPart(part) : undefined;
    if (n !== undefined) {
      const option = q.options[optionForAge(q, n) ?? -1];
      if (!option) return undefined;
      add(option.value);
      continue;
    }
    const r = recognizeAnswer(q, part);
    if (!('value' in r)) return undefined;
    add(r.value);
  }
  return values;
}

/**
 * What a multi-select card submits: the ticked options' labels joined by «,». A label may itself
 * hold a comma or «og» («Barnas og søsknenes behov for informasjon og oppfølging»), so the text
 * is read as whole labels, not split at every «og»: the comma-separated pieces are grouped, in
 * order, into labels. Undefined unless the whole text is labels.
 */
function tickedLabels(q: QuestionText, text: string): unknown[] | undefined {
  const pieces = text.split(',');
  // Each option at most once, and a label spans at most its own commas + 1 pieces: bounded work
  // however long the text (a long typed text of commas is not a ticked answer).
  const span = Math.max(...q.options.map((o) => o.label.split(',').length));
  if (pieces.length > q.options.length * span) return undefined;
  // found[i]: the values of a reading of the first i pieces as labels, if there is one.
  const found: (unknown[] | undefined)[] = [[]];
  for (let end = 1; end <= pieces.length; end++) {
    for (let start = Math.max(0, end - span); start < end && !found[end]; start++) {
      const before = found[start];
      if (!before) continue;
      const said = norm(pieces.slice(start, end).join(','));
      const option = q.options.find((o) => norm(o.label) === said);
      if (option) {
        found[end] = before.includes(option.value) ? before : [...before, option.value];
      }
    }
  }
  const values = found[pieces.length];
  return values && values.length > 0 ? values : undefined;
}

function isLabel(q: QuestionText, part: string): boolean {
  const said = norm(part);
  return q.options.some((o) => [o.label, ...o.synonyms].some((s) => norm(s) === said));
}

/** A multi-select card: tick one or more and send; typing works too (see recognizeMany). */
export function multiSelectCard(
  q: QuestionText,
  buttonTitle: string,
  input: { label: string; errorMessage: string },
  tag?: AnswerTag,
): AdaptiveCard {
  return adaptiveCard(
    [
      { type: 'TextBlock', text: q.prompt, wrap: true },
      {
        type: 'Input.ChoiceSet',
        id: 'text',
        isMultiSelect: true,
        style: 'expanded',
        // Long choices wrap instead of ending in «…» on a narrow screen.
        wrap: true,
        label: input.label,
        isRequired: true,
        errorMessage: input.errorMessage,
        choices: q.options.map((o, i) => ({ title: optionTitle(q, i), value: o.label })),
      },
    ],
    [{ type: 'Action.Submit', title: buttonTitle, ...(tag && { data: { ...tag } }) }],
  );
}
