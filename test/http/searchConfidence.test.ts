/** Issue 14: GET /api/v1/knowledge/search says whether its results are a sure answer. */
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../support/server.js';

interface SearchBody {
  query: string;
  results: { id: string; title: string; area: string; summary: string; score: number }[];
  glossary: { abbr: string; expansion: string }[];
  confident: boolean;
}

describe('Knowledge search API: "confident" (real server)', function () {
  let server: TestServer;

  before(async function () {
    server = await startTestServer();
  });

  after(async function () {
    await server.close();
  });

  async function search(q: string): Promise<{ status: number; body: SearchBody }> {
    const res = await fetch(
      `${server.url}/api/v1/knowledge/search?q=${encodeURIComponent(q)}&limit=3`,
    );
    return { status: res.status, body: (await res.json()) as SearchBody };
  }

  it('is true for a question the rules answer, with every existing field unchanged', async function () {
    const { status, body } = await search('tvil mellom TSB og psykisk helsevern');
    expect(status).to.equal(200);
    expect(body.confident).to.equal(true);
    expect(Object.keys(body).sort()).to.deep.equal(['confident', 'glossary', 'query', 'results']);
    expect(body.results[0]?.id).to.equal('rop-tvil-behov-avgjor');
  });

  it('is false for "parkering for pårørende", and the nearest items are still listed', async function () {
    const { status, body } = await search('parkering for pårørende');
    expect(status).to.equal(200);
    expect(body.confident).to.equal(false);
    expect(body.results.length).to.be.within(1, 3);
    for (const r of body.results) expect(r.score).to.be.within(0, 1);
  });

  it('is false when nothing is found', async function () {
    const { body } = await search('qwerty zxcv');
    expect(body.results).to.deep.equal([]);
    expect(body.confident).to.equal(false);
  });
});
