/**
 * The embedded Direct Line 3.0 endpoint, on a real restify server (127.0.0.1, port 0) with a fake
 * bot: first driven by Microsoft's own client (botframework-directlinejs, polling), then over raw
 * HTTP for watermarks, tokens, authentication, validation, ordering and limits.
 *
 * directlinejs in Node 20 needs two things a browser has: a global XMLHttpRequest (rxjs 5's ajax
 * uses it; a small fetch-based one is installed below for that suite only) and a `WebSocket`
 * service (its constructor reads the global even with webSocket: false, and Node 20 has none).
 */
import {
  ConnectionStatus,
  DirectLine,
  type Activity as ClientActivity,
} from 'botframework-directlinejs';
import { expect } from 'chai';
import restify, { type Server } from 'restify';
import type { Activity } from '../../src/channel/sdk.js';
import {
  createDirectLine,
  type DirectLine as EmbeddedDirectLine,
} from '../../src/http/directline/routes.js';
import type { StoreLimits } from '../../src/http/directline/store.js';
import { loadConfig } from '../../src/shared/config.js';
import { FetchXMLHttpRequest, NoWebSocket } from '../support/directlineClient.js';

type Logger = Parameters<typeof createDirectLine>[0]['logger'];

interface LogEntry {
  readonly level: string;
  readonly msg: string;
  readonly meta?: Record<string, unknown>;
}

function memoryLogger(entries: LogEntry[]): Logger {
  const log =
    (level: string) =>
    (msg: string, meta?: Record<string, unknown>): void => {
      entries.push({ level, msg, meta });
    };
  const logger: Logger = {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    child: () => logger,
  };
  return logger;
}

const SECRET = 'x'.repeat(32);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The fake bot: a welcome on conversationUpdate; on a message, a typing activity and
 * "Du skrev N tegn". Earlier messages take longer, so replies would overtake each other if turns
 * were not run one at a time. "kræsj" makes the turn fail.
 */
async function fakeRunTurn(activity: Activity): Promise<Partial<Activity>[]> {
  if (activity.type === 'conversationUpdate') {
    return [{ type: 'message', text: 'Velkommen til Fagstøtte' }];
  }
  if (activity.type === 'message') {
    const text = activity.text ?? '';
    if (text === 'kræsj') throw new Error('simulated turn failure');
    await sleep(Math.max(0, 80 - text.length * 15));
    return [{ type: 'typing' }, { type: 'message', text: `Du skrev ${text.length} tegn` }];
  }
  return [];
}

interface Harness {
  readonly url: string;
  readonly base: string;
  readonly logs: LogEntry[];
  readonly directLine: EmbeddedDirectLine;
  close(): Promise<void>;
}

