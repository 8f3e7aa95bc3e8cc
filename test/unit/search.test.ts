import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadKnowledge } from '../../src/domain/knowledge/load.js';
import { fold, looseKey, tokenize } from '../../src/domain/knowledge/normalize.js';
import { createSearchEngine, type SearchEngine } from '../../src/domain/knowledge/search.js';
import {
  createKnowledgeService,
  type KnowledgeService,
} from '../../src/domain/knowledge/service.js';

const fixtures = path.resolve(import.meta.dirname, '..', 'support', 'fixtures');
const ids = (engine: SearchEngine, q: string): string[] =>
  engine.search(q).hits.map((h) => h.item.id);

describe('Norwegian normalisation', function () {
  it('folds case, æ/ø/å and accents, and splits on hyphens and punctuation', function () {
    expect(fold('Pårørende')).to.equal('paaroerende');
    expect(fold('ÆRE Søsken')).to.equal('aere soesken');
    expect(fold('ROP-pasient, café!')).to.equal('rop pasient cafe');
    expect(tokenize('  Hva   er TSB?  ')).to.deep.equal(['hva', 'er', 'tsb']);
  });

  it('lets "parorende", "pårørende" and "paaroerende" meet', function () {
    expect(looseKey(fold('parorende'))).to.equal(looseKey(fold('pårørende')));
    expect(looseKey(fold('paaroerende'))).to.equal(looseKey(fold('pårørende')));
  });
});

describe('Search engine (small fixture knowledge base)', function () {
  let engine: SearchEngine;

  before(async function () {
    engine = createSearchEngine(await loadKnowledge(path.join(fixtures, 'kb-mini')));
  });

  it('finds an item by words from its title', function () {
    expect(ids(engine, 'tvil mellom TSB og psykisk helsevern')[0]).to.equal(
      'rop-tvil-behov-avgjor',
    );
  });

  it('expands an abbreviation to its meaning and back', function () {
    expect(ids(engine, 'tverrfaglig spesialisert rusbehandling tilsyn')).to.include(
      'kons-samme-dag',
    );
    expect(
      engine.search('samtidig ruslidelse og psykisk lidelse').glossary.map((g) => g.abbr),
    ).to.include('ROP');
    expect(engine.search('TSB').glossary.map((g) => g.abbr)).to.deep.equal(['TSB']);
  });

  it('uses synonyms: "suicid" finds the item about selvmordsforsøk', function () {
    expect(ids(engine, 'suicid')[0]).to.equal('sui-etter-forsok-vurdering');
  });

  it('tolerates typos and missing æøå', function () {
    expect(ids(engine, 'selvmordsforsk')[0]).to.equal('sui-etter-forsok-vurdering');
    expect(ids(engine, 'barn som parorende')[0]).to.equal('bsp-kartlegge-barn');
    expect(ids(engine, 'kartleging sosken')[0]).to.equal('bsp-kartlegge-barn');
  });

  it('matches inflected forms and compound words', function () {
    expect(ids(engine, 'pasientene')).to.not.deep.equal([]);
    expect(ids(engine, 'selvmordsrisiko')[0]).to.equal('sui-etter-forsok-vurdering');
  });

  it('ignores stop words: a question of only stop words finds nothing', function () {
    expect(engine.search('hva er det').hits).to.deep.equal([]);
  });

  it('ranks by score in 0..1, without duplicates, and honours the limit', function () {
    const hits = engine.search('TSB tilsyn psykisk helsevern barn', { limit: 3 }).hits;
    expect(hits.length).to.be.at.most(3);
    expect(new Set(hits.map((h) => h.item.id)).size).to.equal(hits.length);
    for (const h of hits) expect(h.score).to.be.within(0, 1);
    const scores = hits.map((h) => h.score);
    expect(scores).to.deep.equal([...scores].sort((a, b) => b - a));
  });

  it('returns no hits and close words for a query that matches nothing well', function () {
    const result = engine.search('xylofon');
    expect(result.hits).to.deep.equal([]);
    const near = engine.search('kartlegginger barneansvarlige');
    expect(near.hits.length).to.be.greaterThan(0);
  });

  it('lists related items: the explicit ones first', function () {
    const kb = engine.search('tvil TSB').hits[0]?.item;
    expect(kb).to.not.equal(undefined);
    if (kb) expect(engine.related(kb, 2)[0]?.id).to.equal('bsp-kartlegge-barn');
  });

  it('looks up abbreviations in any case', function () {
    expect(engine.lookupAbbreviation('tsb')?.expansion).to.equal(
      'tverrfaglig spesialisert rusbehandling',
    );
    expect(engine.lookupAbbreviation('xyz')).to.equal(undefined);
  });
});

interface QuerySet {
  queries: { q: string; hits: string[]; split?: 'held-out' }[];
}

