/**
 * Requests that used to take the process down (issue 13): a body declared as gzip that is not
 * gzip crashed restify's body reader; a real gzip body slipped past MAX_BODY_BYTES; a JSON body
 * nested thousands of levels overflowed the stack in JSON.stringify and in the patient-id guard.
 * Each now gets a JSON 4xx, and the server keeps answering.
 */
import { expect } from 'chai';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { jsonDepth } from '../../src/http/limits.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** `{"a":{"a":…}}` nested `levels` deep, built as text (no recursion). */
function nested(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

describe('HTTP limits: encodings and JSON depth (real server)', function () {
  let server: TestServer;

  before(async function () {
    server = await startTestServer();
  });

  after(async function () {
    await server.close();
  });

  const send = async (
    path: string,
    body: string | Blob,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; json: { error?: { code: string; message: string } } }> => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: res.status, json: (await res.json()) as never };
  };

  const alive = async (): Promise<number> => (await fetch(`${server.url}/healthz`)).status;

  it('answers 415 to a body declared as gzip that is not gzip, and stays up', async function () {
    const r = await send('/api/v1/audit-c', '{"answers":[1,1,1]}', { 'content-encoding': 'gzip' });
    expect(r.status).to.equal(415);
    expect(r.json.error?.code).to.equal('unsupported_media_type');
    expect(await alive()).to.equal(200);
  });

  it('answers 415 to a real gzip body too: nothing inflates past MAX_BODY_BYTES', async function () {
    const bomb = new Blob([gzipSync(Buffer.from(`{"text":"${'a'.repeat(5_000_000)}"}`))]);
    expect(bomb.size).to.be.below(20_000);
    for (const path of ['/api/v1/safety/check', '/api/messages']) {
      const r = await send(path, bomb, { 'content-encoding': 'gzip' });
      expect(r.status, path).to.equal(415);
    }
    const deflate = await send('/api/v1/audit-c', '{}', { 'content-encoding': 'deflate, gzip' });
    expect(deflate.status).to.equal(415);
    expect(await alive()).to.equal(200);
  });

  it('answers 400 naming the limit to a body nested thousands of levels, on every kind of route, and stays up', async function () {
    for (const path of ['/api/v1/audit-c', '/api/messages', '/api/v1/safety/check']) {
      const r = await send(path, nested(5_000));
      expect(r.status, path).to.equal(400);
      expect(r.json.error?.message, path).to.match(/nested deeper than 64 levels/);
    }
    const deepValue = `{"type":"message","text":"hei","value":${nested(4_500)}}`;
    const dl = await send('/v3/directline/conversations/abc/activities', deepValue);
    expect(dl.status).to.equal(400);
    expect(await alive()).to.equal(200);
  });

  it('still takes ordinary bodies (identity encoding, shallow JSON)', async function () {
    const r = await send('/api/v1/audit-c', '{"answers":[1,1,1],"sex":"male"}', {
      'content-encoding': 'identity',
    });
    expect(r.status).to.equal(200);
  });

  it('sends security headers on every response (API, health, errors)', async function () {
    for (const [method, path] of [
      ['GET', '/healthz'],
      ['GET', '/api/v1/knowledge?area=rop'],
      ['GET', '/finnes-ikke'],
      ['POST', '/api/v1/audit-c'],
    ] as const) {
      const res = await fetch(`${server.url}${path}`, { method });
      expect(res.headers.get('x-content-type-options'), path).to.equal('nosniff');
      expect(res.headers.get('referrer-policy'), path).to.equal('no-referrer');
      expect(res.headers.get('x-frame-options'), path).to.equal('DENY');
    }
  });

  it('measures depth without recursion, even 100,000 levels deep', function () {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(jsonDepth(deep)).to.equal(100_000);
    expect(jsonDepth(deep, 64)).to.equal(65);
    expect(jsonDepth({ a: [1, { b: 2 }] })).to.equal(3);
    expect(jsonDepth('x')).to.equal(0);
  });
});

describe('HTTP limits: a body trickled slowly (real server)', function () {
  let server: TestServer;

  before(async function () {
    server = await startTestServer({ REQUEST_TIMEOUT_MS: '1000' });
  });

  after(async function () {
    await server.close();
  });

  /** Sends headers, then one byte of the body every 200 ms; resolves with what the server said. */
  function trickle(path: string): Promise<{ head: string; body: string; closed: boolean }> {
    const { hostname, port } = new URL(server.url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname);
      let answer = '';
      let timer: NodeJS.Timeout | undefined;
      const giveUp = setTimeout(() => {
        socket.destroy();
        reject(new Error('no answer within 10 s'));
      }, 10_000);
      socket.on('connect', () => {
        socket.write(
          `POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{`,
        );
        timer = setInterval(() => socket.write(' '), 200);
      });
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearInterval(timer);
        clearTimeout(giveUp);
        const [head = '', body = ''] = answer.split('\r\n\r\n');
        resolve({ head, body, closed: true });
      });
    });
  }

  it('answers 408 and closes the connection when the body has not arrived in REQUEST_TIMEOUT_MS', async function () {
    const started = Date.now();
    const answer = await trickle('/api/v1/audit-c');
    expect(answer.head).to.match(/^HTTP\/1\.1 408/);
    expect(JSON.parse(answer.body)).to.deep.include({
      error: { code: 'request_timeout', message: 'Request body not received within 1000 ms' },
    });
    expect(Date.now() - started).to.be.below(5000);
  });

  it('does the same on /api/messages and keeps serving others', async function () {
    const answer = await trickle('/api/messages');
    expect(answer.head).to.match(/^HTTP\/1\.1 408/);
    expect((await fetch(`${server.url}/healthz`)).status).to.equal(200);
  });

  it('answers a request sent at once as before', async function () {
    const res = await fetch(`${server.url}/api/v1/audit-c`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ answers: [1, 1, 1] }),
    });
    expect(res.status).to.equal(200);
  });
});