async function startHarness(
  options: {
    env?: Record<string, string>;
    now?: () => number;
    limits?: Partial<StoreLimits>;
    runTurn?: (activity: Activity) => Promise<Partial<Activity>[]>;
  } = {},
): Promise<Harness> {
  const config = loadConfig(options.env ?? {});
  const logs: LogEntry[] = [];
  const directLine = createDirectLine({
    config,
    logger: memoryLogger(logs),
    runTurn: options.runTurn ?? fakeRunTurn,
    now: options.now,
    limits: options.limits,
  });
  const server: Server = restify.createServer({ handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  directLine.register(server);
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    base: `${url}/v3/directline`,
    logs,
    directLine,
    close: () =>
      new Promise<void>((resolve) => {
        directLine.close();
        server.close(() => resolve());
        server.server.closeIdleConnections();
      }),
  };
}

interface JsonResponse<T> {
  readonly status: number;
  readonly body: T;
}

interface ErrorResponseBody {
  error: { code: string; message: string };
}

interface ConversationBody {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl?: string;
}

interface ActivityJson {
  type: string;
  id: string;
  text?: string;
  replyToId?: string;
  from: { id: string; name?: string; role?: string };
  recipient?: { id: string };
  conversation: { id: string };
  channelId: string;
  timestamp: string;
  channelData?: Record<string, unknown>;
}

interface ActivitySetBody {
  activities: ActivityJson[];
  watermark: string;
}

async function call<T>(
  method: 'GET' | 'POST',
  url: string,
  options: {
    bearer?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
  let body: string | undefined;
  if (options.rawBody !== undefined || options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = options.rawBody ?? JSON.stringify(options.body);
  }
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function startConversation(h: Harness, bearer?: string): Promise<ConversationBody> {
  const res = await call<ConversationBody>('POST', `${h.base}/conversations`, { bearer });
  expect(res.status).to.equal(201);
  return res.body;
}

function postMessage(
  h: Harness,
  conversation: ConversationBody,
  text: string,
): Promise<JsonResponse<{ id: string }>> {
  return call<{ id: string }>(
    'POST',
    `${h.base}/conversations/${conversation.conversationId}/activities`,
    {
      bearer: conversation.token,
      body: { type: 'message', text, from: { id: 'spoofed', name: 'Spoofed' } },
    },
  );
}

async function getActivities(
  h: Harness,
  conversation: ConversationBody,
  watermark?: string,
): Promise<ActivitySetBody> {
  const query = watermark === undefined ? '' : `?watermark=${watermark}`;
  const res = await call<ActivitySetBody>(
    'GET',
    `${h.base}/conversations/${conversation.conversationId}/activities${query}`,
    { bearer: conversation.token },
  );
  expect(res.status).to.equal(200);
  return res.body;
}

async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await sleep(20);
  }
}

/** Every activity kept, following the watermark page by page. */
async function getAllActivities(
  h: Harness,
  conversation: ConversationBody,
): Promise<ActivityJson[]> {
  const all: ActivityJson[] = [];
  let watermark: string | undefined;
  for (;;) {
    const page = await getActivities(h, conversation, watermark);
    if (page.activities.length === 0) return all;
    all.push(...page.activities);
    watermark = page.watermark;
  }
}

/** Waits until the conversation holds `count` bot messages; returns every activity. */
function waitForBotMessages(
  h: Harness,
  conversation: ConversationBody,
  count: number,
): Promise<ActivityJson[]> {
  return waitFor(async () => {
    const activities = await getAllActivities(h, conversation);
    const bot = activities.filter((a) => a.type === 'message' && a.from.role === 'bot');
    return bot.length >= count ? activities : undefined;
  });
}

function expectError(res: JsonResponse<unknown>, status: number, code?: string): void {
  expect(res.status).to.equal(status);
  const body = res.body as ErrorResponseBody;
  expect(body.error.message).to.be.a('string').and.not.equal('');
  if (code) expect(body.error.code).to.equal(code);
}

function createClient(h: Harness, credentials: { secret: string } | { token: string }): DirectLine {
  return new DirectLine({
    ...credentials,
    domain: h.base,
    webSocket: false,
    // directlinejs refuses less than 200 ms (it would fall back to 1000 ms).
    pollingInterval: 200,
    WebSocket: NoWebSocket as unknown as typeof WebSocket,
  });
}

function postWithClient(client: DirectLine, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    client
      .postActivity({ type: 'message', text, from: { id: 'web-user', name: 'Kari' } })
      .subscribe((id: unknown) => {
        if (typeof id === 'string') resolve(id);
        else reject(new Error('postActivity did not return an id'));
      }, reject);
  });
}

