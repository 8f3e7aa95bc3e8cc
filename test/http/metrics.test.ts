/**
 * Metrics without content (issue 15), through a real server: GET /metrics exists only with
 * METRICS_TOKEN and only for its bearer; it counts turns by flow, acute-risk tiers, searches by
 * outcome and HTTP requests by route pattern — and never holds a word of a message or a number.
 * Every log line of a turn carries that turn's correlation id.
 */
import { expect } from 'chai';
import { validFnr } from '../support/fnr.js';
import { startTestServer, teamsActivity, type TestServer } from '../support/server.js';

const TOKEN = 'metrics-token-for-tests-0123456789';

async function say(server: TestServer, text: string, conversation: string): Promise<void> {
  const res = await fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(teamsActivity({ text, conversation: { id: conversation } })),
  });
  expect(res.status).to.equal(200);
}

describe('GET /metrics and correlation ids (issue 15)', function () {
  it('does not exist without METRICS_TOKEN', async function () {
    const server = await startTestServer();
    try {
      expect((await fetch(`${server.url}/metrics`)).status).to.equal(404);
    } finally {
      await server.close();
    }
  });

  it('answers only its bearer, and counts without content', async function () {
    const server = await startTestServer({ METRICS_TOKEN: TOKEN });
    try {
      expect((await fetch(`${server.url}/metrics`)).status).to.equal(401);
      const wrong = { headers: { authorization: 'Bearer not-the-token-at-all' } };
      expect((await fetch(`${server.url}/metrics`, wrong)).status).to.equal(401);

      const fnr = validFnr('010190');
      await say(server, 'pasienten drikker mye', 'a:m1');
      await say(server, 'parkering for pårørende', 'a:m2');
      await say(server, 'pasienten sier han vil ta livet sitt', 'a:m3');
      await say(server, 'Hvem har ansvaret?', 'a:m4');
      await say(server, `voksen ${fnr}`, 'a:m4');

      const res = await fetch(`${server.url}/metrics`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/plain/);
      const text = await res.text();
      expect(text).to.match(/fagstotte_search_total\{outcome="confident"\} 1/);
      expect(text).to.match(/fagstotte_search_total\{outcome="unsure"\} 1/);
      expect(text).to.match(/fagstotte_acute_risk_total\{tier="acute"\} 1/);
      expect(text).to.match(/fagstotte_turn_duration_seconds_count\{flow="ansvar"\} 2/);
      expect(text).to.match(/fagstotte_turn_duration_seconds_count\{flow="menu"\} 3/);
      expect(text).to.match(
        /fagstotte_http_request_duration_seconds_count\{route="\/api\/messages",status="2xx"\} 5/,
      );
      for (const word of ['drikker', 'parkering', 'livet', 'voksen', fnr, 'a:m1', '29:1a2b3c'])
        expect(text, word).to.not.include(word);
    } finally {
      await server.close();
    }
  });

  it('puts one correlation id on every log line of a turn, a new one per turn', async function () {
    const server = await startTestServer();
    try {
      await say(server, 'hjelp', 'a:c1');
      await say(server, 'hjelp', 'a:c1');
      const turns = server
        .logLines()
        .map((l) => JSON.parse(l) as { message: string; correlationId?: string })
        .filter((l) => l.message === 'turn');
      expect(turns).to.have.length(2);
      const ids = turns.map((t) => t.correlationId);
      expect(ids[0]).to.match(/^[0-9a-f-]{36}$/);
      expect(ids[1]).to.match(/^[0-9a-f-]{36}$/);
      expect(ids[0]).to.not.equal(ids[1]);
    } finally {
      await server.close();
    }
  });
});
