/**
 * AUDIT-C scoring: three answers of 0–4 points, total 0–12, positive at or above the cut-off for
 * the patient's sex (knowledge/auditc.yaml). When sex is not given, the lower cut-off is used.
 */
import { z } from 'zod';
import type { Citation } from '../knowledge/schema.js';
import type { AuditcConfig } from './schema.js';

export const sexes = ['male', 'female', 'unknown'] as const;
export type Sex = (typeof sexes)[number];

export const auditcInputSchema = z
  .object({
    answers: z
      .array(
        z
          .number({ error: 'each answer must be a number 0–4' })
          .int('each answer must be a whole number 0–4')
          .min(0, 'each answer must be 0–4')
          .max(4, 'each answer must be 0–4'),
        {
          error: 'answers must be a list of three numbers 0–4',
        },
      )
      .length(3, 'answers must have exactly three numbers (one per AUDIT-C question)'),
    sex: z.enum(sexes, { error: 'sex must be male, female or unknown' }).default('unknown'),
  })
  .strict();
export type AuditcInput = z.input<typeof auditcInputSchema>;

export interface FollowUp {
  readonly text: string;
  readonly sources: readonly Citation[];
  readonly items: readonly string[];
}

export interface AuditcResult {
  readonly answers: readonly [number, number, number];
  /** question 1 was «Aldri»: questions 2 and 3 were not asked and score 0 */
  readonly neverDrinks: boolean;
  readonly sex: Sex;
  readonly score: number;
  readonly positive: boolean;
  readonly cutoff: number;
  /** true when sex was not given and the lower cut-off was used */
  readonly lowerCutoffUsed: boolean;
  readonly interpretation: string;
  readonly followUp: readonly FollowUp[];
  readonly sources: readonly Citation[];
}

export function cutoffFor(config: AuditcConfig, sex: Sex): number {
  if (sex === 'male') return config.cutoffs.male;
  if (sex === 'female') return config.cutoffs.female;
  return Math.min(config.cutoffs.male, config.cutoffs.female);
}

export function scoreAuditc(
  config: AuditcConfig,
  answers: readonly number[],
  sex: Sex,
): AuditcResult {
  if (answers.length !== 3 || answers.some((a) => !Number.isInteger(a) || a < 0 || a > 4)) {
    throw new RangeError('AUDIT-C needs three answers of 0–4 points');
  }
  const [a1 = 0, given2 = 0, given3 = 0] = answers;
  // «Aldri» on question 1: questions 2 and 3 are about drinking days and score 0, whatever came.
  const neverDrinks = a1 === 0;
  const a2 = neverDrinks ? 0 : given2;
  const a3 = neverDrinks ? 0 : given3;
  const score = a1 + a2 + a3;
  const cutoff = cutoffFor(config, sex);
  const positive = score >= cutoff;
  return {
    answers: [a1, a2, a3],
    neverDrinks,
    sex,
    score,
    positive,
    cutoff,
    lowerCutoffUsed: sex === 'unknown' && config.cutoffs.male !== config.cutoffs.female,
    interpretation: positive ? config.interpretation.positive : config.interpretation.negative,
    followUp: positive ? config.followUp.positive : config.followUp.negative,
    sources: [
      ...config.wording.sources,
      ...config.cutoffs.sources,
      ...(neverDrinks ? config.neverDrinks.sources : []),
    ],
  };
}
