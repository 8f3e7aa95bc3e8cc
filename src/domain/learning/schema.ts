/**
 * Learning modules (knowledge/learning/*.yaml, issue 17): short lessons and retrieval questions
 * for new employees, each resting on knowledge items. A question stores, per item it tests, the
 * content hash of the item as it was when a content owner approved the question; when the item
 * changes, `npm run kb:check` fails until the question is reviewed and approved again
 * (`npm run learning:approve`), so the questions cannot drift from the rules.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { kebabId, type KnowledgeItem } from '../knowledge/schema.js';

/** A module asks at least this many questions (fewer say too little to pass or fail on). */
export const MIN_QUESTIONS = 6;

/** At most this many lines in a lesson: short enough to read on a ward. */
export const MAX_LESSON_LINES = 6;

const lessonSchema = z
  .object({
    id: kebabId,
    title: z.string().trim().min(3).max(80),
    /** ≤ 6 lines of Markdown (bullets allowed). */
    text: z
      .string()
      .trim()
      .min(20)
      .max(700)
      .refine((t) => t.split('\n').filter((l) => l.trim() !== '').length <= MAX_LESSON_LINES, {
        message: `must be at most ${MAX_LESSON_LINES} lines`,
      }),
    /** The knowledge items the lesson rests on (their sources are shown with it). */
    items: z.array(z.string().min(1)).min(1),
  })
  .strict();

const optionSchema = z
  .object({
    text: z.string().trim().min(1).max(200),
    correct: z.boolean().default(false),
  })
  .strict();

const questionSchema = z
  .object({
    id: kebabId,
    /** single: one correct option; multiple: one or more; case: a short case, one correct. */
    kind: z.enum(['single', 'multiple', 'case']),
    /** The case, for kind «case» (no patient identity: a made-up, general situation). */
    case: z.string().trim().min(20).max(500).optional(),
    prompt: z.string().trim().min(5).max(300),
    options: z.array(optionSchema).min(2).max(6),
    /** Why the correct answer is correct (shown after answering, with the items' sources). */
    feedback: z.string().trim().min(20).max(600),
    /** The knowledge items the question tests. */
    items: z.array(z.string().min(1)).min(1),
    /** Per item: its content hash when a content owner approved the question. */
    approved: z.record(z.string(), z.string().regex(/^[0-9a-f]{16}$/, 'must be a content hash')),
  })
  .strict()
  .superRefine((q, ctx) => {
    const correct = q.options.filter((o) => o.correct).length;
    if (q.kind === 'multiple' ? correct < 1 : correct !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message:
          q.kind === 'multiple'
            ? 'a multiple-choice question needs at least one correct option'
            : `a ${q.kind} question needs exactly one correct option`,
      });
    }
    if (q.kind === 'case' && !q.case) {
      ctx.addIssue({ code: 'custom', path: ['case'], message: 'a case question needs its case' });
    }
    const texts = q.options.map((o) => o.text.toLowerCase());
    if (new Set(texts).size !== texts.length) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'options must differ' });
    }
  });

export const learningModuleSchema = z
  .object({
    id: kebabId,
    title: z.string().trim().min(3).max(60),
    description: z.string().trim().min(10).max(300),
    /** Other names a user may type to choose the module («selvmord», «audit-c»). */
    synonyms: z.array(z.string().trim().min(3).max(40)).max(10).default([]),
    /** Order in the module list. */
    order: z.number().int().min(1).max(99),
    lessons: z.array(lessonSchema).min(3).max(6),
    questions: z.array(questionSchema).min(MIN_QUESTIONS).max(12),
  })
  .strict()
  .superRefine((m, ctx) => {
    for (const [field, list] of [
      ['lessons', m.lessons],
      ['questions', m.questions],
    ] as const) {
      const seen = new Set<string>();
      list.forEach((x, i) => {
        if (seen.has(x.id)) {
          ctx.addIssue({
            code: 'custom',
            path: [field, i, 'id'],
            message: `duplicate id "${x.id}"`,
          });
        }
        seen.add(x.id);
      });
    }
  });
export type LearningModule = z.infer<typeof learningModuleSchema>;
export type LearningQuestion = LearningModule['questions'][number];
export type Lesson = LearningModule['lessons'][number];

/**
 * A short fingerprint of what an item says and cites: the title, summary, body and sources. A
 * change to any of them changes the hash; ids, keywords and audience do not.
 */
export function itemContentHash(item: KnowledgeItem): string {
  const content = JSON.stringify([item.title, item.summary, item.body, item.sources]);
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

/** A question whose approval no longer matches its items (or does not name each item once). */
export interface StaleQuestion {
  readonly module: string;
  readonly question: string;
  readonly items: readonly string[];
}

export function staleQuestions(
  modules: readonly LearningModule[],
  itemsById: ReadonlyMap<string, KnowledgeItem>,
): StaleQuestion[] {
  const stale: StaleQuestion[] = [];
  for (const m of modules) {
    for (const q of m.questions) {
      const changed = q.items.filter((id) => {
        const item = itemsById.get(id);
        return !item || q.approved[id] !== itemContentHash(item);
      });
      const extra = Object.keys(q.approved).filter((id) => !q.items.includes(id));
      if (changed.length > 0 || extra.length > 0) {
        stale.push({ module: m.id, question: q.id, items: [...changed, ...extra] });
      }
    }
  }
  return stale;
}

/**
 * The modules as they may be taught: without the questions not approved for their items as they
 * are now (new, or an item changed since). `kb:check` fails on those; a server started anyway
 * does not ask them until a content owner has approved them (`withheld` says which).
 */
export function approvedModules(
  modules: readonly LearningModule[],
  itemsById: ReadonlyMap<string, KnowledgeItem>,
): { modules: LearningModule[]; withheld: StaleQuestion[] } {
  const withheld = staleQuestions(modules, itemsById);
  const out = new Set(withheld.map((w) => `${w.module}/${w.question}`));
  const served = modules.map((m) => ({
    ...m,
    questions: m.questions.filter((q) => !out.has(`${m.id}/${q.id}`)),
  }));
  // A module left with fewer than MIN_QUESTIONS is not taught at all until it is approved again:
  // passing or failing on one or two questions would document nothing.
  return {
    modules: served.filter((m) => m.questions.length >= MIN_QUESTIONS),
    withheld,
  };
}