describe('Embedded Direct Line 3.0', function () {
  describe('with the official botframework-directlinejs client (polling)', function () {
    let h: Harness;
    let hadXhr: boolean;
    let client: DirectLine | undefined;

    before(async function () {
      hadXhr = 'XMLHttpRequest' in globalThis;
      if (!hadXhr) Reflect.set(globalThis, 'XMLHttpRequest', FetchXMLHttpRequest);
      h = await startHarness({ env: { DIRECT_LINE_SECRET: SECRET } });
    });

    afterEach(async function () {
      client?.end();
      client = undefined;
      await sleep(250); // let a poll in flight finish
    });

    after(async function () {
      await h.close();
      if (!hadXhr) Reflect.deleteProperty(globalThis, 'XMLHttpRequest');
    });

    async function converse(credentials: { secret: string } | { token: string }): Promise<void> {
      const c = createClient(h, credentials);
      client = c;
      const received: ClientActivity[] = [];
      const subscription = c.activity$.subscribe((activity) => received.push(activity));
      try {
        await waitFor(() =>
          c.connectionStatus$.getValue() === ConnectionStatus.Online ? true : undefined,
        );
        await waitFor(() =>
          received.some((a) => a.type === 'message' && a.text === 'Velkommen til Fagstøtte')
            ? true
            : undefined,
        );

        const botMessages = (count: number) => () =>
          received.filter((a) => a.type === 'message' && a.from.role === 'bot').length >= count
            ? true
            : undefined;
        const firstId = await postWithClient(c, 'hei');
        expect(firstId)
          .to.be.a('string')
          .and.match(/\|\d{7}$/);
        await waitFor(botMessages(2));
        const secondId = await postWithClient(c, 'hallo du');
        expect(secondId).to.not.equal(firstId);
        await waitFor(botMessages(3));
        const messages = received.filter((a) => a.type === 'message') as (ClientActivity & {
          text?: string;
          replyToId?: string;
        })[];
        expect(messages.map((a) => [a.from.role, a.text])).to.deep.equal([
          ['bot', 'Velkommen til Fagstøtte'],
          ['user', 'hei'],
          ['bot', 'Du skrev 3 tegn'],
          ['user', 'hallo du'],
          ['bot', 'Du skrev 8 tegn'],
        ]);
        const echo = messages[1];
        expect(echo?.id).to.equal(firstId);
        // The server binds its own user id; the client's from.id is never trusted.
        expect(echo?.from.id).to.match(/^dl_/).and.not.equal('web-user');
        expect(messages[2]?.replyToId).to.equal(firstId);
        expect(messages[2]?.from).to.include({ id: 'fagstotte', name: 'Fagstøtte' });
        expect(received.some((a) => a.type === 'typing')).to.equal(true);
      } finally {
        subscription.unsubscribe();
      }
    }

    it('holds a conversation started with the secret', async function () {
      await converse({ secret: SECRET });
    });

    it('holds a conversation started with a token from POST /webchat/token', async function () {
      // With the secret set, tokens go only to users signed in through the front end.
      const res = await call<ConversationBody>('POST', `${h.url}/webchat/token`, {
        headers: { 'X-MS-CLIENT-PRINCIPAL-ID': 'user-1' },
      });
      expect(res.status).to.equal(200);
      await converse({ token: res.body.token });
    });
  });

  describe('over HTTP, with DIRECT_LINE_SECRET set', function () {
    let h: Harness;
    let clock: number;

    before(async function () {
      clock = Date.parse('2026-03-01T08:00:00Z');
      h = await startHarness({ env: { DIRECT_LINE_SECRET: SECRET }, now: () => clock });
    });

    after(async function () {
      await h.close();
    });

    it('logs no warning about accepting any Bearer value', function () {
      expect(h.logs.filter((l) => l.level === 'warn')).to.deep.equal([]);
    });

    it('refuses a missing or wrong credential with 401', async function () {
      expectError(await call('POST', `${h.base}/conversations`), 401, 'unauthorized');
      expectError(
        await call('POST', `${h.base}/conversations`, { bearer: 'y'.repeat(32) }),
        401,
        'unauthorized',
      );
      expectError(await call('POST', `${h.base}/tokens/generate`), 401, 'unauthorized');
      const conversation = await startConversation(h, SECRET);
      const url = `${h.base}/conversations/${conversation.conversationId}/activities`;
      expectError(await call('GET', url), 401, 'unauthorized');
      expectError(await call('GET', url, { bearer: 'not-a-token' }), 401, 'unauthorized');
      // A token signed with another key is invalid.
      const [header, payload] = conversation.token.split('.');
      expectError(
        await call('GET', url, { bearer: `${header}.${payload}.AAAA` }),
        401,
        'unauthorized',
      );
    });

    it('starts a conversation with the secret: 201, a token and no streamUrl', async function () {
      const res = await call<ConversationBody>('POST', `${h.base}/conversations`, {
        bearer: SECRET,
      });
      expect(res.status).to.equal(201);
      expect(res.body.conversationId).to.match(/^[0-9a-f-]{36}$/);
      expect(res.body.token).to.be.a('string');
      expect(res.body.expires_in).to.equal(1800);
      expect(res.body).to.not.have.property('streamUrl');
    });

    it('generates a token with the secret; the token starts its conversation (201, then 200)', async function () {
      const generated = await call<ConversationBody>('POST', `${h.base}/tokens/generate`, {
        bearer: SECRET,
      });
      expect(generated.status).to.equal(200);
      expect(generated.body.expires_in).to.equal(1800);
      const { conversationId, token } = generated.body;

      const first = await call<ConversationBody>('POST', `${h.base}/conversations`, {
        bearer: token,
      });
      expect(first.status).to.equal(201);
      expect(first.body.conversationId).to.equal(conversationId);
      const again = await call<ConversationBody>('POST', `${h.base}/conversations`, {
        bearer: token,
      });
      expect(again.status).to.equal(200);
      expect(again.body.conversationId).to.equal(conversationId);

      // A token cannot generate tokens.
      expectError(
        await call('POST', `${h.base}/tokens/generate`, { bearer: token }),
        401,
        'unauthorized',
      );
    });

    it('refuses a token for conversation A on conversation B with 403', async function () {
      const a = await startConversation(h, SECRET);
      const b = await startConversation(h, SECRET);
      expectError(
        await call('GET', `${h.base}/conversations/${b.conversationId}/activities`, {
          bearer: a.token,
        }),
        403,
        'forbidden',
      );
      expectError(
        await call('POST', `${h.base}/conversations/${b.conversationId}/activities`, {
          bearer: a.token,
          body: { type: 'message', text: 'hei' },
        }),
        403,
        'forbidden',
      );
      expectError(
        await call('GET', `${h.base}/conversations/${b.conversationId}`, { bearer: a.token }),
        403,
        'forbidden',
      );
    });

    it('accepts the secret on any conversation', async function () {
      const conversation = await startConversation(h, SECRET);
      const res = await call<ActivitySetBody>(
        'GET',
        `${h.base}/conversations/${conversation.conversationId}/activities`,
        {
          bearer: SECRET,
        },
      );
      expect(res.status).to.equal(200);
    });

    it('refreshes a token: a new, working token for the same conversation', async function () {
      const conversation = await startConversation(h, SECRET);
      const refreshed = await call<ConversationBody>('POST', `${h.base}/tokens/refresh`, {
        bearer: conversation.token,
      });
      expect(refreshed.status).to.equal(200);
      expect(refreshed.body.conversationId).to.equal(conversation.conversationId);
      expect(refreshed.body.token).to.not.equal(conversation.token);
      expect(refreshed.body.expires_in).to.equal(1800);
      await waitForBotMessages(h, { ...conversation, token: refreshed.body.token }, 1);

      // The secret is not a token and cannot be refreshed.
      expectError(
        await call('POST', `${h.base}/tokens/refresh`, { bearer: SECRET }),
        401,
        'unauthorized',
      );
    });

    it('reconnects (GET /conversations/:id) with 200 and a token', async function () {
      const conversation = await startConversation(h, SECRET);
      const res = await call<ConversationBody>(
        'GET',
        `${h.base}/conversations/${conversation.conversationId}?watermark=1`,
        { bearer: conversation.token },
      );
      expect(res.status).to.equal(200);
      expect(res.body.conversationId).to.equal(conversation.conversationId);
      expect(res.body.token).to.be.a('string');
      expect(res.body).to.not.have.property('streamUrl');
    });

    it('refuses an expired token with 403 TokenExpired (as Direct Line does)', async function () {
      const conversation = await startConversation(h, SECRET);
      const url = `${h.base}/conversations/${conversation.conversationId}/activities`;
      expect((await call('GET', url, { bearer: conversation.token })).status).to.equal(200);
      clock += 1801 * 1000;
      try {
        expectError(await call('GET', url, { bearer: conversation.token }), 403, 'TokenExpired');
        expectError(
          await call('POST', `${h.base}/tokens/refresh`, { bearer: conversation.token }),
          403,
          'TokenExpired',
        );
        // The conversation itself is still there for a valid credential.
        expect((await call('GET', url, { bearer: SECRET })).status).to.equal(200);
      } finally {
        clock -= 1801 * 1000;
      }
    });

    it('answers 404 for an unknown conversation', async function () {
      expectError(
        await call(
          'GET',
          `${h.base}/conversations/00000000-0000-0000-0000-000000000000/activities`,
          { bearer: SECRET },
        ),
        404,
        'not_found',
      );
    });
  });

  describe('over HTTP, without a secret (local development)', function () {
    let h: Harness;
    let clock: number;

    before(async function () {
      clock = Date.parse('2026-03-01T08:00:00Z');
      h = await startHarness({ now: () => clock, limits: { maxActivitiesPerPage: 3 } });
    });

    after(async function () {
      await h.close();
    });

    it('logs one warning that any Bearer value is accepted', function () {
      const warnings = h.logs.filter((l) => l.level === 'warn');
      expect(warnings).to.have.length(1);
      expect(warnings[0]?.msg).to.match(/any Bearer value/);
    });

    it('accepts any Bearer value, or none', async function () {
      const none = await startConversation(h);
      const any = await startConversation(h, 'whatever');
      for (const bearer of [undefined, 'whatever', 'a.b.c']) {
        const res = await call('GET', `${h.base}/conversations/${none.conversationId}/activities`, {
          bearer,
        });
        expect(res.status).to.equal(200);
      }
      const posted = await call(
        'POST',
        `${h.base}/conversations/${any.conversationId}/activities`,
        {
          body: { type: 'message', text: 'hei' },
        },
      );
      expect(posted.status).to.equal(200);
    });

    it('still refuses a valid token bound to another conversation', async function () {
      const a = await startConversation(h);
      const b = await startConversation(h);
      expectError(
        await call('GET', `${h.base}/conversations/${b.conversationId}/activities`, {
          bearer: a.token,
        }),
        403,
        'forbidden',
      );
    });

    it('pages through activities with the watermark', async function () {
      const conversation = await startConversation(h);
      await waitForBotMessages(h, conversation, 1);
      // One at a time, so the log order is fixed: welcome, then per message the echo, typing and
      // the reply (10 activities).
      for (const [index, text] of ['a', 'bb', 'ccc'].entries()) {
        expect((await postMessage(h, conversation, text)).status).to.equal(200);
        await waitForBotMessages(h, conversation, index + 2);
      }

      const pages: ActivitySetBody[] = [];
      let watermark: string | undefined;
      for (;;) {
        const page = await getActivities(h, conversation, watermark);
        pages.push(page);
        if (page.activities.length === 0) break;
        expect(page.activities.length).to.be.at.most(3);
        watermark = page.watermark;
      }
      const all = pages.flatMap((p) => p.activities);
      expect(all).to.have.length(10);
      expect(pages.map((p) => p.watermark)).to.deep.equal(['3', '6', '9', '10', '10']);
      expect(new Set(all.map((a) => a.id)).size).to.equal(10);
      expect(all.every((a) => a.id.startsWith(`${conversation.conversationId}|`))).to.equal(true);
      expect(
        all.every(
          (a) => a.conversation.id === conversation.conversationId && a.channelId === 'directline',
        ),
      ).to.equal(true);
      expect(all.filter((a) => a.type === 'message').map((a) => a.text)).to.deep.equal([
        'Velkommen til Fagstøtte',
        'a',
        'Du skrev 1 tegn',
        'bb',
        'Du skrev 2 tegn',
        'ccc',
        'Du skrev 3 tegn',
      ]);
      // Without a watermark: everything kept (one page); a stale one past the end returns nothing new.
      expect((await getActivities(h, conversation)).watermark).to.equal('3');
      const past = await getActivities(h, conversation, '99');
      expect(past.activities).to.deep.equal([]);
      expect(past.watermark).to.equal('10');
      expectError(
        await call(
          'GET',
          `${h.base}/conversations/${conversation.conversationId}/activities?watermark=abc`,
        ),
        400,
        'bad_request',
      );
    });

    it('echoes the user activity first, stamped by the server, keeping channelData', async function () {
      const conversation = await startConversation(h);
      const res = await call<{ id: string }>(
        'POST',
        `${h.base}/conversations/${conversation.conversationId}/activities`,
        {
          bearer: conversation.token,
          body: {
            type: 'message',
            text: 'hei',
            from: { id: 'dl_someone-else', name: 'Mallory', role: 'bot' },
            recipient: { id: 'elsewhere' },
            conversation: { id: 'another' },
            id: 'client-id',
            channelData: { clientActivityID: 'c-1' },
          },
        },
      );
      expect(res.status).to.equal(200);
      const activities = await waitForBotMessages(h, conversation, 2);
      const echo = activities.find((a) => a.id === res.body.id);
      expect(echo).to.not.equal(undefined);
      expect(echo?.from).to.deep.equal({ id: echo?.from.id, role: 'user' });
      expect(echo?.from.id).to.match(/^dl_[0-9a-f]{32}$/);
      expect(echo?.recipient).to.include({ id: 'fagstotte' });
      expect(echo?.conversation).to.deep.equal({ id: conversation.conversationId });
      expect(echo?.channelData).to.deep.equal({ clientActivityID: 'c-1' });
      expect(Date.parse(echo?.timestamp ?? '')).to.equal(clock);
      const reply = activities.find((a) => a.replyToId === res.body.id && a.type === 'message');
      expect(reply?.text).to.equal('Du skrev 3 tegn');
      expect(activities.indexOf(echo!)).to.be.below(activities.indexOf(reply!));
    });

    it('answers 400 JSON for a body that is not an activity', async function () {
      const conversation = await startConversation(h);
      const url = `${h.base}/conversations/${conversation.conversationId}/activities`;
      const cases: [unknown, RegExp][] = [
        [[1, 2], /body/],
        ['hei', /body/],
        [{ text: 'hei' }, /type/],
        [{ type: 'conversationUpdate' }, /type/],
        [{ type: 'message', text: 'x'.repeat(5001) }, /text/],
      ];
      for (const [body, field] of cases) {
        const res = await call<ErrorResponseBody>('POST', url, { body });
        expectError(res, 400, 'bad_request');
        expect(res.body.error.message).to.match(field);
      }
      const empty = await call<ErrorResponseBody>('POST', url);
      expectError(empty, 400, 'bad_request');
      expect(empty.body.error.message).to.match(/body/);
    });

    it('answers 404 for an unknown conversation', async function () {
      const url = `${h.base}/conversations/unknown-conversation`;
      expectError(await call('GET', url), 404, 'not_found');
      expectError(await call('GET', `${url}/activities`), 404, 'not_found');
      expectError(
        await call('POST', `${url}/activities`, { body: { type: 'message', text: 'hei' } }),
        404,
        'not_found',
      );
    });

    it('replies in order to activities posted in quick succession', async function () {
      const conversation = await startConversation(h);
      const texts = ['1', '22', '333', '4444', '55555'];
      const ids: string[] = [];
      for (const text of texts) {
        const res = await postMessage(h, conversation, text);
        expect(res.status).to.equal(200);
        ids.push(res.body.id);
      }
      await waitFor(async () => {
        const all = await getAllActivities(h, conversation);
        const replies = all.filter(
          (a) => a.type === 'message' && a.from.role === 'bot' && ids.includes(a.replyToId ?? ''),
        );
        if (replies.length < texts.length) return undefined;
        expect(replies.map((r) => r.replyToId)).to.deep.equal(ids);
        expect(replies.map((r) => r.text)).to.deep.equal(
          texts.map((t) => `Du skrev ${t.length} tegn`),
        );
        return true;
      });
    });

    it('logs a failing turn without its text, and the conversation goes on', async function () {
      const conversation = await startConversation(h);
      await waitForBotMessages(h, conversation, 1);
      expect((await postMessage(h, conversation, 'kræsj')).status).to.equal(200);
      expect((await postMessage(h, conversation, 'etterpå')).status).to.equal(200);
      const activities = await waitForBotMessages(h, conversation, 2);
      expect(
        activities.filter((a) => a.from.role === 'bot' && a.type === 'message').map((a) => a.text),
      ).to.deep.equal(['Velkommen til Fagstøtte', 'Du skrev 7 tegn']);
      const failures = h.logs.filter((l) => l.level === 'error');
      expect(failures.map((l) => l.msg)).to.include('Direct Line turn failed');
      const logged = JSON.stringify(h.logs.map((l) => [l.msg, l.meta]));
      expect(logged).to.not.include('kræsj');
      expect(logged).to.not.include('etterpå');
    });

    it('issues Web Chat tokens on POST /webchat/token', async function () {
      const res = await call<ConversationBody>('POST', `${h.url}/webchat/token`);
      expect(res.status).to.equal(200);
      expect(Object.keys(res.body).sort()).to.deep.equal([
        'conversationId',
        'expires_in',
        'token',
        'userId',
      ]);
      const started = await call<ConversationBody>('POST', `${h.base}/conversations`, {
        bearer: res.body.token,
      });
      expect(started.status).to.equal(201);
      expect(started.body.conversationId).to.equal(res.body.conversationId);
    });

    it('gives a returning browser its user again in a new conversation, and a new user otherwise', async function () {
      type TokenBody = ConversationBody & { userId: string };
      const seen: Activity[] = [];
      const own = await startHarness({
        runTurn: (a) => {
          seen.push(a);
          return fakeRunTurn(a);
        },
      });
      try {
        const first = await call<TokenBody>('POST', `${own.url}/webchat/token`);
        expect(first.body.userId).to.match(/^dl_[0-9a-f]{32}$/);
        const again = await call<TokenBody>('POST', `${own.url}/webchat/token`, {
          body: { userId: first.body.userId },
        });
        expect(again.body.userId).to.equal(first.body.userId);
        expect(again.body.conversationId).to.not.equal(first.body.conversationId);
        // The bot is told of the same user joining the new conversation.
        await call('POST', `${own.base}/conversations`, { bearer: again.body.token });
        const joined = seen.find(
          (a) => a.type === 'conversationUpdate' && a.conversation.id === again.body.conversationId,
        );
        expect(joined?.from?.id).to.equal(first.body.userId);
        for (const body of [
          { userId: 'anne' },
          { userId: 'dl_' + 'A'.repeat(32) },
          { userId: 7 },
        ]) {
          const fresh = await call<TokenBody>('POST', `${own.url}/webchat/token`, { body });
          expect(fresh.status).to.equal(200);
          expect(fresh.body.userId).to.match(/^dl_[0-9a-f]{32}$/);
          expect(fresh.body.userId).to.not.equal(first.body.userId);
        }
      } finally {
        await own.close();
      }
    });

    it('forgets a conversation after the idle timeout', async function () {
      const conversation = await startConversation(h);
      await waitForBotMessages(h, conversation, 1);
      clock += 61 * 60 * 1000;
      try {
        expectError(
          await call('GET', `${h.base}/conversations/${conversation.conversationId}/activities`),
          404,
          'not_found',
        );
      } finally {
        clock -= 61 * 60 * 1000;
      }
    });
  });

  describe('limits', function () {
    let h: Harness | undefined;

    afterEach(async function () {
      await h?.close();
      h = undefined;
    });

    it('evicts the least recently used conversation beyond maxConversations', async function () {
      h = await startHarness({ limits: { maxConversations: 2 } });
      const first = await startConversation(h);
      const second = await startConversation(h);
      await getActivities(h, first); // first is now the most recently used
      await startConversation(h);
      expect(
        (await call('GET', `${h.base}/conversations/${second.conversationId}/activities`)).status,
      ).to.equal(404);
      expect(
        (await call('GET', `${h.base}/conversations/${first.conversationId}/activities`)).status,
      ).to.equal(200);
    });

    it('answers 429 when too many turns are waiting in one conversation', async function () {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      h = await startHarness({
        limits: { maxPendingTurns: 2 },
        runTurn: async (activity) => {
          if (activity.type === 'message') await gate;
          return [];
        },
      });
      const conversation = await startConversation(h);
      await sleep(20); // the welcome turn has finished
      expect((await postMessage(h, conversation, 'en')).status).to.equal(200);
      expect((await postMessage(h, conversation, 'to')).status).to.equal(200);
      const refused = await postMessage(h, conversation, 'tre');
      expectError(refused, 429, 'too_many_requests');
      release();
      await sleep(20);
      expect((await postMessage(h, conversation, 'fire')).status).to.equal(200);
    });

    it('keeps at most maxActivitiesPerConversation activities, the watermark still growing', async function () {
      h = await startHarness({ limits: { maxActivitiesPerConversation: 3 } });
      const conversation = await startConversation(h);
      for (const text of ['a', 'b']) await postMessage(h, conversation, text);
      // welcome, then echo, typing and reply for each message: 7 appended, the last 3 kept.
      const page = await waitFor(async () => {
        const current = await getActivities(h!, conversation);
        return current.watermark === '7' ? current : undefined;
      });
      expect(page.activities.map((a) => a.id.split('|')[1])).to.deep.equal([
        '0000005',
        '0000006',
        '0000007',
      ]);
    });

    it('keeps at most maxBytesPerConversation bytes of activities, dropping the oldest', async function () {
      h = await startHarness({ limits: { maxBytesPerConversation: 8 * 1024 } });
      const conversation = await startConversation(h);
      for (let i = 0; i < 12; i += 1) {
        expect((await postMessage(h, conversation, `${i} ${'x'.repeat(1500)}`)).status).to.equal(
          200,
        );
      }
      const page = await waitFor(async () => {
        const current = await getActivities(h!, conversation);
        // welcome, then echo, typing and reply for each of the 12 messages
        return current.watermark === '37' ? current : undefined;
      });
      const kept = Buffer.byteLength(JSON.stringify(page.activities));
      expect(kept).to.be.at.most(8 * 1024 + 1024);
      // The newest is kept, the first messages are gone.
      expect(page.activities.at(-1)?.text).to.match(/^Du skrev/);
      expect(page.activities.some((a) => a.text?.startsWith('0 '))).to.equal(false);
    });

    it('evicts least recently used conversations when all of them exceed maxTotalBytes', async function () {
      h = await startHarness({
        limits: { maxTotalBytes: 20 * 1024, maxBytesPerConversation: 16 * 1024 },
      });
      const old = await startConversation(h);
      await postMessage(h, old, 'x'.repeat(4000));
      const busy = await startConversation(h);
      for (let i = 0; i < 5; i += 1) await postMessage(h, busy, 'y'.repeat(4000));
      await sleep(50);
      expect(
        (await call('GET', `${h.base}/conversations/${old.conversationId}/activities`)).status,
      ).to.equal(404);
      expect(
        (await call('GET', `${h.base}/conversations/${busy.conversationId}/activities`)).status,
      ).to.equal(200);
    });

    it('rate-limits anonymous conversation starts and web chat tokens per client address, so 1,000 quick starts cannot evict a conversation', async function () {
      h = await startHarness({
        env: { RATE_LIMIT_TOKENS_PER_MINUTE: '5' },
        limits: { maxConversations: 50 },
      });
      const victim = await startConversation(h);
      let accepted = 1;
      let refused: JsonResponse<unknown> | undefined;
      for (let i = 0; i < 1000; i += 1) {
        const res =
          i % 2 === 0
            ? await call('POST', `${h.base}/conversations`)
            : await call('POST', `${h.url}/webchat/token`);
        if (res.status === 429) refused ??= res;
        else if (res.status === 200 || res.status === 201) accepted += 1;
      }
      expect(accepted).to.equal(5);
      expectError(refused!, 429, 'too_many_requests');
      expect(
        (await call('GET', `${h.base}/conversations/${victim.conversationId}/activities`)).status,
      ).to.equal(200);
    });

    it('sets Retry-After on a 429 and does not limit the holder of the Direct Line secret', async function () {
      h = await startHarness({
        env: {
          DIRECT_LINE_SECRET: SECRET,
          WEBCHAT_ACCESS: 'open',
          RATE_LIMIT_TOKENS_PER_MINUTE: '2',
        },
      });
      for (let i = 0; i < 2; i += 1) {
        expect((await call('POST', `${h.url}/webchat/token`)).status).to.equal(200);
      }
      const res = await fetch(`${h.url}/webchat/token`, { method: 'POST' });
      expect(res.status).to.equal(429);
      expect(Number(res.headers.get('retry-after'))).to.be.within(1, 60);
      for (let i = 0; i < 10; i += 1) {
        expect((await call('POST', `${h.base}/conversations`, { bearer: SECRET })).status).to.equal(
          201,
        );
      }
    });

    it('limits the activities posted to one conversation per minute, even when every turn is instant', async function () {
      h = await startHarness({ env: { RATE_LIMIT_ACTIVITIES_PER_MINUTE: '4' } });
      const conversation = await startConversation(h);
      const other = await startConversation(h);
      for (let i = 0; i < 4; i += 1) {
        expect((await postMessage(h, conversation, `m${i}`)).status).to.equal(200);
      }
      expectError(await postMessage(h, conversation, 'one too many'), 429, 'too_many_requests');
      expect((await postMessage(h, other, 'still fine')).status).to.equal(200);
    });
  });

  describe('who gets a web chat token (WEBCHAT_ACCESS)', function () {
    let h: Harness | undefined;

    afterEach(async function () {
      await h?.close();
      h = undefined;
    });

    it('with DIRECT_LINE_SECRET set, gives a token only to a request signed in through the front end', async function () {
      h = await startHarness({ env: { DIRECT_LINE_SECRET: SECRET } });
      expectError(await call('POST', `${h.url}/webchat/token`), 401, 'unauthorized');
      const signedIn = await call<ConversationBody>('POST', `${h.url}/webchat/token`, {
        headers: { 'X-MS-CLIENT-PRINCIPAL-ID': '00000000-0000-0000-0000-000000000001' },
      });
      expect(signedIn.status).to.equal(200);
      expect(signedIn.body.token).to.be.a('string');
    });

    it('gives a signed-in user the same pseudonymous user on every visit, whatever the page sends', async function () {
      h = await startHarness({ env: { DIRECT_LINE_SECRET: SECRET } });
      type TokenBody = ConversationBody & { userId: string };
      const principal = '00000000-0000-0000-0000-000000000001';
      const asUser = (user: string, body?: unknown) =>
        call<TokenBody>('POST', `${h!.url}/webchat/token`, {
          headers: { 'X-MS-CLIENT-PRINCIPAL-ID': user },
          ...(body ? { body } : {}),
        });
      const first = await asUser(principal);
      const second = await asUser(principal, { userId: 'dl_' + '0'.repeat(32) });
      const other = await asUser('00000000-0000-0000-0000-000000000002');
      expect(first.body.userId).to.match(/^dl_[0-9a-f]{32}$/);
      expect(second.body.userId).to.equal(first.body.userId);
      expect(other.body.userId).to.not.equal(first.body.userId);
      expect(first.body.userId).to.not.include(principal.replaceAll('-', ''));
    });

    it('limits signed-in users one by one, not by their shared address', async function () {
      h = await startHarness({
        env: { DIRECT_LINE_SECRET: SECRET, RATE_LIMIT_TOKENS_PER_MINUTE: '2' },
      });
      const asUser = (user: string) =>
        call('POST', `${h!.url}/webchat/token`, { headers: { 'X-MS-CLIENT-PRINCIPAL-ID': user } });
      expect((await asUser('anne')).status).to.equal(200);
      expect((await asUser('anne')).status).to.equal(200);
      expect((await asUser('anne')).status).to.equal(429);
      expect((await asUser('bjørn')).status).to.equal(200);
    });

    it('reads the sign-in header named by WEBCHAT_AUTH_HEADER', async function () {
      h = await startHarness({
        env: { DIRECT_LINE_SECRET: SECRET, WEBCHAT_AUTH_HEADER: 'X-Auth-Request-User' },
      });
      const wrong = await call('POST', `${h.url}/webchat/token`, {
        headers: { 'X-MS-CLIENT-PRINCIPAL-ID': 'someone' },
      });
      expectError(wrong, 401, 'unauthorized');
      const right = await call('POST', `${h.url}/webchat/token`, {
        headers: { 'X-Auth-Request-User': 'someone' },
      });
      expect(right.status).to.equal(200);
    });

    it('gives no token at all with WEBCHAT_ACCESS=off', async function () {
      h = await startHarness({ env: { WEBCHAT_ACCESS: 'off' } });
      expectError(await call('POST', `${h.url}/webchat/token`), 403, 'forbidden');
    });

    it('gives a token to anyone locally (no secret), as before', async function () {
      h = await startHarness();
      expect((await call('POST', `${h.url}/webchat/token`)).status).to.equal(200);
    });
  });
});
