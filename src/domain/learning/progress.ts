/**
 * A learner's progress through the modules (issue 17), as plain data kept in user state:
 * a sitting (the questions of one module, one at a time, missed ones asked again at the end),
 * the result (passed at ≥ 80 % right on the first try), and spaced repetition afterwards.
 *
 * Spaced repetition is a Leitner scheduler with three boxes: after a module is passed, up to
 * three of its questions (the ones missed first, then the rest in order) go into box 1, due a
 * day later. A right answer moves a question up a box (box 2 is due a week later, box 3 a month
 * later; right in box 3 and it is done); a wrong one sends it back to box 1, due the next day.
 * Roediger & Karpicke (2006) and Kerfoot et al. (2007, 2010) are why: retrieval and spacing.
 */
import type { LearningModule } from './schema.js';

export const PASS_SHARE = 0.8;
/** Days until a question in box 1, 2 and 3 is due again. */
export const BOX_DAYS = [1, 7, 30] as const;
/** How many questions of a passed module come back for repetition. */
export const REVIEW_QUESTIONS = 3;

const DAY = 86_400_000;

export interface ReviewCard {
  readonly moduleId: string;
  readonly questionId: string;
  /** 1–3: the Leitner box. */
  readonly box: number;
  readonly due: string;
}

export interface ModuleResult {
  readonly startedAt: string;
  readonly passedAt?: string;
  /** Share of questions right on the first try in the best sitting, 0..1. */
  readonly bestScore?: number;
  readonly attempts: number;
  /** The knowledge-base version the module was passed with (for the completion record). */
  readonly kbVersion?: string;
}

export interface LearnerProgress {
  readonly modules: Readonly<Record<string, ModuleResult>>;
  readonly reviews: readonly ReviewCard[];
  /** The learner may turn the daily nudge in Teams off (src/domain/learning/reminders.ts). */
  readonly nudges: boolean;
  /** The learner chose to let the manager view show their passed modules, with their name. */
  readonly shared?: boolean;
  /** Sittings not finished yet, by module: the learner goes on where they left off. */
  readonly open?: Readonly<Record<string, OpenSitting>>;
}

/** A sitting left unfinished (menu, another flow, a closed window), kept to go on with. */
export interface OpenSitting {
  readonly sitting: Sitting;
  /** The sitting's id in the learning records (xAPI registration), if any. */
  readonly attempt?: string;
}

export const emptyProgress: LearnerProgress = { modules: {}, reviews: [], nudges: true };

/** One sitting: the queue of question ids still to ask, and the first-try answers so far. */
export interface Sitting {
  readonly moduleId: string;
  readonly queue: readonly string[];
  /** Question id → right on the first try. */
  readonly firstTry: Readonly<Record<string, boolean>>;
  /** Questions asked again because they were missed (each once). */
  readonly retried: readonly string[];
}

export function startSitting(module: LearningModule): Sitting {
  return {
    moduleId: module.id,
    queue: module.questions.map((q) => q.id),
    firstTry: {},
    retried: [],
  };
}

/** The progress with this sitting kept as the module's unfinished one. */
export function keepOpen(
  progress: LearnerProgress,
  sitting: Sitting,
  attempt?: string,
): LearnerProgress {
  return {
    ...progress,
    open: { ...progress.open, [sitting.moduleId]: { sitting, ...(attempt ? { attempt } : {}) } },
  };
}

/**
 * The module's unfinished sitting, if it still fits the module (asks exactly its questions: a
 * module changed since is started afresh).
 */
export function openSitting(
  progress: LearnerProgress,
  module: LearningModule,
): OpenSitting | undefined {
  const open = progress.open?.[module.id];
  if (!open) return undefined;
  const asked = new Set([...open.sitting.queue, ...Object.keys(open.sitting.firstTry)]);
  const ids = module.questions.map((q) => q.id);
  const fits = asked.size === ids.length && ids.every((id) => asked.has(id));
  return fits && open.sitting.queue.length > 0 ? open : undefined;
}

