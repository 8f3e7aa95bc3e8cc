import { expect } from 'chai';
import { createSign, generateKeyPairSync } from 'node:crypto';
import https from 'node:https';
import sinon from 'sinon';
import { validFnr } from '../support/fnr.js';
import { startTestServer, teamsActivity, type TestServer } from '../support/server.js';

interface Replies {
  activities: { type: string; text?: string; attachments?: { contentType: string }[] }[];
}

async function post(
  server: TestServer,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('HTTP server (real server on a random port)', function () {
  let server: TestServer;

  before(async function () {
    server = await startTestServer();
  });

  after(async function () {
    await server.close();
  });

  it('answers GET /healthz with 200', async function () {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: 'ok' });
  });

  it('answers GET /readyz with 200 and the knowledge version once loaded', async function () {
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).to.equal(200);
    const body = (await res.json()) as { status: string; knowledge: { version: string } };
    expect(body.status).to.equal('ready');
    expect(body.knowledge.version).to.be.a('string').and.not.equal('');
  });

  it('replies in the HTTP response to a Teams message with deliveryMode expectReplies', async function () {
    const res = await post(server, teamsActivity({ text: 'hjelp' }));
    expect(res.status).to.equal(200);
    const body = (await res.json()) as Replies;
    const texts = body.activities.filter((a) => a.type === 'message').map((a) => a.text);
    expect(texts.join('\n')).to.match(/Slik bruker du Fagstøtte/);
  });

  it('welcomes when Teams installs the bot (conversationUpdate with the bot added)', async function () {
    const res = await post(
      server,
      teamsActivity({
        type: 'conversationUpdate',
        text: undefined,
        conversation: { id: 'a:install-1', conversationType: 'personal' },
        membersAdded: [{ id: '28:bot-app-id' }],
      }),
    );
    expect(res.status).to.equal(200);
    const body = (await res.json()) as Replies;
    expect(body.activities[0]?.text).to.match(/Hei! Jeg er \*\*Fagstøtte\*\*/);
    expect(body.activities[1]?.attachments?.[0]?.contentType).to.equal(
      'application/vnd.microsoft.card.adaptive',
    );
  });

  it('strips the @mention in a Teams channel message', async function () {
    const res = await post(
      server,
      teamsActivity({
        text: '<at>Fagstøtte</at> meny',
        conversation: {
          id: '19:channel@thread.tacv2;messageid=1',
          conversationType: 'channel',
          isGroup: true,
        },
        entities: [
          {
            type: 'mention',
            text: '<at>Fagstøtte</at>',
            mentioned: { id: '28:bot-app-id', name: 'Fagstøtte' },
          },
        ],
      }),
    );
    const body = (await res.json()) as Replies;
    expect(
      body.activities.some(
        (a) => a.attachments?.[0]?.contentType === 'application/vnd.microsoft.card.adaptive',
      ),
    ).to.equal(true);
  });

  it('answers malformed JSON with a 400 JSON error and keeps serving', async function () {
    const bad = await post(server, '{"type": "message", ');
    expect(bad.status).to.equal(400);
    const body = (await bad.json()) as { error: { code: string; message: string } };
    expect(body.error.code).to.equal('bad_request');
    expect(JSON.stringify(body)).to.not.match(/at |stack|node_modules/);
    const good = await post(server, teamsActivity({ conversation: { id: 'a:after-400' } }));
    expect(good.status).to.equal(200);
  });

  it('answers a body that is not an activity with 400 naming the field', async function () {
    for (const body of [[1, 2, 3], { hello: 'world' }, teamsActivity({ type: '' })]) {
      const res = await post(server, body);
      expect(res.status, JSON.stringify(body)).to.equal(400);
      const json = (await res.json()) as { error: { message: string } };
      expect(json.error.message).to.match(/^Invalid activity: /);
    }
    const res = await post(server, { channelId: 'msteams' });
    expect(((await res.json()) as { error: { message: string } }).error.message).to.match(/type/);
  });

  it('answers an oversize body with 413', async function () {
    const res = await post(server, teamsActivity({ text: 'x'.repeat(300 * 1024) }));
    expect(res.status).to.equal(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).to.equal(
      'payload_too_large',
    );
  });

  it('answers an invoke it does not handle with 501 and a JSON error naming it (issue 13)', async function () {
    const res = await post(
      server,
      teamsActivity({
        type: 'invoke',
        name: 'composeExtension/query',
        text: undefined,
        value: {},
        deliveryMode: 'normal',
      }),
    );
    expect(res.status).to.equal(501);
    expect(await res.json()).to.deep.equal({
      error: {
        code: 'not_implemented',
        message: 'This bot does not handle the invoke "composeExtension/query"',
      },
    });
  });

  it('warns at start-up that memory storage is for one instance only, with its bounds', function () {
    const line = server.logLines().find((l) => l.includes('STORAGE=memory'));
    expect(line).to.match(/run one instance only/);
    expect(line).to.match(/"maxBytes":67108864/);
  });

  it('answers an unknown route with a 404 JSON error', async function () {
    const res = await fetch(`${server.url}/nope`);
    expect(res.status).to.equal(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('not_found');
  });

  it('never writes a typed fødselsnummer to the log or the reply', async function () {
    const fnr = validFnr('150875');
    const res = await post(
      server,
      teamsActivity({ text: `Pasienten ${fnr} skal ha tilsyn`, conversation: { id: 'a:privacy' } }),
    );
    const body = JSON.stringify(await res.json());
    expect(body).to.match(/fødselsnummer eller D-nummer/);
    expect(body).to.match(/ikke lagret eller logget/);
    expect(body).to.not.include(fnr);
    const log = server.logLines().join('\n');
    expect(log).to.not.include(fnr);
    expect(log).to.not.match(/\d{11}/);
    expect(log).to.not.include('skal ha tilsyn');
  });
});

