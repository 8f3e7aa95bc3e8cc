/**
 * A minimal embedded Direct Line 3.0 endpoint (polling only, no WebSocket, no streamUrl), so that
 * Microsoft's own clients (botframework-directlinejs, Bot Framework Web Chat) talk to this process
 * with no Azure. Conversations live in memory (store.ts); tokens are signed per conversation
 * (tokens.ts). Each conversation's turns run one at a time, in order, through `runTurn`.
 *
 * Authentication is `Authorization: Bearer <secret or token>`. With DIRECT_LINE_SECRET set, the
 * secret works everywhere except tokens/refresh, and a token only for its own conversation. Without
 * it (local development), any Bearer value or none is accepted, but a valid token bound to another
 * conversation is still refused. An expired token gets 403 with code TokenExpired, as the Direct
 * Line reference specifies (directlinejs reacts to that 403 by reporting ExpiredToken).
 *
 * Activity text is never logged.
 */
import { maskPatientIdsDeep } from '../../domain/safety/patientId.js';
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response, Server } from 'restify';
import { z } from 'zod';
import type { Activity } from '../../channel/sdk.js';
import type { Config } from '../../shared/config.js';
import type { Logger } from '../../shared/logger.js';
import { fieldPath, sendError } from '../errors.js';
import { clientAddress, createLimiter } from '../rateLimit.js';
import {
  ConversationStore,
  newConversationId,
  newUserId,
  userIdForPrincipal,
  USER_ID_PATTERN,
  type Conversation,
  type JsonActivity,
  type StoreLimits,
} from './store.js';
import { createTokenService, type TokenClaims } from './tokens.js';

/** POST /webchat/token's optional body: the user id this browser was given before. */
const webChatTokenBody = z.object({ userId: z.string().regex(USER_ID_PATTERN).optional() });

export const DIRECT_LINE_BASE = '/v3/directline';
export const BOT_ACCOUNT = { id: 'fagstotte', name: 'Fagstøtte' } as const;
const LOCALE = 'nb-NO';
const CHANNEL_ID = 'directline';

export interface ConversationToken {
  readonly conversationId: string;
  readonly token: string;
  readonly expires_in: number;
}

export interface DirectLine {
  register(server: Server): void;
  /** A token for a fresh conversation (what POST /webchat/token returns to the Web Chat page). */
  issueWebChatToken(): ConversationToken;
  /**
   * Posts a bot message into a live conversation outside a turn (the konsultasjon inbox's
   * notices and cards); returns its activity id, or undefined when the conversation is gone.
   */
  post(conversationId: string, reply: Partial<Activity>): string | undefined;
  /** Stops the sweep timer and forgets every conversation; late turn results are dropped. */
  close(): void;
}

export interface DirectLineDeps {
  config: Config;
  logger: Logger;
  /** Runs one turn and returns the bot's replies (in-process, deliveryMode expectReplies). */
  runTurn: (activity: Activity) => Promise<Partial<Activity>[]>;
  now?: () => number;
  limits?: Partial<StoreLimits>;
}

/** What a client may post. Unknown fields are dropped; the server sets ids, from, recipient... */
export const postedActivitySchema = z.object({
  type: z.enum(['message', 'event', 'typing'], { error: 'must be message, event or typing' }),
  text: z.string().max(5000, 'must be at most 5000 characters').optional(),
  value: z.unknown().optional(),
  name: z.string().max(256).optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  channelData: z.record(z.string(), z.unknown()).optional(),
  attachments: z
    .array(z.looseObject({ contentType: z.string().max(256) }))
    .max(10)
    .optional(),
  entities: z
    .array(z.looseObject({ type: z.string().max(128) }))
    .max(20)
    .optional(),
  localTimestamp: z.string().max(64).optional(),
  localTimezone: z.string().max(64).optional(),
});

type Caller =
  | { readonly kind: 'secret' }
  | { readonly kind: 'token'; readonly claims: TokenClaims }
  | { readonly kind: 'anonymous' };

