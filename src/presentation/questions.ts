/**
 * A question with fixed options, asked with an Adaptive Card and suggested actions, answerable by
 * button, label, synonym or option number (and, where allowed, an age in years). SDK-free.
 */
import { z } from 'zod';
import { adaptiveCard, submitData, type AdaptiveCard } from './cards/adaptive.js';

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
  })
  .strict();
export type QuestionText = z.infer<typeof questionSchema>;

function norm(text: string): string {
  return text
    .toLocaleLowerCase('nb-NO')
    .replace(/^[\s"'«»!.,:;?]+|[\s"'«»!.,:;?]+$/g, '')
    .replace(/\s+/g, ' ');
}

/**
 * The value chosen by a typed or clicked answer, or `{ none: true }` when not understood.
 * Accepts the label, a synonym, the option's number, and (for an age question) an age in years.
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
  // Options that are number ranges ("1-2", "10 eller flere"): a typed number picks its range.
  const ranges = q.options.map((o) =>
    /^(\d+)\s*(?:-|–)\s*(\d+)$|^(\d+) eller flere$/.exec(o.label),
  );
  if (/^\d{1,3}$/.test(said) && ranges.every((m) => m !== null)) {
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
      (!q.acceptsAge && said === String(i + 1)),
  );
  if (found) return { value: found.value };
  // "han er 17 år gammel", "17-åring" (after the labels: "Under 18 år" is an option, not 18)
  const ageInPhrase = q.acceptsAge ? ageIn(/(?:^|\D)(\d{1,3})\s*-?\s*år/.exec(said)) : undefined;
  return ageInPhrase ?? withinPhrase(q, said) ?? { none: true };
}

const NEGATION = /(?:^|\s)(?:ikke|ikkje|itte|ingen|uten|nei)(?:\s|$)/;

/**
 * An option named inside a longer answer: "moderat depresjon", "alvorlig psykose", "ja, hun er
 * gravid". Taken only when every option named agrees and the answer has no denial ("ikke
 * alvorlig" is not read as "alvorlig"; a denial answers a yes/no question with no).
 */
function withinPhrase(q: QuestionText, said: string): { value: unknown } | undefined {
  if (NEGATION.test(said)) {
    // A yes/no question answered "nei, hun er ikke gravid": no.
    const yesNo = q.options.every((o) => typeof o.value === 'boolean' || o.value === null);
    return yesNo && q.options.some((o) => o.value === false) ? { value: false } : undefined;
  }
  const padded = ` ${said.replace(/[,.;:!?]/g, ' ').replace(/\s+/g, ' ')} `;
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

export function questionCard(q: QuestionText, heading?: string): AdaptiveCard {
  return adaptiveCard(
    [
      ...(heading
        ? [{ type: 'TextBlock', text: heading, isSubtle: true, size: 'Small', wrap: true }]
        : []),
      { type: 'TextBlock', text: q.prompt, wrap: true, weight: heading ? 'Bolder' : 'Default' },
    ],
    q.options.map((o) => ({
      type: 'Action.Submit',
      title: o.label,
      data: submitData(o.label),
    })),
  );
}

/**
 * Several answers at once: "abstinenstegn og overdose", "2, 5", or what a multi-select card
 * submits ("Abstinenstegn,Overdose"). Undefined unless every part is understood.
 */
export function recognizeMany(q: QuestionText, text: string): unknown[] | undefined {
  const parts = text
    .split(/\s*(?:,|;|\bog\b|\+)\s*/i)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return undefined;
  const values: unknown[] = [];
  for (const part of parts) {
    const r = recognizeAnswer(q, part);
    if (!('value' in r)) return undefined;
    if (!values.includes(r.value)) values.push(r.value);
  }
  return values;
}

/** A multi-select card: tick one or more and send; typing works too (see recognizeMany). */
export function multiSelectCard(q: QuestionText, buttonTitle: string): AdaptiveCard {
  return adaptiveCard(
    [
      { type: 'TextBlock', text: q.prompt, wrap: true },
      {
        type: 'Input.ChoiceSet',
        id: 'text',
        isMultiSelect: true,
        style: 'expanded',
        choices: q.options.map((o) => ({ title: o.label, value: o.label })),
      },
    ],
    [{ type: 'Action.Submit', title: buttonTitle }],
  );
}