describe('HTTP server before the knowledge base is loaded', function () {
  it('answers /readyz with 503 while /healthz is already 200', async function () {
    const server = await startTestServer({}, { ready: false });
    try {
      expect((await fetch(`${server.url}/readyz`)).status).to.equal(503);
      expect((await fetch(`${server.url}/healthz`)).status).to.equal(200);
    } finally {
      await server.close();
    }
  });
});

describe('HTTP server with Bot Framework authentication on (MicrosoftAppId set)', function () {
  let server: TestServer;

  before(async function () {
    server = await startTestServer({
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 'not-a-real-secret',
      OUTBOUND_TIMEOUT_MS: '3000',
    });
  });

  after(async function () {
    await server.close();
  });

  it('rejects a request without a token with 401', async function () {
    const res = await post(server, teamsActivity());
    expect(res.status).to.equal(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('unauthorized');
  });

  it('rejects a request with a malformed token with 401', async function () {
    const res = await post(server, teamsActivity(), { authorization: 'Bearer not.a.jwt' });
    expect(res.status).to.equal(401);
  });

  it('rejects an unsigned ("alg": "none") or garbled JWT with 401, not 500, without fetching metadata (issue 13)', async function () {
    const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: 'https://api.botframework.com', aud: 'x' })}.sig`;
    const garbled = `${b64({ alg: 'RS256' }).slice(0, -2)}!!.${b64({})}.x`;
    for (const token of [unsigned, garbled, 'x.y.z', '']) {
      const res = await post(server, teamsActivity(), { authorization: `Bearer ${token}` });
      expect(res.status, token).to.equal(401);
    }
    expect(server.logLines().join('\n')).to.not.match(/"level":"error"/);
  });

  it('refuses well-formed tokens signed with a foreign key with 401, and does not fetch the signing keys per request (issue 13)', async function () {
    // A real RS256 signature from a key the channel never published, with an unknown key id.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const forged = (kid: string): string => {
      const input = `${b64({ alg: 'RS256', typ: 'JWT', kid })}.${b64({
        iss: 'https://api.botframework.com',
        aud: '11111111-2222-3333-4444-555555555555',
        exp: Math.floor(Date.now() / 1000) + 600,
        serviceurl: 'https://smba.trafficmanager.net/emea/',
      })}`;
      return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
    };
    const outbound = sinon.spy(https, 'request');
    try {
      const first = await post(server, teamsActivity(), {
        authorization: `Bearer ${forged('k0')}`,
      });
      expect(first.status).to.equal(401);
      const afterFirst = outbound.callCount;
      // Whether the keys loaded (internet) or not (offline), later forgeries fetch nothing.
      const statuses: number[] = [];
      for (let i = 1; i <= 20; i += 1) {
        const res = await post(server, teamsActivity(), {
          authorization: `Bearer ${forged(`k${i}`)}`,
        });
        statuses.push(res.status);
      }
      expect(new Set(statuses)).to.deep.equal(new Set([401]));
      expect(afterFirst, 'fetches for the first token').to.be.at.most(2);
      expect(outbound.callCount, 'fetches for 20 more tokens').to.equal(afterFirst);
    } finally {
      outbound.restore();
    }
  });

  it('logs that authentication is on', function () {
    expect(server.logLines().join('\n')).to.match(/authentication ON/);
  });
});
