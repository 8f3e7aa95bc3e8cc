/**
 * knowledge/auditc.yaml: the three AUDIT-C questions in Norwegian with their answer options
 * (points 0–4 and LOINC answer codes), the cut-offs for a positive screen by sex, what a result
 * suggests and the follow-up — each with its source. Changing a cut-off is a data change.
 */
import { z } from 'zod';
import { citationSchema } from '../knowledge/schema.js';

const loincCode = z.string().regex(/^\d{1,7}-\d$/, 'must be a LOINC code like 68518-0');
const loincAnswer = z.string().regex(/^LA\d{1,6}-\d$/, 'must be a LOINC answer code like LA6270-8');

export const auditcAnswerSchema = z
  .object({
    points: z.number().int().min(0).max(4),
    text: z.string().trim().min(1),
    loinc: loincAnswer,
    /** the LOINC answer's English display */
    display: z.string().trim().min(1),
  })
  .strict();

export const auditcQuestionSchema = z
  .object({
    loinc: loincCode,
    /** LOINC's English display of the question */
    display: z.string().trim().min(5),
    text: z.string().trim().min(5),
    answers: z.array(auditcAnswerSchema).length(5),
  })
  .strict()
  .refine((q) => q.answers.every((a, i) => a.points === i), {
    message: 'answers must be in order with points 0, 1, 2, 3, 4',
    path: ['answers'],
  });

const followUpSchema = z
  .object({
    text: z.string().trim().min(10),
    sources: z.array(citationSchema).min(1),
    items: z.array(z.string()).default([]),
  })
  .strict();

export const auditcFileSchema = z
  .object({
    panel: z.object({ loinc: loincCode, display: z.string(), totalScoreLoinc: loincCode }).strict(),
    /** where the Norwegian wording comes from */
    wording: z
      .object({ note: z.string().min(10), sources: z.array(citationSchema).min(1) })
      .strict(),
    questions: z.array(auditcQuestionSchema).length(3),
    /**
     * Question 1 answered «Aldri»: questions 2 and 3 are about drinking days, so they are not
     * asked and score 0 — what the answer says about it, and its source.
     */
    neverDrinks: z
      .object({ note: z.string().trim().min(10), sources: z.array(citationSchema).min(1) })
      .strict(),
    cutoffs: z
      .object({
        male: z.number().int().min(1).max(12),
        female: z.number().int().min(1).max(12),
        note: z.string().trim().min(10),
        sources: z.array(citationSchema).min(1),
      })
      .strict(),
    interpretation: z
      .object({ positive: z.string().min(10), negative: z.string().min(10) })
      .strict(),
    followUp: z
      .object({
        positive: z.array(followUpSchema).min(1),
        negative: z.array(followUpSchema).min(1),
      })
      .strict(),
  })
  .strict();
export type AuditcConfig = z.infer<typeof auditcFileSchema>;
