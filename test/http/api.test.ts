import { expect } from 'chai';
import { validFnr } from '../support/fnr.js';
import { startTestServer, type TestServer } from '../support/server.js';

interface SearchBody {
  query: string;
  results: {
    id: string;
    title: string;
    area: string;
    summary: string;
    score: number;
    sources: {
      document: string;
      section: string;
      issuer: string;
      authority: string;
      external: boolean;
    }[];
  }[];
  glossary: { abbr: string; expansion: string }[];
}

async function get<T>(server: TestServer, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, body: (await res.json()) as T };
}

describe('Knowledge JSON API (real server)', function () {
  let server: TestServer;

  before(async function () {
    server = await startTestServer();
  });

  after(async function () {
    await server.close();
  });

  it('searches: GET /api/v1/knowledge/search?q=…&limit=… returns ranked results with sources', async function () {
    const { status, body } = await get<SearchBody>(
      server,
      `/api/v1/knowledge/search?q=${encodeURIComponent('tvil mellom TSB og psykisk helsevern')}&limit=3`,
    );
    expect(status).to.equal(200);
    expect(body.query).to.equal('tvil mellom TSB og psykisk helsevern');
    expect(body.results.length).to.be.within(1, 3);
    expect(body.results.map((r) => r.id)).to.include('rop-tvil-behov-avgjor');
    const first = body.results[0];
    expect(first).to.have.keys(['id', 'title', 'area', 'summary', 'score', 'sources']);
    expect(first?.score).to.be.within(0, 1);
    expect(first?.sources[0]).to.include.keys([
      'document',
      'section',
      'issuer',
      'authority',
      'external',
    ]);
    const scores = body.results.map((r) => r.score);
    expect(scores).to.deep.equal([...scores].sort((a, b) => b - a));
    expect(body.glossary.map((g) => g.abbr)).to.include('TSB');
  });

  it('answers 400 naming the parameter for a missing q or a bad limit', async function () {
    for (const [path, field] of [
      ['/api/v1/knowledge/search', 'q'],
      ['/api/v1/knowledge/search?q=', 'q'],
      ['/api/v1/knowledge/search?q=rus&limit=0', 'limit'],
      ['/api/v1/knowledge/search?q=rus&limit=21', 'limit'],
      ['/api/v1/knowledge/search?q=rus&limit=mange', 'limit'],
    ] as const) {
      const { status, body } = await get<{ error: { code: string; message: string } }>(
        server,
        path,
      );
      expect(status, path).to.equal(400);
      expect(body.error.code).to.equal('bad_request');
      expect(body.error.message, path).to.match(new RegExp(`^${field}: `));
    }
  });

  it('masks a fødselsnummer in the query and never echoes it', async function () {
    const fnr = validFnr('010203');
    const res = await fetch(
      `${server.url}/api/v1/knowledge/search?q=${encodeURIComponent(`rus ${fnr}`)}`,
    );
    const text = await res.text();
    expect(text).to.not.include(fnr);
    expect((JSON.parse(text) as SearchBody).query).to.match(/\[fødselsnummer fjernet\]/);
    expect(server.logLines().join('\n')).to.not.include(fnr);
  });

  it('returns a whole item: GET /api/v1/knowledge/<id>', async function () {
    const { status, body } = await get<Record<string, unknown>>(
      server,
      '/api/v1/knowledge/rop-tvil-behov-avgjor',
    );
    expect(status).to.equal(200);
    expect(body).to.include.keys([
      'id',
      'title',
      'area',
      'summary',
      'body',
      'audience',
      'mandatory',
      'keywords',
      'sources',
      'related',
    ]);
    expect(body.id).to.equal('rop-tvil-behov-avgjor');
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async function () {
    expect((await get(server, '/api/v1/knowledge/finnes-ikke')).status).to.equal(404);
    expect((await get(server, '/api/v1/knowledge/DROP%20TABLE')).status).to.equal(400);
  });

  it('lists the items of an area: GET /api/v1/knowledge?area=<area>', async function () {
    const { status, body } = await get<{ area: string; count: number; items: { id: string }[] }>(
      server,
      '/api/v1/knowledge?area=rop',
    );
    expect(status).to.equal(200);
    expect(body.area).to.equal('rop');
    expect(body.count).to.equal(body.items.length);
    expect(body.items.map((i) => i.id)).to.include('rop-tvil-behov-avgjor');
  });

  it('answers 400 for an unknown area, listing the valid ones', async function () {
    const { status, body } = await get<{ error: { message: string } }>(
      server,
      '/api/v1/knowledge?area=kardiologi',
    );
    expect(status).to.equal(400);
    expect(body.error.message).to.match(/^area: area must be one of: ansvarsfordeling, rop/);
  });
});
