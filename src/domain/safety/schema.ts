/**
 * The format of knowledge/safety.yaml: how messages are normalised, the concepts (phrase lists),
 * the rules that combine concepts into a tier, and the acute routine (actions with sources).
 * Cross-references (a rule naming an unknown concept, a phrase that normalises to nothing) are
 * checked when the detector is built; the loader reports them with file and field.
 */
import { z } from 'zod';
import { citationSchema } from '../knowledge/schema.js';

/**
 * What a concept is for. `signal` concepts are what rules combine; the others steer the engine:
 * - `time-past`: a clause about something clearly in the past ("for to år siden", "i fjor");
 *   signals in that clause do not count, unless the clause also has a `time-now` marker;
 * - `time-now`: here and now ("nå", "i natt", "for en time siden"); it also overrides framing;
 * - `habitual`: a pattern over time ("jevnlig", "pleier"); an acute rule from that clause only
 *   reaches the possible tier;
 * - `negation`: a denial ("benekter", "ingen", "ikke"); it removes a `negatable` signal close by
 *   in the same clause (by default up to 5 words after the denial, 2 before it; `reach` widens
 *   this, `denies` limits it to some concepts: "spurte om selvmordstanker, hun avkrefter");
 * - `joke`: a laugh ("haha", 😂) in the sentence; an acute rule from that sentence only reaches the
 *   possible tier (a joke about jumping still gets the question, never the alarm);
 * - `frame-strong`: clearly not about a patient now (a how-to question, statistics, a course,
 *   a conditional "når en pasient …"); signals in that clause do not count (unless `time-now`);
 * - `frame-fiction`: a made-up case ("kasus", "eksamensoppgave", "rollespill"); every signal in
 *   the sentence is fiction, about a named person or not (unless its clause says `time-now`);
 * - `frame-weak`: routine and guideline words; signals in that clause do not count when the clause
 *   names no particular person (`person`) and has no `time-now`;
 * - `person`: a particular person ("pasienten", "hun", "jeg");
 * - `figurative`: a figure of speech ("hengt seg opp i", "hoppe over"); a signal match that
 *   overlaps it does not count;
 * - `benign`: ordinary medicine use or an everyday accident ("som forskrevet", "papirkutt"); in
 *   the same sentence it removes the matches of `benignable` concepts (pills taken, a cut).
 */
export const conceptRoles = [
  'signal',
  'figurative',
  'benign',
  'time-past',
  'time-now',
  'habitual',
  'joke',
  'negation',
  'frame-strong',
  'frame-fiction',
  'frame-weak',
  'person',
] as const;
export type ConceptRole = (typeof conceptRoles)[number];

export const tiers = ['acute', 'possible'] as const;
export type Tier = (typeof tiers)[number];

const conceptId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case kebab-case');

/**
 * A phrase: words separated by spaces, matched in order within one clause (with `gap` other
 * words allowed between them). A word is matched on its folded form, its stem, or a typo of
 * either. Special words: `=word` only that exact folded form (no stem, no typo); `word*` any word
 * that starts with it ("forskning*" matches "forskningsprosjekt"); `*word` any word that ends with
 * it ("*kurs" matches "grunnkurs"); `#num` any number; `#10+` a number of at least 10 (digits or
 * a number word from the word table). A filler word ("å") is skipped in the text unless the
 * phrase names it.
 */
const phrase = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .refine((p) => p.split(/\s+/).every((w) => !w.startsWith('#') || /^#(num|\d+\+)$/.test(w)), {
    message: 'a word starting with # must be #num or #N+ (e.g. #10+)',
  });

export const conceptSchema = z
  .object({
    id: conceptId,
    role: z.enum(conceptRoles).default('signal'),
    description: z.string().trim().min(5),
    phrases: z.array(phrase).min(1),
    /** How many other words may stand between the words of a phrase (default 0). */
    gap: z.number().int().min(0).max(3).default(0),
    /** A `negation` close before (5 words) or after (2 words) in the clause removes the match. */
    negatable: z.boolean().default(false),
    /** For a `negation` concept: how far it reaches (words after and before it; whole sentence). */
    reach: z
      .object({
        ahead: z.number().int().min(0).max(20).default(5),
        behind: z.number().int().min(0).max(20).default(2),
        sentence: z.boolean().default(false),
      })
      .strict()
      .optional(),
    /** For a `negation` concept: the only concepts it denies (default: every negatable one). */
    denies: z.array(conceptId).min(1).optional(),
    /** A `benign` concept in the same sentence removes the match. */
    benignable: z.boolean().default(false),
  })
  .strict();
export type Concept = z.infer<typeof conceptSchema>;

export const ruleSchema = z
  .object({
    id: z.string().regex(/^(ACUTE|POSSIBLE)-[A-Z0-9-]+$/, 'must look like ACUTE-ACT-OVERDOSE'),
    tier: z.enum(tiers),
    description: z.string().trim().min(5),
    /** Every entry must match: a concept id, or a list of concept ids of which one must match. */
    all: z.array(z.union([conceptId, z.array(conceptId).min(2)])).min(1),
    /** The matches may span at most this many words (default: anywhere in the message). */
    within: z.number().int().min(1).max(40).optional(),
  })
  .strict();
export type Rule = z.infer<typeof ruleSchema>;

export const actionSchema = z
  .object({
    id: conceptId,
    /** One line, imperative, Norwegian. */
    text: z.string().trim().min(5).max(200),
    sources: z.array(citationSchema).min(1),
  })
  .strict();
export type SafetyAction = z.infer<typeof actionSchema>;

export const safetyFileSchema = z
  .object({
    normalise: z
      .object({
        words: z.record(z.string().min(1), z.string().trim().min(1)).default({}),
        emoji: z.record(z.string().min(1), z.string().trim().min(1)).default({}),
        compounds: z
          .array(z.object({ prefix: z.string().min(5), as: z.string().min(2) }).strict())
          .default([]),
        fillers: z.array(z.string().min(1)).default([]),
        clauseBreaks: z.array(z.string().min(1)).default([]),
        /** Words before a number that make it a label ("kl 12"), not an amount. */
        numberLabels: z.array(z.string().min(1)).default([]),
        /** Words after a number that make it a measure ("17 år", "1000 mg"), not a count. */
        numberUnits: z.array(z.string().min(1)).default([]),
        /** Real words not loosened ("noe" would read as "no", nynorsk for "nå"). */
        keepSpelling: z.array(z.string().min(1)).default([]),
        /** Real words that are never read as a typo of a concept word ("hente" is not "henge"). */
        noTypo: z.array(z.string().min(1)).default([]),
      })
      .strict(),
    concepts: z.array(conceptSchema).min(1),
    rules: z.array(ruleSchema).min(1),
    /** The acute routine: what to do now, each line with its source. */
    actions: z.array(actionSchema).min(1),
    /** The possible tier: a short safety line (each part cites an action) and the question. */
    possible: z
      .object({
        lines: z
          .array(z.object({ text: z.string().trim().min(5).max(200), action: conceptId }).strict())
          .min(1),
        question: z.string().trim().min(5).max(100),
      })
      .strict(),
    routine: z.object({ items: z.array(z.string()).default([]) }).strict(),
  })
  .strict();
export type SafetyConfig = z.infer<typeof safetyFileSchema>;
