/**
 * The schema of knowledge/responsibility.yaml: an ordered decision table. Each rule's `when`
 * lists conditions over the facts (all must hold; a missing condition matches anything). The
 * first rule that matches decides; the last rule must match everything and answer UAVKLART.
 * `notes` add reasons or caveats to any decision they match, without deciding.
 */
import { z } from 'zod';
import { citationSchema } from '../knowledge/schema.js';
import { idLevels, reasonTopics, severities, units } from './facts.js';

const ruleId = z.string().regex(/^RESP-[A-Z0-9]+(?:-[A-Z0-9]+)*$/, 'must look like RESP-ROP-01');

export const conditionSchema = z
  .object({
    age: z.enum(['under18', 'adult']).optional(),
    mentalDisorder: z.array(z.enum(severities)).min(1).optional(),
    substanceDisorder: z.array(z.enum(severities)).min(1).optional(),
    intellectualDisability: z.array(z.enum(idLevels)).min(1).optional(),
    autism: z.boolean().optional(),
    otherNeurodevelopmental: z.boolean().optional(),
    /** true: autism or another neurodevelopmental disorder or any intellectual disability */
    neurodevelopmental: z.boolean().optional(),
    dominantDisorder: z
      .array(z.enum(['mental', 'substance', 'unknown']))
      .min(1)
      .optional(),
    /** acute intoxication episodes treated at a somatic ward (under 18); unknown counts as 0 */
    episodesAtLeast: z.number().int().min(0).optional(),
    /** age bounds in years, inclusive (e.g. 18–23 for young adults in transition) */
    ageMin: z.number().int().min(0).max(120).optional(),
    ageMax: z.number().int().min(0).max(120).optional(),
    /** circumstances; a fact not given counts as false */
    pregnant: z.boolean().optional(),
    organicOrDementia: z.boolean().optional(),
    inPhbuTreatment: z.boolean().optional(),
    withdrawalRisk: z.boolean().optional(),
  })
  .strict();
export type Condition = z.infer<typeof conditionSchema>;

const reasonSchema = z
  .object({
    text: z.string().trim().min(10),
    /** which of the user's facts the reason explains (tests check every given fact is covered) */
    about: z.array(z.enum(reasonTopics)).min(1),
    sources: z.array(citationSchema).min(1),
  })
  .strict();

/**
 * A caveat: a string, or `{ text, urgent: true }` for one that calls for action now (call a
 * doctor): urgent caveats are shown first, with the decision; the others with the reasons.
 */
const caveatSchema = z.union([
  z.string().trim().min(10),
  z.object({ text: z.string().trim().min(10), urgent: z.literal(true) }).strict(),
]);
export type Caveat = z.infer<typeof caveatSchema>;

export const ruleSchema = z
  .object({
    id: ruleId,
    when: conditionSchema,
    unit: z.enum(units),
    collaborate: z.array(z.enum(units)).default([]),
    reasons: z.array(reasonSchema).min(1),
    caveats: z.array(caveatSchema).default([]),
    /** what to do now: who to call, what the local routine must settle (required for UAVKLART) */
    nextStep: z.string().trim().min(10).optional(),
    /** knowledge items the answer offers to read */
    items: z.array(z.string()).default([]),
  })
  .strict()
  .refine((r) => r.unit !== 'UAVKLART' || (r.nextStep !== undefined && r.collaborate.length > 0), {
    message: 'an UAVKLART rule names the units to involve (collaborate) and a nextStep',
    path: ['nextStep'],
  });
export type Rule = z.infer<typeof ruleSchema>;

export const noteSchema = z
  .object({
    id: ruleId,
    when: conditionSchema,
    reasons: z.array(reasonSchema).default([]),
    caveats: z.array(caveatSchema).default([]),
    items: z.array(z.string()).default([]),
  })
  .strict();
export type Note = z.infer<typeof noteSchema>;

export const responsibilityFileSchema = z
  .object({
    rules: z.array(ruleSchema).min(1),
    notes: z.array(noteSchema).default([]),
  })
  .strict()
  .refine(
    (t) =>
      Object.keys(t.rules.at(-1)?.when ?? { x: 1 }).length === 0 &&
      t.rules.at(-1)?.unit === 'UAVKLART',
    {
      message: 'the last rule must have an empty `when` and unit UAVKLART (the default)',
      path: ['rules'],
    },
  );
export type ResponsibilityTable = z.infer<typeof responsibilityFileSchema>;
