import { expect } from 'chai';
import { validFnr } from '../support/fnr.js';
import { postJson, startTestServer, type TestServer } from '../support/server.js';

interface SafetyBody {
  tier: 'acute' | 'possible' | 'none';
  matched: { concept: string; phrase: string }[];
  actions: string[];
  sources: { document: string; section: string; authority: string; external: boolean }[];
}

describe('POST /api/v1/safety/check (real server)', function () {
  let server: TestServer;

  before(async function () {
    server = await startTestServer();
  });

  after(async function () {
    await server.close();
  });

  const post = (body: unknown): Promise<{ status: number; json: unknown }> =>
    postJson(server, '/api/v1/safety/check', body);

  it('gives the acute tier, what it reacted to, the actions and their sources', async function () {
    const { status, json } = await post({ text: 'pas har tatt en OD for en time siden' });
    expect(status).to.equal(200);
    const b = json as SafetyBody;
    expect(b).to.have.all.keys(['tier', 'matched', 'actions', 'sources']);
    expect(b.tier).to.equal('acute');
    expect(b.matched.map((m) => m.phrase)).to.include('OD');
    expect(b.actions.join(' ')).to.match(/ring 113/);
    expect(b.actions.join(' ')).to.not.match(/lav|moderat|høy risiko/i);
    expect(b.sources.some((s) => s.authority === 'national-guideline')).to.equal(true);
  });

  it('gives the possible tier a safety line and the question, and none for a routine question', async function () {
    const possible = (await post({ text: 'suicidal' })).json as SafetyBody;
    expect(possible.tier).to.equal('possible');
    expect(possible.actions).to.include('Er det akutt fare nå?');
    const none = (await post({ text: 'Hva gjør vi når en pasient har tatt en overdose?' }))
      .json as SafetyBody;
    expect(none).to.deep.equal({ tier: 'none', matched: [], actions: [], sources: [] });
  });

  it('never echoes or logs a fødselsnummer, and never logs the text', async function () {
    const fnr = validFnr('311299');
    const { json } = await post({ text: `${fnr} har hengt seg på badet` });
    expect(JSON.stringify(json)).to.not.include(fnr);
    expect((json as SafetyBody).tier).to.equal('acute');
    const logs = server.logLines().join('\n');
    expect(logs).to.not.include(fnr);
    expect(logs).to.not.include('hengt seg');
  });

  for (const [body, field] of [
    [{}, 'text'],
    [{ text: '' }, 'text'],
    [{ text: 42 }, 'text'],
    [{ text: 'x'.repeat(2001) }, 'text'],
    [{ text: 'ok', extra: 1 }, 'extra'],
  ] as const) {
    it(`400 naming "${field}" for ${JSON.stringify(body).slice(0, 40)}`, async function () {
      const { status, json } = await post(body);
      expect(status).to.equal(400);
      expect(JSON.stringify(json)).to.include(field);
    });
  }
});
