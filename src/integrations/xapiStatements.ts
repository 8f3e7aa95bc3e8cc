/**
 * Opplæring events (src/domain/learning/events.ts) as xAPI 1.0.3 statements. Pure: the id and
 * nothing else is generated here, and the id is fixed when the statement is built, so a resend
 * of the same statement is idempotent at the LRS.
 *
 * - actor: an Agent with only an `account` (homePage + pseudonymous id): no name, mbox or openid
 * - verb: ADL's attempted, answered, passed, failed, completed
 * - object: the module (<base>/learning/modules/<id>, type module) or the question
 *   (<module>/questions/<id>, type cmi.interaction, choice), named in nb-NO
 * - result: success on answered/passed/failed, score (scaled 0..1, raw right of max) on
 *   passed/failed/completed, completion on completed; never a response (the learner's answer)
 * - context: platform Fagstøtte, language nb-NO, the sitting as registration, the module as
 *   parent of a question, and the knowledge-base version (and how a question was answered) as
 *   extensions
 */
import { randomUUID } from 'node:crypto';
import type { Statement } from '@xapi/xapi';
import type { LearnerRef, LearningEvent } from '../domain/learning/events.js';

export interface StatementSettings {
  /** account.homePage of a learner known by an Entra ID object id. */
  readonly actorHomePage: string;
  /** Base of activity ids and extension IRIs, without a trailing slash. */
  readonly activityBase: string;
}

const ADL_VERB = 'http://adlnet.gov/expapi/verbs/';
const VERB_NAMES = {
  attempted: 'attempted',
  answered: 'answered',
  passed: 'passed',
  failed: 'failed',
  completed: 'completed',
} as const satisfies Record<LearningEvent['kind'], string>;

export const ACTIVITY_TYPE = {
  module: 'http://adlnet.gov/expapi/activities/module',
  question: 'http://adlnet.gov/expapi/activities/cmi.interaction',
} as const;

export const PLATFORM = 'Fagstøtte';
export const LANGUAGE = 'nb-NO';

/** Extension IRIs, under the activity base. */
export function extensionIds(activityBase: string) {
  const base = `${activityBase}/xapi/extensions`;
  return {
    kbVersion: `${base}/kb-version`,
    answerPhase: `${base}/answer-phase`,
  } as const;
}

export function moduleActivityId(activityBase: string, moduleId: string): string {
  return `${activityBase}/learning/modules/${encodeURIComponent(moduleId)}`;
}

export function questionActivityId(
  activityBase: string,
  moduleId: string,
  questionId: string,
): string {
  return `${moduleActivityId(activityBase, moduleId)}/questions/${encodeURIComponent(questionId)}`;
}

/** The xAPI actor: an account only, never a name or an e-mail address. */
export function actorOf(learner: LearnerRef, settings: StatementSettings) {
  return learner.kind === 'entra'
    ? {
        objectType: 'Agent' as const,
        account: { homePage: settings.actorHomePage, name: learner.objectId.toLowerCase() },
      }
    : {
        // A channel's own user id (Web Chat) is Fagstøtte's, not Entra ID's: its own home page.
        objectType: 'Agent' as const,
        account: {
          homePage: `${settings.activityBase}/channels/${encodeURIComponent(learner.channelId)}`,
          name: learner.userId,
        },
      };
}

export function toStatement(
  learner: LearnerRef,
  event: LearningEvent,
  settings: StatementSettings,
  id: string = randomUUID(),
): Statement {
  const base = settings.activityBase;
  const ext = extensionIds(base);
  const moduleActivity = {
    objectType: 'Activity' as const,
    id: moduleActivityId(base, event.module.id),
    definition: {
      type: ACTIVITY_TYPE.module,
      name: { [LANGUAGE]: event.module.title },
    },
  };
  const extensions: Record<string, unknown> = { [ext.kbVersion]: event.kbVersion };
  const context: NonNullable<Statement['context']> = {
    platform: PLATFORM,
    language: LANGUAGE,
    ...(event.attempt ? { registration: event.attempt } : {}),
    extensions,
  };
  const statement = {
    id,
    actor: actorOf(learner, settings),
    verb: {
      id: `${ADL_VERB}${VERB_NAMES[event.kind]}`,
      display: { 'en-US': VERB_NAMES[event.kind] },
    },
    timestamp: event.at.toISOString(),
    context,
  };
  const score = (s: { scaled: number; right: number; total: number }) => ({
    // xAPI requires -1..1; ours is a share.
    scaled: Math.min(1, Math.max(0, s.scaled)),
    // raw/min/max only with a real range (xAPI requires max > min).
    ...(s.total > 0 ? { raw: s.right, min: 0, max: s.total } : {}),
  });
  switch (event.kind) {
    case 'attempted':
      return { ...statement, object: moduleActivity };
    case 'answered':
      extensions[ext.answerPhase] = event.phase;
      return {
        ...statement,
        object: {
          objectType: 'Activity',
          id: questionActivityId(base, event.module.id, event.question.id),
          definition: {
            type: ACTIVITY_TYPE.question,
            name: { [LANGUAGE]: event.question.prompt },
            interactionType: 'choice',
          },
        },
        result: { success: event.right },
        context: {
          ...context,
          contextActivities: { parent: [{ objectType: 'Activity', id: moduleActivity.id }] },
        },
      };
    case 'passed':
    case 'failed':
      return {
        ...statement,
        object: moduleActivity,
        result: { score: score(event.score), success: event.kind === 'passed' },
      };
    case 'completed':
      return {
        ...statement,
        object: moduleActivity,
        result: { score: score(event.score), success: true, completion: true },
      };
  }
}
