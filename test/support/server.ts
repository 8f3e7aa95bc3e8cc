/**
 * Starts the real application (same wiring as src/main.ts) on 127.0.0.1, port 0, with a test
 * configuration and an in-memory log, and closes it after. Tests talk to it only over HTTP.
 */
import { createApp, type App } from '../../src/app.js';
import { createBotRuntime, type BotRuntime } from '../../src/channel/runtime.js';
import { loadConfig } from '../../src/shared/config.js';
import { createMemoryLogger } from '../../src/shared/logger.js';
import { testKnowledge, texts } from './transcript.js';

export interface TestServer {
  readonly url: string;
  readonly app: App;
  readonly runtime: BotRuntime;
  /** Every JSON log line written so far. */
  logLines(): string[];
  close(): Promise<void>;
}

export async function startTestServer(
  env: Record<string, string> = {},
  options: { ready?: boolean; now?: () => Date } = {},
): Promise<TestServer> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    TYPING_DELAY_MS: '10000',
    LOG_LEVEL: 'debug',
    ...env,
  });
  const { logger, lines } = createMemoryLogger('debug');
  const knowledge = await testKnowledge();
  const runtime = createBotRuntime({
    config,
    logger,
    texts,
    knowledge,
    ...(options.now ? { now: options.now } : {}),
  });
  const app = createApp({ config, logger, runtime, knowledge });
  const url = await app.listen();
  if (options.ready !== false) app.markReady(knowledge.kb.version);
  return { url, app, runtime, logLines: lines, close: () => app.close() };
}

/** A Bot Framework activity as Teams sends it to /api/messages. */
export function teamsActivity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: 'f:1234567890',
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    from: {
      id: '29:1a2b3c',
      name: 'Kari Nordmann',
      aadObjectId: '00000000-0000-0000-0000-00000000000a',
    },
    conversation: {
      id: 'a:1xyz',
      conversationType: 'personal',
      tenantId: '00000000-0000-0000-0000-0000000000aa',
    },
    recipient: { id: '28:bot-app-id', name: 'Fagstøtte' },
    channelData: { tenant: { id: '00000000-0000-0000-0000-0000000000aa' } },
    locale: 'nb-NO',
    text: 'hjelp',
    textFormat: 'plain',
    deliveryMode: 'expectReplies',
    ...overrides,
  };
}

/** POSTs a JSON body to the server and returns the status and parsed JSON answer. */
export async function postJson(
  server: TestServer,
  path: string,
  body: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

let activitySeq = 0;

/**
 * Sends `overrides` as a Teams activity (teamsActivity) to POST /api/messages with expectReplies,
 * expects 200, and returns every reply as one JSON string for regex assertions.
 */
export async function postActivity(
  server: TestServer,
  overrides: Record<string, unknown>,
): Promise<string> {
  const res = await fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(teamsActivity({ id: `f:t${++activitySeq}`, ...overrides })),
  });
  if (res.status !== 200) throw new Error(`POST /api/messages answered ${res.status}`);
  return JSON.stringify(await res.json());
}
