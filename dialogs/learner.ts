/**
 * The learner behind a turn, pseudonymously, for Opplæring's learning records: the Entra ID
 * object id when the channel gives one (Teams), else the channel's user id (the Web Chat page keeps
 * the random one it was given, or it is derived from the sign-in). Never the display name or
 * anything the user typed.
 */
import type { TurnContext } from '../src/channel/sdk.js';
import type { LearnerRef } from '../src/domain/learning/events.js';
import { teamsObjectId } from '../src/channel/messenger.js';

export function learnerOf(context: TurnContext): LearnerRef | undefined {
  const objectId = teamsObjectId(context);
  if (objectId) return { kind: 'entra', objectId };
  const from = context.activity.from as { id?: unknown } | undefined;
  const userId = typeof from?.id === 'string' ? from.id.trim() : '';
  if (userId === '' || userId.length > 256) return undefined;
  return { kind: 'channel', channelId: context.activity.channelId, userId };
}
