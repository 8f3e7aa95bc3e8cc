/**
 * POST /api/messages: the Bot Framework messaging endpoint (Azure Bot Service, Teams).
 * The envelope is validated with zod before the adapter sees it; errors are JSON without internals.
 */
import type { Server } from 'restify';
import { z } from 'zod';
import type { Activity } from '../channel/sdk.js';
import type { BotRuntime } from '../channel/runtime.js';
import { fieldPath, sendError } from './errors.js';
import { maskPatientIds } from '../domain/safety/patientId.js';

const channelAccount = z.looseObject({
  id: z.string().min(1).max(512),
  name: z.string().max(512).optional(),
});

/** Entities the SDK reads: a mention must say who is mentioned and how (the SDK assumes both). */
const entity = z
  .looseObject({
    type: z.string().min(1).max(128),
    text: z.string().max(2000).optional(),
    mentioned: z.looseObject({ id: z.string() }).optional(),
  })
  .refine((e) => e.type !== 'mention' || (e.text !== undefined && e.mentioned !== undefined), {
    message: 'a mention needs text and mentioned.id',
  });

/** The fields every Bot Framework activity must carry; everything else passes through. */
export const activityEnvelopeSchema = z.looseObject({
  type: z.string().min(1, 'type must not be empty'),
  channelId: z.string().min(1),
  serviceUrl: z.string().min(1),
  conversation: z.looseObject({ id: z.string().min(1) }),
  from: channelAccount,
  recipient: channelAccount.optional(),
  text: z.string().max(20000).optional(),
  name: z.string().max(256).optional(),
  entities: z.array(entity).max(50).optional(),
  membersAdded: z.array(channelAccount).max(100).optional(),
  membersRemoved: z.array(channelAccount).max(100).optional(),
});

export function registerMessages(
  server: Server,
  runtime: Pick<BotRuntime, 'handleChannelActivity'>,
): void {
  server.post('/api/messages', async (req, res) => {
    const parsed = activityEnvelopeSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = fieldPath(issue?.path ?? []);
      sendError(
        res,
        400,
        'bad_request',
        maskPatientIds(`Invalid activity: ${field}: ${issue?.message ?? 'invalid'}`),
      );
      return;
    }
    // Display names come back in every reply (from.name as recipient.name): never a number,
    // whatever the activity type and whether or not the turn gets far.
    const activity = parsed.data;
    activity.from.name &&= maskPatientIds(activity.from.name);
    if (activity.recipient) activity.recipient.name &&= maskPatientIds(activity.recipient.name);
    const conversationName: unknown = activity.conversation.name;
    if (typeof conversationName === 'string') {
      activity.conversation.name = maskPatientIds(conversationName);
    }
    const outcome = await runtime.handleChannelActivity(
      req.header('authorization', ''),
      activity as unknown as Activity,
    );
    if (outcome.body !== undefined) {
      res.send(outcome.status, outcome.body);
    } else if (outcome.status === 501 && parsed.data.type === 'invoke') {
      // The SDK answers an invoke it has no handler for with 501 and no body; say which.
      const name = typeof parsed.data.name === 'string' ? parsed.data.name : '';
      sendError(
        res,
        501,
        'not_implemented',
        `This bot does not handle the invoke "${maskPatientIds(name.slice(0, 100))}"`,
      );
    } else if (outcome.status >= 400) {
      sendError(res, outcome.status, 'error', 'The activity was not processed');
    } else {
      res.send(outcome.status);
    }
  });
}
