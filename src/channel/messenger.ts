/**
 * Outbound messages the bot starts itself (issue 16): a new thread in a Teams channel, a message
 * to a 1:1 chat or a thread, a refreshed card. Every Bot Connector call of the application goes
 * through the small `Messenger` interface below, which speaks plain data only, so the domain can
 * use it without Bot Framework types and a move to the Microsoft 365 Agents SDK replaces this
 * file, not its callers.
 *
 * The Bot Framework implementation uses CloudAdapter's proactive API (continueConversationAsync),
 * so every call goes through the adapter's connector factory: the same credentials, client reuse
 * and outbound timeout (OUTBOUND_TIMEOUT_MS) as a reply in a turn.
 */
import {
  CardFactory,
  type Activity,
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { GUID } from '../shared/config.js';
import type { Logger } from '../shared/logger.js';

/** A conversation the bot can write to later: plain data, safe to store (no tokens). */
export interface ConversationRef {
  readonly channelId: string; // 'msteams', 'directline', …
  readonly serviceUrl: string;
  readonly conversationId: string; // Teams channel: the channel's conversation id; a thread: the thread id
  readonly botId: string; // the bot's id in that channel (activity.recipient.id)
  readonly tenantId?: string;
  readonly teamsChannelId?: string; // channelData.channel.id, for a Teams channel
  readonly userId?: string; // the user's id in a 1:1 chat (activity.from.id)
}

export interface OutgoingMessage {
  readonly text?: string;
  /** An Adaptive Card (JSON), sent as one attachment. */
  readonly card?: object;
}

export interface Messenger {
  /** Starts a new thread in a Teams channel with this message. */
  startThread(
    channel: ConversationRef,
    message: OutgoingMessage,
  ): Promise<{ thread: ConversationRef; activityId: string }>;
  /** Sends a message to an existing conversation (a 1:1 chat, a thread). */
  send(to: ConversationRef, message: OutgoingMessage): Promise<{ activityId: string }>;
  /** Replaces a message sent earlier (e.g. a refreshed card). */
  update(to: ConversationRef, activityId: string, message: OutgoingMessage): Promise<void>;
}

export type MessengerOperation = 'startThread' | 'send' | 'update';

/**
 * A Bot Connector call that failed. The message names the operation and the reason (an HTTP
 * status, a timeout, an error code), never the message content, and no cause is attached (the
 * SDK's error holds the request, body included).
 */
export class MessengerError extends Error {
  constructor(
    readonly operation: MessengerOperation,
    /** what went wrong, without content: 'HTTP 500', 'timed out', 'ECONNREFUSED', … */
    readonly reason: string,
    /** the channel's HTTP status, when it answered */
    readonly statusCode?: number,
  ) {
    super(`Messenger ${operation} failed: ${reason}`);
    this.name = 'MessengerError';
  }

  /** true when the channel did not answer within the outbound timeout */
  get timedOut(): boolean {
    return this.reason === 'timed out';
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The reference to write back to the conversation an activity came from. A Teams channel message
 * gives the thread it was posted in (conversationId) and the channel (teamsChannelId); a 1:1 chat
 * also gives the user (userId). Throws when the activity lacks what a reply needs.
 */
export function conversationRefFrom(activity: Activity): ConversationRef {
  const channelData = activity.channelData as
    { tenant?: { id?: unknown }; channel?: { id?: unknown } } | undefined;
  const channelId = text(activity.channelId);
  const serviceUrl = text(activity.serviceUrl);
  const conversationId = text(activity.conversation?.id);
  const botId = text(activity.recipient?.id);
  const missing = Object.entries({ channelId, serviceUrl, conversationId, botId })
    .filter(([, v]) => v === undefined)
    .map(([k]) => k);
  if (!channelId || !serviceUrl || !conversationId || !botId) {
    throw new Error(`conversationRefFrom: the activity has no ${missing.join(', ')}`);
  }
  const tenantId = text(activity.conversation?.tenantId) ?? text(channelData?.tenant?.id);
  const teamsChannelId = text(channelData?.channel?.id);
  const type = activity.conversation?.conversationType;
  const group =
    activity.conversation?.isGroup === true ||
    type === 'channel' ||
    type === 'groupChat' ||
    teamsChannelId !== undefined;
  const userId = group ? undefined : text(activity.from?.id);
  return {
    channelId,
    serviceUrl,
    conversationId,
    botId,
    ...(tenantId ? { tenantId } : {}),
    ...(teamsChannelId ? { teamsChannelId } : {}),
    ...(userId ? { userId } : {}),
  };
}

/** A reference as the domain stores it: a plain record of strings. */
export function storedRef(ref: ConversationRef): Readonly<Record<string, string>> {
  return Object.fromEntries(
    Object.entries(ref).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

/** A stored reference back (it was made by storedRef). */
export function refFromStored(ref: Readonly<Record<string, string>>): ConversationRef {
  return ref as unknown as ConversationRef;
}

/**
 * The sender's Entra ID object id (lower-cased), when Teams gives a well-formed one. Only Teams
 * vouches for it: in any other channel a client could claim anyone's, so there it is undefined.
 */
export function teamsObjectId(context: TurnContext): string | undefined {
  const from = context.activity.from as { aadObjectId?: unknown } | undefined;
  const id = from?.aadObjectId;
  return context.activity.channelId === 'msteams' && typeof id === 'string' && GUID.test(id)
    ? id.toLowerCase()
    : undefined;
}

/**
 * Who sent the activity: a stable key (the Entra ID object id in Teams, the channel's user id
 * elsewhere, lower-cased) and the display name the channel gave, if any (staff, never a patient).
 */
export function personFrom(context: TurnContext): { key: string; name?: string } {
  const from = context.activity.from as { id: string; name?: string; aadObjectId?: string };
  const name = from.name?.trim();
  // Only Teams vouches for an Entra ID object id; elsewhere a client could claim anyone's.
  const objectId = context.activity.channelId === 'msteams' ? from.aadObjectId : undefined;
  return { key: (objectId ?? from.id).toLowerCase(), ...(name ? { name } : {}) };
}

/** The SDK's reference for a stored ref (what continueConversationAsync needs). */
function toReference(ref: ConversationRef): Partial<ConversationReference> {
  const group = ref.teamsChannelId !== undefined;
  return {
    channelId: ref.channelId,
    serviceUrl: ref.serviceUrl,
    conversation: {
      id: ref.conversationId,
      isGroup: group,
      ...(ref.teamsChannelId ? { conversationType: 'channel' } : {}),
      ...(ref.tenantId ? { tenantId: ref.tenantId } : {}),
    } as ConversationReference['conversation'],
    bot: { id: ref.botId } as ConversationReference['bot'],
    ...(ref.userId ? { user: { id: ref.userId } as ConversationReference['user'] } : {}),
  };
}

function toActivity(operation: MessengerOperation, message: OutgoingMessage): Partial<Activity> {
  if (!message.text && !message.card) throw new MessengerError(operation, 'empty message');
  return {
    type: 'message',
    ...(message.text ? { text: message.text } : {}),
    ...(message.card ? { attachments: [CardFactory.adaptiveCard(message.card)] } : {}),
  };
}

/** Why a call failed, in words that carry no content (status, timeout, error code or name). */
function reasonOf(err: unknown): { reason: string; statusCode?: number } {
  const e = (err ?? {}) as { statusCode?: unknown; code?: unknown; name?: unknown };
  if (typeof e.statusCode === 'number' && e.statusCode > 0) {
    return { reason: `HTTP ${e.statusCode}`, statusCode: e.statusCode };
  }
  // The outbound timeout aborts the request (core-rest-pipeline: an AbortError); nothing else
  // aborts these calls.
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return { reason: 'timed out' };
  const safe = (v: unknown): v is string =>
    typeof v === 'string' && /^[A-Za-z_][\w.-]{0,63}$/.test(v);
  if (safe(e.code)) return { reason: e.code };
  if (safe(e.name) && e.name !== 'Error') return { reason: e.name };
  return { reason: 'error' };
}

/** The Bot Framework (Bot Connector) implementation. `appId` is '' when the bot has none. */
export function createBotConnectorMessenger(
  adapter: CloudAdapter,
  appId: string,
  logger: Logger,
): Messenger {
  /**
   * Runs `work` in a proactive turn for `to` and returns its result. Errors are caught inside
   * the turn: thrown out of it they would reach the adapter's onTurnError (which apologises to
   * the user and resets the conversation) instead of the caller.
   */
  async function proactive<T>(
    operation: MessengerOperation,
    to: ConversationRef,
    work: (context: TurnContext) => Promise<T>,
  ): Promise<T> {
    const started = performance.now();
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    try {
      await adapter.continueConversationAsync(appId, toReference(to), async (context) => {
        try {
          outcome = { ok: true, value: await work(context) };
        } catch (error) {
          outcome = { ok: false, error };
        }
      });
    } catch (error) {
      outcome = { ok: false, error };
    }
    const ms = Math.round(performance.now() - started);
    if (outcome?.ok) {
      logger.debug('Bot Connector call', { operation, channelId: to.channelId, ms });
      return outcome.value;
    }
    const failure =
      outcome === undefined
        ? { reason: 'the turn did not run' }
        : outcome.error instanceof MessengerError
          ? { reason: outcome.error.reason, statusCode: outcome.error.statusCode }
          : reasonOf(outcome.error);
    logger.warn('Bot Connector call failed', {
      operation,
      channelId: to.channelId,
      reason: failure.reason,
      ms,
    });
    throw new MessengerError(operation, failure.reason, failure.statusCode);
  }

  return {
    async startThread(channel, message) {
      const teamsChannelId = channel.teamsChannelId;
      if (!teamsChannelId) throw new MessengerError('startThread', 'not a Teams channel');
      const parameters = {
        isGroup: true,
        bot: { id: channel.botId },
        channelData: {
          channel: { id: teamsChannelId },
          ...(channel.tenantId ? { tenant: { id: channel.tenantId } } : {}),
        },
        activity: toActivity('startThread', message),
        ...(channel.tenantId ? { tenantId: channel.tenantId } : {}),
      } as ConversationParameters;
      // Not createConversationAsync: it drops the activityId of the channel's answer (the
      // turn it runs carries the new conversation id only). The client here is the one it
      // would use: the adapter's, from the same connector factory.
      const created = await proactive('startThread', channel, (context) => {
        const client = context.turnState.get<ConnectorClient | undefined>(
          context.adapter.ConnectorClientKey,
        );
        if (!client) throw new MessengerError('startThread', 'no connector client');
        return client.conversations.createConversation(parameters);
      });
      const conversationId = text(created.id);
      if (!conversationId) throw new MessengerError('startThread', 'no conversation id returned');
      // Teams names the thread `${channel};messageid=${activityId}`: a fallback for an answer
      // without activityId.
      const activityId =
        text(created.activityId) ?? /;messageid=([^;]+)$/.exec(conversationId)?.[1] ?? '';
      if (!activityId) {
        logger.warn('Bot Connector: new thread without a message id', {
          channelId: channel.channelId,
        });
      }
      const thread: ConversationRef = {
        channelId: channel.channelId,
        serviceUrl: channel.serviceUrl,
        conversationId,
        botId: channel.botId,
        ...(channel.tenantId ? { tenantId: channel.tenantId } : {}),
        teamsChannelId,
      };
      return { thread, activityId };
    },

    async send(to, message) {
      const activity = toActivity('send', message);
      const response = await proactive('send', to, (context) => context.sendActivity(activity));
      // '' when the channel accepted the message without naming it (Teams may answer 202 with
      // no body): such a message cannot be updated later.
      return { activityId: response?.id ?? '' };
    },

    async update(to, activityId, message) {
      if (!activityId) throw new MessengerError('update', 'no activity id');
      const activity = { ...toActivity('update', message), id: activityId };
      await proactive('update', to, async (context) => {
        await context.updateActivity(activity);
      });
    },
  };
}
