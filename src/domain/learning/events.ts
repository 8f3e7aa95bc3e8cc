/**
 * What happens in an Opplæring sitting, as events for a learning record store (issue 17): a
 * module attempted, a question answered (right or not), the sitting passed or failed with its
 * score, and the module completed. Plain data: src/integrations/xapiStatements.ts turns them into
 * xAPI statements.
 *
 * An event holds only our own content (module and question ids and titles, the score) and a
 * pseudonymous learner reference: never a display name, an e-mail address or anything the
 * learner typed.
 */
import type { SittingResult } from './progress.js';
import type { LearningModule, LearningQuestion } from './schema.js';

/**
 * Who learns, pseudonymously: the Entra ID object id when the channel gives one (Teams), else the
 * channel's own user id (Web Chat: a random id kept by the browser, or derived from the sign-in).
 */
export type LearnerRef =
  | { readonly kind: 'entra'; readonly objectId: string }
  | { readonly kind: 'channel'; readonly channelId: string; readonly userId: string };

export interface ModuleRef {
  readonly id: string;
  readonly title: string;
}

export interface QuestionRef {
  readonly id: string;
  /** The question as we ask it (our text; the learner's reply is never part of an event). */
  readonly prompt: string;
}

export interface Score {
  /** Share right on the first try, 0..1. */
  readonly scaled: number;
  readonly right: number;
  readonly total: number;
}

interface EventBase {
  readonly module: ModuleRef;
  readonly at: Date;
  /** The knowledge-base version the module's content came from. */
  readonly kbVersion: string;
  /** One sitting's id (a UUID), shared by its events; absent for repetition. */
  readonly attempt?: string;
}

/**
 * How a question was answered: the first time in a sitting, the second time in a sitting (a
 * missed question comes once more at the end), or as spaced repetition after the module was passed.
 */
export type AnswerPhase = 'first-try' | 'retry' | 'repetition';

export type LearningEvent =
  /** A sitting started: the learner went from the lessons to the questions. */
  | (EventBase & { readonly kind: 'attempted' })
  | (EventBase & {
      readonly kind: 'answered';
      readonly question: QuestionRef;
      readonly right: boolean;
      readonly phase: AnswerPhase;
    })
  /** A sitting ended: passed at ≥ 80 % right on the first try, else failed. */
  | (EventBase & { readonly kind: 'passed' | 'failed'; readonly score: Score })
  /** The module's requirement is met (a passed sitting): the completion record. */
  | (EventBase & { readonly kind: 'completed'; readonly score: Score });

/**
 * Takes events for a learning record store. `record` returns at once and never throws: sending
 * happens in the background, and a learner's turn never waits for it or fails because of it.
 */
export interface LearningRecorder {
  record(learner: LearnerRef, event: LearningEvent): void;
}

export function moduleRef(module: LearningModule): ModuleRef {
  return { id: module.id, title: module.title };
}

export function questionRef(question: LearningQuestion): QuestionRef {
  return { id: question.id, prompt: question.prompt };
}

/**
 * The events at the end of a sitting: `passed` or `failed` with the score, and for a passed
 * sitting `completed` with the same score. A module that requires 80 % is completed only when
 * that is reached (the completion card the learner gets says the same); a failed sitting is
 * finished but not completed, so an LRS report of completions lists only those who met the
 * requirement.
 */
export function sittingEndEvents(
  module: LearningModule,
  r: SittingResult,
  base: { readonly at: Date; readonly kbVersion: string; readonly attempt?: string },
): LearningEvent[] {
  const common = { ...base, module: moduleRef(module) };
  const score: Score = { scaled: r.score, right: r.right, total: r.total };
  return r.passed
    ? [
        { ...common, kind: 'passed', score },
        { ...common, kind: 'completed', score },
      ]
    : [{ ...common, kind: 'failed', score }];
}
