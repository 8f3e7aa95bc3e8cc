/**
 * What the seeded fuzz run (test/fuzz) found in issue 13, each pinned by its own regression test:
 * a WebSocket upgrade held its socket forever; CSV and multipart bodies were parsed (a 500 with the
 * parser's text; upload files left in the temp folder, past MAX_BODY_BYTES); a fødselsnummer came
 * back as a JSON key (API errors, the Direct Line echo), as from.name on non-message activities,
 * in a 404 message and, percent-encoded, in the log.
 */
import { expect } from 'chai';
import { connect } from 'node:net';
import { validFnr } from '../support/fnr.js';
import { startTestServer, teamsActivity, type TestServer } from '../support/server.js';

describe('Fuzz findings, pinned (real server, issue 13)', function () {
  let server: TestServer;
  const fnr = validFnr('150875');
  const digits = fnr.replace(/\D/g, '');

  before(async function () {
    server = await startTestServer();
  });

  after(async function () {
    await server.close();
  });

  function rawRequest(text: string): Promise<string> {
    const { hostname, port } = new URL(server.url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname);
      let answer = '';
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no close within 5 s; got: ${answer}`));
      }, 5000);
      socket.on('connect', () => socket.write(text));
      socket.on('data', (d: Buffer) => (answer += d.toString('utf8')));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearTimeout(timer);
        resolve(answer);
      });
    });
  }

  it('answers a WebSocket upgrade with 501 and closes the connection', async function () {
    const answer = await rawRequest(
      'GET /v3/directline/conversations HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(answer).to.match(/^HTTP\/1\.1 501/);
    expect(answer).to.match(/"code":"not_implemented"/);
  });

  for (const type of [
    'text/csv',
    'text/tab-separated-values',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=b',
  ]) {
    it(`refuses a ${type.split(';')[0]} body with 415 before parsing it`, async function () {
      const body = type.startsWith('multipart')
        ? '--b\r\nContent-Disposition: form-data; name="f"; filename="x.txt"\r\n\r\nxx\r\n--b--\r\n'
        : '"unclosed,quote\n1,2';
      const res = await fetch(`${server.url}/api/v1/audit-c`, {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      });
      expect(res.status).to.equal(415);
      expect(await res.json()).to.deep.equal({
        error: { code: 'unsupported_media_type', message: 'Content-Type must be application/json' },
      });
    });
  }

  it('never repeats a number used as a JSON key in an API error', async function () {
    for (const key of [fnr, encodeURIComponent(fnr.replace(/(\d{6})/, '$1 '))]) {
      const res = await fetch(`${server.url}/api/v1/audit-c`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ answers: [1, 1, 1], [key]: 1 }),
      });
      expect(res.status).to.equal(400);
      const text = await res.text();
      expect(text).to.match(/unknown field/);
      expect(decodeURIComponent(text).replace(/\D/g, '')).not.to.include(digits);
    }
  });

  it('masks a number used as a key in a posted Direct Line value before storing the echo', async function () {
    const started = (await (
      await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST' })
    ).json()) as { conversationId: string; token: string };
    const auth = { authorization: `Bearer ${started.token}`, 'content-type': 'application/json' };
    const base = `${server.url}/v3/directline/conversations/${started.conversationId}/activities`;
    const posted = await fetch(base, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ type: 'message', text: 'hei', value: { [fnr]: 'nøkkel' } }),
    });
    expect(posted.status).to.equal(200);
    const stored = await (await fetch(base, { headers: auth })).text();
    expect(stored).to.include('nøkkel');
    expect(stored).not.to.include(fnr);
  });

  it('masks from.name on every activity type, and refuses a mention it cannot read with 400', async function () {
    const invoke = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        teamsActivity({
          type: 'invoke',
          name: 'x/y',
          from: { id: '29:1', name: `Kari ${fnr}` },
        }),
      ),
    });
    expect(await invoke.text()).not.to.include(fnr);
    const mention = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        teamsActivity({ entities: [{ type: 'mention' }], from: { id: '29:1', name: fnr } }),
      ),
    });
    expect(mention.status).to.equal(400);
    expect(await mention.text()).not.to.include(fnr);
  });

  it('does not repeat the path in a 404, and logs it decoded and masked', async function () {
    const encoded = encodeURIComponent(fnr.replace(/(\d{6})/, '$1. '));
    const res = await fetch(`${server.url}/finnes-ikke/${encoded}`);
    expect(res.status).to.equal(404);
    expect(await res.json()).to.deep.equal({
      error: { code: 'not_found', message: 'No such route' },
    });
    const log = server.logLines().join('\n');
    expect(log).to.match(/finnes-ikke/);
    expect(log).not.to.include(encoded);
    expect(decodeURIComponent(log).replace(/\D/g, '')).not.to.include(digits);
  });
});