interface Failure {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

type Outcome<T> = { readonly ok: true; readonly value: T } | ({ readonly ok: false } & Failure);

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const fail = (status: number, code: string, message: string): { ok: false } & Failure => ({
  ok: false,
  status,
  code,
  message,
});

/** Fields the server owns on a bot reply; whatever the bot set there is replaced or dropped. */
const SERVER_OWNED_REPLY_FIELDS = [
  'id',
  'timestamp',
  'channelId',
  'conversation',
  'from',
  'recipient',
  'replyToId',
  'serviceUrl',
  'deliveryMode',
  'relatesTo',
  'callerId',
] as const;

export function createDirectLine(deps: DirectLineDeps): DirectLine {
  const { config, logger } = deps;
  const now = deps.now ?? Date.now;
  const secretMode = config.directLine.secret !== undefined;
  const serviceUrl = config.http.publicBaseUrl ?? 'http://localhost';
  const tokens = createTokenService({
    secret: config.directLine.secret,
    ttlSeconds: config.directLine.tokenTtlSeconds,
    now,
  });
  const store = new ConversationStore({
    limits: {
      maxConversations: config.directLine.maxConversations,
      maxBytesPerConversation: config.directLine.maxConversationBytes,
      maxTotalBytes: config.directLine.maxTotalBytes,
      ...deps.limits,
    },
    now,
    onEvict: (conversationId, reason) => {
      if (reason === 'capacity') {
        logger.warn('Direct Line conversation evicted: too many conversations', { conversationId });
      } else {
        logger.debug('Direct Line conversation expired', { conversationId });
      }
    },
  });

  // New conversations per client address; activities per conversation. Both in memory, so the
  // limits hold whatever the conversation storage is.
  const perClient = createLimiter(config.rateLimits.tokensPerMinute);
  const perConversation = createLimiter(config.rateLimits.activitiesPerMinute);
  const clientKey = (req: Request): string => clientAddress(req, config.http.trustProxy);

  if (secretMode && config.directLine.webChatAccess === 'open') {
    logger.warn(
      'WEBCHAT_ACCESS=open with DIRECT_LINE_SECRET set: anyone who reaches this server gets a web chat token (rate-limited per address)',
    );
  }
  if (!secretMode) {
    logger.warn(
      'Embedded Direct Line: DIRECT_LINE_SECRET is not set, so any Bearer value (or none) is accepted; local development only',
    );
  }

  const isoNow = (): string => new Date(now()).toISOString();

  const issueFor = (conversationId: string, userId: string): ConversationToken => ({
    conversationId,
    ...tokens.issue(conversationId, userId),
  });

  function authenticate(req: Request): Outcome<Caller> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.header('authorization', ''));
    const value = match?.[1];
    if (value === undefined) {
      return secretMode
        ? fail(401, 'unauthorized', 'Missing or malformed Authorization header: expected Bearer')
        : ok({ kind: 'anonymous' });
    }
    if (tokens.isSecret(value)) return ok({ kind: 'secret' });
    const check = tokens.verify(value);
    if (check.ok) return ok({ kind: 'token', claims: check.claims });
    if (check.reason === 'expired') {
      return fail(
        403,
        'TokenExpired',
        'The token has expired: refresh it or start a new conversation',
      );
    }
    return secretMode
      ? fail(401, 'unauthorized', 'Invalid secret or token')
      : ok({ kind: 'anonymous' });
  }

  /** Authenticates and checks access to the conversation in the URL, then looks it up. */
  function openConversation(req: Request): Outcome<Conversation> {
    const auth = authenticate(req);
    if (!auth.ok) return auth;
    const param: unknown = (req.params as Record<string, unknown> | undefined)?.conversationId;
    const conversationId = typeof param === 'string' ? param : '';
    const caller = auth.value;
    if (caller.kind === 'token' && caller.claims.conversationId !== conversationId) {
      return fail(403, 'forbidden', 'The token is not valid for this conversation');
    }
    const conversation = store.get(conversationId);
    if (!conversation) return fail(404, 'not_found', 'Unknown or expired conversation');
    return ok(conversation);
  }

  function parseWatermark(req: Request): Outcome<number | undefined> {
    const raw: unknown = (req.query as Record<string, unknown> | undefined)?.watermark;
    if (raw === undefined || raw === '') return ok(undefined);
    if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) {
      return fail(400, 'bad_request', 'Invalid watermark: expected a watermark returned earlier');
    }
    return ok(Number(raw));
  }

  /** Runs one turn and appends its replies; a failure is logged (never the text) and swallowed. */
  async function runTurn(conversation: Conversation, activity: Activity): Promise<void> {
    try {
      const replies = await deps.runTurn(activity);
      for (const reply of replies) appendReply(conversation, reply, activity.id);
    } catch (error) {
      logger.error('Direct Line turn failed', {
        conversationId: conversation.id,
        activityType: activity.type,
        error,
      });
    }
  }

  function appendReply(
    conversation: Conversation,
    reply: Partial<Activity>,
    replyToId: string | undefined,
  ): string | undefined {
    const plain = JSON.parse(JSON.stringify(reply)) as JsonActivity;
    if (plain.type === 'trace') return undefined;
    for (const field of SERVER_OWNED_REPLY_FIELDS) delete plain[field];
    const appended = store.append(conversation, (id) => ({
      type: 'message',
      ...plain,
      id,
      timestamp: isoNow(),
      channelId: CHANNEL_ID,
      conversation: { id: conversation.id },
      from: { ...BOT_ACCOUNT, role: 'bot' },
      recipient: { id: conversation.userId, role: 'user' },
      ...(replyToId ? { replyToId } : {}),
    }));
    return typeof appended?.id === 'string' ? appended.id : undefined;
  }

  function startConversation(conversation: Conversation): void {
    const activity = {
      type: 'conversationUpdate',
      id: randomUUID(),
      timestamp: new Date(now()),
      channelId: CHANNEL_ID,
      serviceUrl,
      conversation: { id: conversation.id },
      from: { id: conversation.userId, role: 'user' },
      recipient: { ...BOT_ACCOUNT, role: 'bot' },
      membersAdded: [{ id: conversation.userId }],
      locale: LOCALE,
    } as unknown as Activity;
    store.enqueue(conversation, () => runTurn(conversation, activity));
    logger.debug('Direct Line conversation started', { conversationId: conversation.id });
  }

  const send = (res: Response, status: number, body: unknown): void => {
    res.header('Cache-Control', 'no-store');
    res.send(status, body);
  };
  const sendFailure = (res: Response, failure: Failure): void => {
    res.header('Cache-Control', 'no-store');
    sendError(res, failure.status, failure.code, failure.message);
  };
  const route =
    (handler: (req: Request, res: Response) => void | Promise<void>): RequestHandler =>
    async (req, res) => {
      await handler(req, res);
    };

  function register(server: Server): void {
    server.post(
      `${DIRECT_LINE_BASE}/tokens/generate`,
      route(async (req, res) => {
        const auth = authenticate(req);
        if (!auth.ok) return sendFailure(res, auth);
        if (secretMode && auth.value.kind !== 'secret') {
          return sendFailure(res, {
            status: 401,
            code: 'unauthorized',
            message: 'tokens/generate requires the Direct Line secret',
          });
        }
        // The secret's holder is a trusted back end issuing for many users: not limited.
        if (auth.value.kind !== 'secret' && !(await perClient.take(clientKey(req), res))) return;
        send(res, 200, issueFor(newConversationId(), newUserId()));
      }),
    );

    server.post(
      `${DIRECT_LINE_BASE}/tokens/refresh`,
      route((req, res) => {
        const auth = authenticate(req);
        if (!auth.ok) return sendFailure(res, auth);
        if (auth.value.kind !== 'token') {
          return sendFailure(res, {
            status: 401,
            code: 'unauthorized',
            message: 'tokens/refresh requires a Direct Line token',
          });
        }
        const { conversationId, userId } = auth.value.claims;
        send(res, 200, issueFor(conversationId, userId));
      }),
    );

    server.post(
      `${DIRECT_LINE_BASE}/conversations`,
      route(async (req, res) => {
        const auth = authenticate(req);
        if (!auth.ok) return sendFailure(res, auth);
        const caller = auth.value;
        if (caller.kind === 'anonymous' && !(await perClient.take(clientKey(req), res))) return;
        // A token starts (or re-joins) its own conversation; the secret or, locally, no credential
        // starts a new one. Any user id in the body is ignored: the server binds its own.
        const { conversation, created } =
          caller.kind === 'token'
            ? store.getOrCreate(caller.claims.conversationId, caller.claims.userId)
            : store.getOrCreate(newConversationId(), newUserId());
        if (created) startConversation(conversation);
        send(res, created ? 201 : 200, issueFor(conversation.id, conversation.userId));
      }),
    );

    server.get(
      `${DIRECT_LINE_BASE}/conversations/:conversationId`,
      route((req, res) => {
        const opened = openConversation(req);
        if (!opened.ok) return sendFailure(res, opened);
        const watermark = parseWatermark(req);
        if (!watermark.ok) return sendFailure(res, watermark);
        const conversation = opened.value;
        send(res, 200, issueFor(conversation.id, conversation.userId));
      }),
    );

    server.get(
      `${DIRECT_LINE_BASE}/conversations/:conversationId/activities`,
      route((req, res) => {
        const opened = openConversation(req);
        if (!opened.ok) return sendFailure(res, opened);
        const watermark = parseWatermark(req);
        if (!watermark.ok) return sendFailure(res, watermark);
        send(res, 200, store.activitiesAfter(opened.value, watermark.value));
      }),
    );

    server.post(
      `${DIRECT_LINE_BASE}/conversations/:conversationId/activities`,
      route(async (req, res) => {
        const opened = openConversation(req);
        if (!opened.ok) return sendFailure(res, opened);
        const conversation = opened.value;
        const parsed = postedActivitySchema.safeParse(req.body);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const field = fieldPath(issue?.path ?? []);
          return sendFailure(res, {
            status: 400,
            code: 'bad_request',
            message: `Invalid activity: ${field}: ${issue?.message ?? 'invalid'}`,
          });
        }
        const posted = parsed.data;
        // Typing from the user is acknowledged but neither kept nor given to the bot (Direct Line
        // delivers typing over WebSocket only).
        if (posted.type === 'typing') return send(res, 200, { id: randomUUID() });
        if (!(await perConversation.take(conversation.id, res))) return;
        if (!store.isLive(conversation)) {
          return sendFailure(res, {
            status: 404,
            code: 'not_found',
            message: 'Unknown or expired conversation',
          });
        }
        if (conversation.pendingTurns >= store.limits.maxPendingTurns) {
          res.header('Retry-After', '1');
          return sendFailure(res, {
            status: 429,
            code: 'too_many_requests',
            message: 'Too many activities waiting for the bot; try again shortly',
          });
        }

        // Appended FIRST: Direct Line echoes the user's activity back (Web Chat marks it sent).
        // The stored echo — readable by anyone holding the conversation — has every fødselsnummer
        // masked; the bot gets the activity as typed, so it can warn the user.
        let asTyped: JsonActivity | undefined;
        const echoed = store.append(conversation, (id) => {
          asTyped = JSON.parse(
            JSON.stringify({
              ...posted,
              id,
              timestamp: isoNow(),
              channelId: CHANNEL_ID,
              conversation: { id: conversation.id },
              from: { id: conversation.userId, role: 'user' },
              recipient: { ...BOT_ACCOUNT, role: 'bot' },
              locale: LOCALE,
            }),
          ) as JsonActivity;
          return maskPatientIdsDeep(asTyped) as JsonActivity;
        });
        if (!echoed) {
          return sendFailure(res, {
            status: 404,
            code: 'not_found',
            message: 'Unknown or expired conversation',
          });
        }
        // A separate copy: the bot never mutates what the client is shown.
        const activity = {
          ...(asTyped ?? (JSON.parse(JSON.stringify(echoed)) as JsonActivity)),
          timestamp: new Date(String(echoed.timestamp)),
          serviceUrl,
        } as unknown as Activity;
        store.enqueue(conversation, () => runTurn(conversation, activity));
        send(res, 200, { id: activity.id });
      }),
    );

    server.post(
      '/webchat/token',
      route(async (req, res) => {
        const access = config.directLine.webChatAccess;
        if (access === 'off') {
          return sendFailure(res, {
            status: 403,
            code: 'forbidden',
            message: 'Web chat is turned off on this server',
          });
        }
        if (access === 'proxy') {
          const principal = req.header(config.directLine.webChatAuthHeader, '');
          if (principal.trim() === '') {
            return sendFailure(res, {
              status: 401,
              code: 'unauthorized',
              message: 'Web chat requires sign-in through the hospital front end',
            });
          }
        }
        // Signed in: limited per user (a hospital's staff may share one public address).
        const principal = req.header(config.directLine.webChatAuthHeader, '').trim().slice(0, 256);
        const key = access === 'proxy' ? `user:${principal}` : clientKey(req);
        if (!(await perClient.take(key, res))) return;
        // The same user on every visit, so user state (Opplæring progress) follows them: signed
        // in, derived from the principal; open, the id this browser was given before (a random
        // id only that browser knows), when it sends one back.
        const kept = webChatTokenBody.safeParse(req.body ?? {});
        const userId =
          access === 'proxy'
            ? userIdForPrincipal(principal, config.directLine.secret)
            : kept.success && kept.data.userId
              ? kept.data.userId
              : newUserId();
        send(res, 200, { ...issueFor(newConversationId(), userId), userId });
      }),
    );
  }

  const directLine: DirectLine = {
    register,
    issueWebChatToken: () => issueFor(newConversationId(), newUserId()),
    post(conversationId, reply) {
      const conversation = store.get(conversationId);
      return conversation ? appendReply(conversation, reply, undefined) : undefined;
    },
    close: () => store.close(),
  };
  return directLine;
}
