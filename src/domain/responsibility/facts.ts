/**
 * The facts the responsibility decision needs: shared by the dialog (which collects them step by
 * step) and the JSON API (which receives them whole). No patient identity: severities and levels.
 */
import { z } from 'zod';

export const severities = ['none', 'mild', 'moderate', 'severe'] as const;
export const idLevels = ['none', 'mild', 'moderate', 'severe', 'profound'] as const;
export const units = ['PHV', 'PHBU', 'TSB', 'HAVO', 'HABU', 'KOMMUNE', 'UAVKLART'] as const;
export type Severity = (typeof severities)[number];
export type IdLevel = (typeof idLevels)[number];
export type Unit = (typeof units)[number];

/** What a reason is about: every disorder or circumstance the user gave is covered by one. */
export const reasonTopics = [
  'age',
  'mental',
  'substance',
  'intellectualDisability',
  'neurodevelopmental',
  'pregnancy',
  'dementia',
  'transition',
  'withdrawal',
  'general',
] as const;
export type ReasonTopic = (typeof reasonTopics)[number];

export const factsSchema = z
  .object({
    ageYears: z
      .number({ error: 'ageYears must be a number' })
      .int('ageYears must be a whole number')
      .min(0, 'ageYears must be 0..120')
      .max(120, 'ageYears must be 0..120'),
    mentalDisorder: z.enum(severities, {
      error: 'mentalDisorder must be none, mild, moderate or severe',
    }),
    substanceDisorder: z.enum(severities, {
      error: 'substanceDisorder must be none, mild, moderate or severe',
    }),
    intellectualDisability: z.enum(idLevels, {
      error: 'intellectualDisability must be none, mild, moderate, severe or profound',
    }),
    autism: z.boolean({ error: 'autism must be true or false' }),
    otherNeurodevelopmental: z.boolean({ error: 'otherNeurodevelopmental must be true or false' }),
    dominantDisorder: z
      .enum(['mental', 'substance'], { error: 'dominantDisorder must be mental or substance' })
      .optional(),
    acuteIntoxicationEpisodes: z
      .number({ error: 'acuteIntoxicationEpisodes must be a number' })
      .int('acuteIntoxicationEpisodes must be a whole number')
      .min(0, 'acuteIntoxicationEpisodes must be 0 or more')
      .max(1000, 'acuteIntoxicationEpisodes must be at most 1000')
      .optional(),
    /** Pregnant (with a substance problem this brings TSB's special duties and HOTL § 10-3 in). */
    pregnant: z.boolean({ error: 'pregnant must be true or false' }).optional(),
    /** Dementia or another organic mental disorder (ICD-10 F00–F09). */
    organicOrDementia: z.boolean({ error: 'organicOrDementia must be true or false' }).optional(),
    /** Already in treatment in PHBU (BUP) — for young adults 18–23 in transition. */
    inPhbuTreatment: z.boolean({ error: 'inPhbuTreatment must be true or false' }).optional(),
    /** Risk of severe withdrawal now (earlier delirium or seizures, heavy daily use). */
    withdrawalRisk: z.boolean({ error: 'withdrawalRisk must be true or false' }).optional(),
  })
  .strict();
export type Facts = z.infer<typeof factsSchema>;