function loadQuerySet(): QuerySet {
  return JSON.parse(
    readFileSync(
      path.resolve(import.meta.dirname, '..', 'fixtures', 'search-queries.json'),
      'utf8',
    ),
  ) as QuerySet;
}

async function realService(): Promise<KnowledgeService> {
  return createKnowledgeService(
    await loadKnowledge(path.resolve(import.meta.dirname, '..', '..', 'knowledge')),
  );
}

describe('Search quality on the realistic query set (test/fixtures/search-queries.json)', function () {
  it('finds a correct item in the top three for at least 90 % of the queries', async function () {
    const service = await realService();
    const set = loadQuerySet();
    const answerable = set.queries.filter((q) => q.hits.length > 0);
    expect(answerable.length).to.be.at.least(60);
    const misses: string[] = [];
    for (const { q, hits } of answerable) {
      for (const id of hits)
        expect(service.item(id), `unknown id ${id} in the query set`).to.not.equal(undefined);
      const top = service.search(q, { limit: 3 }).hits.map((h) => h.item.id);
      if (!hits.some((id) => top.includes(id)))
        misses.push(`${q} → [${top.join(', ')}] (want ${hits.join(' | ')})`);
    }
    const hitAt3 = 1 - misses.length / answerable.length;
    expect(
      hitAt3,
      `hit@3 = ${(hitAt3 * 100).toFixed(1)} %; misses:\n${misses.join('\n')}`,
    ).to.be.at.least(0.9);
  });
});

/**
 * Issue 14: below the confidence threshold the bot says it has no sure answer. The threshold
 * (CONFIDENT_SCORE, CONFIDENT_KNOWN in search.ts) was calibrated on the dev part only; the
 * held-out part is never tuned on. Floors are the figures reported in the README ("Search").
 */
describe('"No sure answer" on off-topic questions (issue 14)', function () {
  let service: KnowledgeService;
  let set: QuerySet;

  before(async function () {
    service = await realService();
    set = loadQuerySet();
  });

  /** Positive = the search is not confident. */
  function measure(split: 'dev' | 'held-out'): {
    offTopic: number;
    precision: number;
    recall: number;
    answerableUnsure: number;
  } {
    const part = set.queries.filter((q) => (q.split ?? 'dev') === split);
    let tp = 0;
    let fp = 0;
    let off = 0;
    for (const { q, hits } of part) {
      const unsure = !service.search(q, { limit: 3 }).confident;
      if (hits.length === 0) off++;
      if (unsure && hits.length === 0) tp++;
      if (unsure && hits.length > 0) fp++;
    }
    return {
      offTopic: off,
      precision: tp / Math.max(1, tp + fp),
      recall: tp / Math.max(1, off),
      answerableUnsure: fp / Math.max(1, part.length - off),
    };
  }

  it('has at least 30 off-topic questions, in both parts, none in both', function () {
    const off = set.queries.filter((q) => q.hits.length === 0);
    expect(off.length).to.be.at.least(30);
    const heldOut = off.filter((q) => q.split === 'held-out');
    expect(heldOut.length).to.be.at.least(15);
    expect(off.length - heldOut.length).to.be.at.least(15);
    const dev = new Set(set.queries.filter((q) => q.split === undefined).map((q) => fold(q.q)));
    const shared = set.queries.filter((q) => q.split === 'held-out' && dev.has(fold(q.q)));
    expect(shared.map((q) => q.q)).to.deep.equal([]);
  });

  it('held-out: precision ≥ 94 % and recall ≥ 85 % of "no sure answer"; ≤ 2 % of answerable questions flagged', function () {
    const m = measure('held-out');
    expect(m.precision, 'precision').to.be.at.least(0.94);
    expect(m.recall, 'recall').to.be.at.least(0.85);
    expect(m.answerableUnsure, 'answerable flagged unsure').to.be.at.most(0.02);
  });

  it('dev: precision ≥ 90 % and recall ≥ 80 %; ≤ 2 % of answerable questions flagged', function () {
    const m = measure('dev');
    expect(m.precision, 'precision').to.be.at.least(0.9);
    expect(m.recall, 'recall').to.be.at.least(0.8);
    expect(m.answerableUnsure, 'answerable flagged unsure').to.be.at.most(0.02);
  });

  it('is unsure of "parkering for pårørende" and "hvem tar kostnadene ved tilsyn" but still lists the nearest items', function () {
    for (const q of ['parkering for pårørende', 'hvem tar kostnadene ved tilsyn']) {
      const result = service.search(q);
      expect(result.confident, q).to.equal(false);
      expect(result.hits.length, q).to.be.greaterThan(0);
    }
  });

  it('is sure of "pasienten drikker mye" and of an abbreviation alone ("LAR")', function () {
    expect(service.search('pasienten drikker mye').confident).to.equal(true);
    expect(service.search('LAR').confident).to.equal(true);
  });

  it('is not confident with no hits', function () {
    expect(service.search('xylofon').confident).to.equal(false);
  });
});
