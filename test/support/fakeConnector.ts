/**
 * A fake Bot Connector REST service (what a channel's serviceUrl answers, e.g. Teams) on
 * 127.0.0.1, for tests of outbound calls over real HTTP. It implements the routes the SDK calls
 * to create a conversation, send, reply and update, records every call, and can be told to fail
 * or never answer a route. Ids look like Teams': a new channel thread is
 * `${teamsChannelId};messageid=${activityId}`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type ConnectorRoute =
  'createConversation' | 'sendToConversation' | 'replyToActivity' | 'updateActivity';

export interface ConnectorCall {
  readonly method: string;
  readonly route: ConnectorRoute;
  /** Decoded (the SDK URL-encodes it: ids hold ':' ';' '@'). */
  readonly conversationId?: string;
  readonly activityId?: string;
  /** The parsed JSON body. */
  readonly body: Record<string, unknown>;
  readonly authorization?: string;
}

export interface FakeConnector {
  /** The serviceUrl to put in a conversation reference (ends with '/'). */
  readonly url: string;
  /** Every call answered or held so far, oldest first. */
  readonly calls: readonly ConnectorCall[];
  /** The calls of one route. */
  callsTo(route: ConnectorRoute): ConnectorCall[];
  /** Forgets the calls made so far. */
  clear(): void;
  /**
   * Answers this route with `status` and an error body that echoes the request body (so a test
   * can prove the caller's error does not carry message content).
   */
  fail(route: ConnectorRoute, status?: number): void;
  /** Accepts this route's requests and never answers them. */
  hang(route: ConnectorRoute): void;
  /** Back to normal answers (one route, or all). */
  heal(route?: ConnectorRoute): void;
  stop(): Promise<void>;
}

type Behaviour = { kind: 'fail'; status: number } | { kind: 'hang' };

interface Matched {
  readonly route: ConnectorRoute;
  readonly conversationId?: string;
  readonly activityId?: string;
}

/** Which route a method and path are; undefined for anything else (404). */
function match(method: string, pathname: string): Matched | undefined {
  const parts = pathname.split('/').filter((p) => p !== '');
  if (parts[0] !== 'v3' || parts[1] !== 'conversations') return undefined;
  let decoded: string[];
  try {
    decoded = parts.slice(2).map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
  const [conversationId, activities, activityId, ...rest] = decoded;
  if (rest.length > 0) return undefined;
  if (conversationId === undefined) {
    return method === 'POST' ? { route: 'createConversation' } : undefined;
  }
  if (activities !== 'activities') return undefined;
  if (activityId === undefined) {
    return method === 'POST' ? { route: 'sendToConversation', conversationId } : undefined;
  }
  if (method === 'POST') return { route: 'replyToActivity', conversationId, activityId };
  if (method === 'PUT') return { route: 'updateActivity', conversationId, activityId };
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  const behaviours = new Map<ConnectorRoute, Behaviour>();
  const sockets = new Set<Socket>();
  // Teams-like activity ids: milliseconds, increasing.
  let nextId = 1_700_000_000_000;
  let url = '';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const pathname = new URL(req.url ?? '/', 'http://fake').pathname;
    const text = await readBody(req);
    const matched = match(method, pathname);
    if (!matched) return answer(res, 404, { error: { code: 'NotFound', message: 'no route' } });
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = text === '' ? {} : JSON.parse(text);
      body = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    } catch {
      return answer(res, 400, { error: { code: 'BadSyntax', message: 'invalid JSON' } });
    }
    calls.push({
      method,
      ...matched,
      body,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    const behaviour = behaviours.get(matched.route);
    if (behaviour?.kind === 'hang') return; // the socket is destroyed by stop()
    if (behaviour?.kind === 'fail') {
      return answer(res, behaviour.status, {
        error: { code: 'ServiceError', message: `Failed to process: ${text}` },
      });
    }
    const id = String(nextId++);
    switch (matched.route) {
      case 'createConversation': {
        const channelData = body.channelData as { channel?: { id?: unknown } } | undefined;
        const channelId = channelData?.channel?.id;
        const conversationId =
          typeof channelId === 'string' ? `${channelId};messageid=${id}` : `a:fake-${id}`;
        return answer(res, 201, {
          id: conversationId,
          ...(body.activity ? { activityId: id } : {}),
          serviceUrl: url,
        });
      }
      case 'sendToConversation':
      case 'replyToActivity':
        return answer(res, 201, { id });
      case 'updateActivity':
        return answer(res, 200, { id: matched.activityId });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) answer(res, 500, { error: { code: 'Fake', message: 'fake failed' } });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;

  return {
    url,
    calls,
    callsTo: (route) => calls.filter((c) => c.route === route),
    clear: () => void calls.splice(0),
    fail: (route, status = 500) => void behaviours.set(route, { kind: 'fail', status }),
    hang: (route) => void behaviours.set(route, { kind: 'hang' }),
    heal: (route) => void (route ? behaviours.delete(route) : behaviours.clear()),
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
