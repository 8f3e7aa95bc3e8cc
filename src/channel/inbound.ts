/**
 * Inbound middleware, run before the bot sees a message:
 * 1. Teams @mention of the bot is stripped from the text (channel and group messages).
 * 2. An Adaptive Card submit `{ text }` (zod-validated) becomes the message text, so buttons,
 *    suggested actions and typing share one path.
 * 3. Privacy guard: a valid fødselsnummer / D-nummer is masked in the activity before anything
 *    else (dialogs, state, logs) can see it, and the user is warned. It is never echoed.
 * Logs one line per turn without message text.
 */
import { randomUUID } from 'node:crypto';
import { ActivityTypes, TurnContext, type Middleware } from 'botbuilder';
import { z } from 'zod';
import {
  containsPatientId,
  maskPatientIds,
  maskPatientIdsDeep,
} from '../domain/safety/patientId.js';
import type { Texts } from '../presentation/texts.js';
import { withCorrelationId, type Logger } from '../shared/logger.js';
import { turnEvents, type Metrics } from '../shared/metrics.js';

/**
 * What our Adaptive Cards submit. Extra fields (e.g. msteams) are allowed and ignored. A
 * multi-select card submits the ticked labels joined by commas: up to six Opplæring options of
 * 200 characters each (src/domain/learning/schema.ts), so the bound leaves room for that.
 */
export const cardSubmitSchema = z.looseObject({ text: z.string().trim().min(1).max(1500) });

function containsDeep(value: unknown): boolean {
  if (typeof value === 'string') return containsPatientId(value);
  if (Array.isArray(value)) return value.some(containsDeep);
  if (value && typeof value === 'object') return Object.values(value).some(containsDeep);
  return false;
}

export function createInboundMiddleware(deps: {
  texts: Texts;
  logger: Logger;
  metrics?: Metrics;
}): Middleware {
  return {
    onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      // One correlation id per turn on every log line of it; never derived from the content.
      return withCorrelationId(randomUUID(), () => timed(context, next));
    },
  };

  /** The turn, timed, with what the dialogs noted counted (no content). */
  async function timed(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const started = performance.now();
    let failed = false;
    try {
      await inspect(context, next);
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      if (context.activity.type === String(ActivityTypes.Message)) {
        deps.metrics?.turn(turnEvents(context), (performance.now() - started) / 1000, failed);
      }
    }
  }

  async function inspect(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    // The user's display name comes back as the recipient of every reply: never a number.
    if (activity.from?.name) activity.from.name = maskPatientIds(activity.from.name);
    if (activity.type === String(ActivityTypes.Message)) {
      if (activity.entities?.some((e) => e.type === 'mention')) {
        activity.text = TurnContext.removeRecipientMention(activity) ?? activity.text;
      }
      activity.text = (activity.text ?? '').trim();
      if (activity.text === '' && activity.value !== undefined) {
        const submit = cardSubmitSchema.safeParse(activity.value);
        if (submit.success) activity.text = submit.data.text;
      }
      if (containsPatientId(activity.text) || containsDeep(activity.value)) {
        activity.text = maskPatientIds(activity.text);
        if (activity.value !== undefined) activity.value = maskPatientIdsDeep(activity.value);
        deps.logger.warn('Patient identifier typed by user: masked and user warned', {
          channelId: activity.channelId,
        });
        await context.sendActivity(
          deps.texts.render('patient-id-warning', { teams: activity.channelId === 'msteams' }),
        );
      }
    }
    deps.logger.info('turn', {
      channelId: activity.channelId,
      type: activity.type,
      conversationType: activity.conversation?.conversationType,
      textLength: activity.text?.length ?? 0,
    });
    await next();
  }
}