/** Records the answer to the question at the head of the queue; a first miss is asked again at the end. */
export function answer(sitting: Sitting, right: boolean): Sitting {
  const [current, ...rest] = sitting.queue;
  if (current === undefined) return sitting;
  const first = !(current in sitting.firstTry);
  const firstTry = first ? { ...sitting.firstTry, [current]: right } : sitting.firstTry;
  const again = !right && !sitting.retried.includes(current);
  return {
    ...sitting,
    firstTry,
    queue: again ? [...rest, current] : rest,
    retried: again ? [...sitting.retried, current] : sitting.retried,
  };
}

export interface SittingResult {
  readonly score: number;
  readonly passed: boolean;
  readonly right: number;
  readonly total: number;
  readonly missed: readonly string[];
}

export function result(module: LearningModule, sitting: Sitting): SittingResult {
  const total = module.questions.length;
  const right = module.questions.filter((q) => sitting.firstTry[q.id] === true).length;
  const score = total === 0 ? 0 : right / total;
  return {
    score,
    passed: score >= PASS_SHARE,
    right,
    total,
    missed: module.questions.filter((q) => sitting.firstTry[q.id] === false).map((q) => q.id),
  };
}

const isoAfter = (now: Date, days: number): string =>
  new Date(now.getTime() + days * DAY).toISOString();

/** The progress after a finished sitting: the result kept, and repetition scheduled if passed. */
export function finishSitting(
  progress: LearnerProgress,
  module: LearningModule,
  sitting: Sitting,
  now: Date,
  kbVersion: string,
): LearnerProgress {
  const r = result(module, sitting);
  const before = progress.modules[module.id];
  const passedBefore = before?.passedAt !== undefined;
  const moduleResult: ModuleResult = {
    startedAt: before?.startedAt ?? now.toISOString(),
    attempts: (before?.attempts ?? 0) + 1,
    bestScore: Math.max(before?.bestScore ?? 0, r.score),
    ...(r.passed && !passedBefore
      ? { passedAt: now.toISOString(), kbVersion }
      : before?.passedAt
        ? {
            passedAt: before.passedAt,
            ...(before.kbVersion ? { kbVersion: before.kbVersion } : {}),
          }
        : {}),
  };
  let reviews = progress.reviews;
  if (r.passed && !passedBefore) {
    const order = [
      ...r.missed,
      ...module.questions.map((q) => q.id).filter((id) => !r.missed.includes(id)),
    ];
    const picked = order.slice(0, REVIEW_QUESTIONS);
    reviews = [
      ...reviews.filter((c) => c.moduleId !== module.id),
      ...picked.map((questionId) => ({
        moduleId: module.id,
        questionId,
        box: 1,
        due: isoAfter(now, BOX_DAYS[0]),
      })),
    ];
  }
  const open = { ...progress.open };
  delete open[module.id];
  return {
    ...progress,
    modules: { ...progress.modules, [module.id]: moduleResult },
    reviews,
    open,
  };
}

/** Repetition questions due now, the longest overdue first. */
export function dueReviews(progress: LearnerProgress, now: Date): ReviewCard[] {
  return progress.reviews
    .filter((c) => Date.parse(c.due) <= now.getTime())
    .sort((a, b) => Date.parse(a.due) - Date.parse(b.due));
}

/** Moves a repetition question up a box (right) or back to box 1 (wrong); done after box 3. */
export function recordReview(
  progress: LearnerProgress,
  moduleId: string,
  questionId: string,
  right: boolean,
  now: Date,
): LearnerProgress {
  const reviews: ReviewCard[] = [];
  for (const c of progress.reviews) {
    if (c.moduleId !== moduleId || c.questionId !== questionId) {
      reviews.push(c);
      continue;
    }
    if (!right) {
      reviews.push({ ...c, box: 1, due: isoAfter(now, BOX_DAYS[0]) });
    } else if (c.box < BOX_DAYS.length) {
      reviews.push({ ...c, box: c.box + 1, due: isoAfter(now, BOX_DAYS[c.box] ?? 30) });
    }
    // Right in the last box: learnt, no more repetition.
  }
  return { ...progress, reviews };
}
