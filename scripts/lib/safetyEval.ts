/**
 * The labelled acute-risk corpus (test/fixtures/safety/{dev,held-out}.yaml) and the figures
 * measured on it: recall of acute sentences per tier, false alarms on non-acute sentences and on
 * hard negatives per tier. Used by `npm run eval:safety` and by the CI threshold test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { AcuteRiskDetector, RiskTier } from '../../src/domain/safety/acuteRisk.js';

export const acuteConcepts = [
  'act-overdose',
  'act-hanging',
  'act-cutting',
  'act-other',
  'intent-method',
  'intent-suicide',
  'wish-to-die',
  'plan-preparation',
  'danger-place',
  'stated-acute-risk',
] as const;

export const hardReasons = [
  'routine-question',
  'guideline',
  'course',
  'statistics',
  'past-history',
  'negation',
  'figurative',
  'medication-normal',
  'other-context',
  'research',
] as const;

const sentenceSchema = z.discriminatedUnion('label', [
  z
    .object({ text: z.string().min(1), label: z.literal('acute'), concept: z.enum(acuteConcepts) })
    .strict(),
  z
    .object({
      text: z.string().min(1),
      label: z.literal('none'),
      kind: z.enum(['hard', 'ordinary']),
      why: z.enum(hardReasons).optional(),
    })
    .strict()
    .refine((s) => (s.kind === 'hard') === (s.why !== undefined), {
      message: 'a hard negative names its why; an ordinary one does not',
    }),
]);
export type LabelledSentence = z.infer<typeof sentenceSchema>;

const corpusSchema = z.object({ sentences: z.array(sentenceSchema).min(1) }).strict();

export const corpusParts = ['dev', 'held-out'] as const;
export type CorpusPart = (typeof corpusParts)[number];

export const corpusDir = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  'test',
  'fixtures',
  'safety',
);

/** The part's sentences: held-out.yaml, or every dev*.yaml file (dev.yaml, dev-2.yaml, …). */
export function loadCorpus(part: CorpusPart): LabelledSentence[] {
  const files =
    part === 'held-out'
      ? ['held-out.yaml']
      : readdirSync(corpusDir)
          .filter((f) => /^dev(-\d+)?\.yaml$/.test(f))
          .sort();
  return files.flatMap((name) => {
    const file = path.join(corpusDir, name);
    const result = corpusSchema.safeParse(parseYaml(readFileSync(file, 'utf8')));
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new Error(`${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    return result.data.sentences;
  });
}

export interface Miss {
  readonly text: string;
  readonly expected: 'acute' | 'none';
  readonly got: RiskTier;
  readonly detail: string;
}

export interface Figures {
  readonly acute: number;
  readonly nonAcute: number;
  readonly hard: number;
  /** Share of acute sentences that reached the acute tier. */
  readonly recallAcute: number;
  /** Share of acute sentences that reached the acute or the possible tier. */
  readonly recallAny: number;
  /** Share of non-acute sentences that got the acute tier / any tier. */
  readonly falseAcute: number;
  readonly falseAny: number;
  /** The same over hard negatives only. */
  readonly hardFalseAcute: number;
  readonly hardFalseAny: number;
  /** Acute sentences below the acute tier, and non-acute sentences above none. */
  readonly misses: readonly Miss[];
}

const share = (n: number, of: number): number => (of === 0 ? 0 : n / of);

export function evaluate(
  detector: AcuteRiskDetector,
  sentences: readonly LabelledSentence[],
): Figures {
  let acute = 0;
  let acuteTier = 0;
  let anyTier = 0;
  let nonAcute = 0;
  let hard = 0;
  let falseAcute = 0;
  let falseAny = 0;
  let hardFalseAcute = 0;
  let hardFalseAny = 0;
  const misses: Miss[] = [];
  for (const s of sentences) {
    const a = detector.assess(s.text);
    const detail = a.rules.length > 0 ? `${a.rules.join(',')} «${a.because ?? ''}»` : '';
    if (s.label === 'acute') {
      acute++;
      if (a.tier === 'acute') acuteTier++;
      if (a.tier !== 'none') anyTier++;
      if (a.tier !== 'acute') {
        misses.push({
          text: s.text,
          expected: 'acute',
          got: a.tier,
          detail: `${s.concept} ${detail}`,
        });
      }
    } else {
      nonAcute++;
      const isHard = s.kind === 'hard';
      if (isHard) hard++;
      if (a.tier === 'acute') {
        falseAcute++;
        if (isHard) hardFalseAcute++;
      }
      if (a.tier !== 'none') {
        falseAny++;
        if (isHard) hardFalseAny++;
        misses.push({
          text: s.text,
          expected: 'none',
          got: a.tier,
          detail: `${s.why ?? s.kind} ${detail}`,
        });
      }
    }
  }
  return {
    acute,
    nonAcute,
    hard,
    recallAcute: share(acuteTier, acute),
    recallAny: share(anyTier, acute),
    falseAcute: share(falseAcute, nonAcute),
    falseAny: share(falseAny, nonAcute),
    hardFalseAcute: share(hardFalseAcute, hard),
    hardFalseAny: share(hardFalseAny, hard),
    misses,
  };
}

/** The thresholds CI holds the held-out part to (issue 10). */
export const thresholds = {
  recallAny: 0.98,
  recallAcute: 0.9,
  hardFalseAcute: 0.05,
  falseAny: 0.15,
} as const;
