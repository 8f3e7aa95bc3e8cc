/**
 * The learner behind a turn, pseudonymously, for Opplæring's learning records: the Entra ID
 * object id when the channel gives one (Teams), else the channel's user id (the Web Chat page keeps
 * the random one it was given, or it is derived from the sign-in). Never the display name or
 * anything the user typed.
 */
import type { TurnContext } from '../src/channel/sdk.js';
import type { LearnerRef } from '../src/domain/learning/events.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function learnerOf(context: TurnContext): LearnerRef | undefined {
  const from = context.activity.from as { id?: unknown; aadObjectId?: unknown } | undefined;
  // Only Teams vouches for an Entra ID object id; elsewhere a client could claim anyone's.
  const teams = context.activity.channelId === 'msteams';
  if (teams && typeof from?.aadObjectId === 'string' && GUID.test(from.aadObjectId)) {
    return { kind: 'entra', objectId: from.aadObjectId.toLowerCase() };
  }
  const userId = typeof from?.id === 'string' ? from.id.trim() : '';
  if (userId === '' || userId.length > 256) return undefined;
  return { kind: 'channel', channelId: context.activity.channelId, userId };
}
