/**
 * Helpers for tests of «Opplæring» (issue 17): the shipped modules, the answer to a question as a
 * user would type it or click it (the options are shown in a fixed shuffle), and the visible text
 * of the bot's cards.
 */
import type { LearningModule, LearningQuestion } from '../../src/domain/learning/schema.js';
import { displayOrder } from '../../src/presentation/learning.js';
import { testKnowledge, type Reply } from './transcript.js';

/** The shipped module at `index` in the module list (ordered by `order`). */
export async function learningModule(index = 0): Promise<LearningModule> {
  const m = (await testKnowledge()).kb.learning[index];
  if (!m) throw new Error(`no learning module at ${index}`);
  return m;
}

/** The right answer by the numbers shown (as a user may type it: «1, 3»). */
export function rightAnswer(q: LearningQuestion): string {
  return displayOrder(q)
    .flatMap((i, n) => (q.options[i]?.correct ? [String(n + 1)] : []))
    .join(', ');
}

/** One wrong option, by the number shown. */
export function wrongAnswer(q: LearningQuestion): string {
  const n = displayOrder(q).findIndex((i) => q.options[i]?.correct === false);
  return String(n + 1);
}

/** The texts of the right options, in the order they are shown. */
export function rightLabels(q: LearningQuestion): string[] {
  return displayOrder(q).flatMap((i) => (q.options[i]?.correct ? [q.options[i]?.text ?? ''] : []));
}

/** The text of one wrong option. */
export function wrongLabel(q: LearningQuestion): string {
  return q.options.find((o) => !o.correct)?.text ?? '';
}

/**
 * Every text a user sees in the replies: message texts, and in Adaptive Cards every text block,
 * fact and button title, one per line (no JSON escaping to trip a regex).
 */
export function visibleText(replies: readonly Reply[]): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    for (const key of ['text', 'title', 'value', 'label']) {
      const value = o[key];
      if (typeof value === 'string') out.push(value);
    }
    for (const [key, value] of Object.entries(o)) if (key !== 'data') walk(value);
  };
  for (const r of replies) {
    if (r.text) out.push(r.text);
    for (const a of r.attachments) walk(a.content);
  }
  return out.join('\n');
}
