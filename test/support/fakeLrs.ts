/**
 * A fake learning record store on 127.0.0.1 (random port) for the xAPI tests: the statements
 * resource as an LRS serves it (xAPI 1.0.3, Basic auth). POST /xapi/statements stores a statement
 * or an array and answers 200 with the ids; PUT /xapi/statements?statementId=… stores one and
 * answers 204. A wrong or missing Authorization answers 401, a missing or unknown
 * X-Experience-API-Version 400. It can be told to answer 500 or to never answer.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LrsStatement {
  readonly id: string;
  readonly actor: Record<string, unknown> & {
    account?: { homePage: string; name: string };
  };
  readonly verb: { id: string };
  readonly object: { id: string; definition?: Record<string, unknown> };
  readonly result?: {
    score?: { scaled: number; raw?: number; min?: number; max?: number };
    success?: boolean;
    completion?: boolean;
    response?: string;
  };
  readonly context?: {
    registration?: string;
    platform?: string;
    language?: string;
    contextActivities?: { parent?: { id: string }[] };
    extensions?: Record<string, unknown>;
  };
  readonly timestamp?: string;
}

export type LrsMode = 'ok' | 'fail' | 'hang';

export interface FakeLrs {
  /** The xAPI endpoint, e.g. http://127.0.0.1:1234/xapi/ */
  readonly endpoint: string;
  readonly username: string;
  readonly password: string;
  /** Statements stored, in the order received (a resent id is stored once). */
  readonly statements: LrsStatement[];
  /** Every request to /statements (method and status answered, or 0 for one left hanging). */
  readonly requests: { method: string; status: number; version: string | undefined }[];
  mode: LrsMode;
  /** Milliseconds to wait before answering (mode ok or fail). */
  delayMs: number;
  close(): Promise<void>;
}

const VERSIONS = /^1\.0\.[0-3]$/;

export async function startFakeLrs(
  username = 'fagstotte',
  password = 'lrs-test-secret',
): Promise<FakeLrs> {
  const expectedAuth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const statements: LrsStatement[] = [];
  const requests: FakeLrs['requests'] = [];

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const version = req.headers['x-experience-api-version'] as string | undefined;
      const record = { method: req.method ?? '', status: 0, version };
      if (url.pathname === '/xapi/statements') requests.push(record);
      if (lrs.mode === 'hang' && url.pathname === '/xapi/statements') return;
      const answer = (status: number, body?: unknown): void => {
        record.status = status;
        const send = (): void => {
          res.writeHead(status, {
            'Content-Type': 'application/json',
            'X-Experience-API-Version': '1.0.3',
          });
          res.end(body === undefined ? undefined : JSON.stringify(body));
        };
        if (lrs.delayMs > 0) setTimeout(send, lrs.delayMs);
        else send();
      };
      if (url.pathname !== '/xapi/statements') return answer(404, { error: 'not found' });
      if (req.headers.authorization !== expectedAuth) return answer(401, { error: 'auth' });
      if (!version || !VERSIONS.test(version)) return answer(400, { error: 'version' });
      if (lrs.mode === 'fail') return answer(500, { error: 'down' });
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return answer(400, { error: 'json' });
      }
      const incoming = (Array.isArray(body) ? body : [body]) as LrsStatement[];
      if (incoming.some((s) => typeof s !== 'object' || !s.actor || !s.verb || !s.object)) {
        return answer(400, { error: 'statement' });
      }
      const ids: string[] = [];
      for (const s of incoming) {
        const id = s.id ?? randomUUID();
        ids.push(id);
        if (!statements.some((x) => x.id === id)) statements.push({ ...s, id });
      }
      if (req.method === 'PUT') {
        if (incoming.length !== 1 || url.searchParams.get('statementId') !== ids[0]) {
          return answer(400, { error: 'statementId' });
        }
        return answer(204);
      }
      if (req.method === 'POST') return answer(200, ids);
      return answer(405, { error: 'method' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const lrs: FakeLrs = {
    endpoint: `http://127.0.0.1:${port}/xapi/`,
    username,
    password,
    statements,
    requests,
    mode: 'ok',
    delayMs: 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return lrs;
}
