/**
 * The content checks a content owner runs (npm run kb:check, npm run kb:coverage): citation
 * drift is caught, the allow-list and exception files are honoured, and the shipped knowledge
 * base passes both.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadKnowledge, type KnowledgeBase } from '../../src/domain/knowledge/load.js';
import { citationDrift, loadCitationAllowList } from '../../scripts/lib/citationCheck.js';
import {
  catalogueFile,
  coverage,
  loadExceptions,
  parseCatalogue,
} from '../../scripts/lib/coverage.js';

const knowledgeDir = path.resolve(import.meta.dirname, '..', '..', 'knowledge');
import { seedsDir, sharedCatalogueFile, sharedSeedsDir } from '../../scripts/lib/seeds.js';
import { existsSync, readdirSync } from 'node:fs';

describe('Knowledge content checks (kb:check, kb:coverage)', function () {
  let kb: KnowledgeBase;

  before(async function () {
    kb = await loadKnowledge(knowledgeDir);
  });

  it('reads its own copy of the seeds (docs/seeds/), identical to ../shared/ where that exists', function () {
    const files = readdirSync(seedsDir).filter((f) => /^\d{3}_.*\.txt$/.test(f));
    expect(files).to.have.length(5);
    expect(readFileSync(catalogueFile, 'utf8')).to.match(/Seed rules catalogue/);
    if (existsSync(sharedSeedsDir)) {
      for (const f of files) {
        expect(
          readFileSync(path.join(seedsDir, f), 'utf8'),
          `${f}: run npm run seeds:sync`,
        ).to.equal(readFileSync(path.join(sharedSeedsDir, f), 'utf8'));
      }
      expect(readFileSync(catalogueFile, 'utf8'), 'run npm run seeds:sync').to.equal(
        readFileSync(sharedCatalogueFile, 'utf8'),
      );
    }
  });

  it('finds no citation drift in the shipped items', function () {
    expect(citationDrift(kb, seedsDir, loadCitationAllowList(knowledgeDir))).to.deep.equal([]);
  });

  it('reports an item whose cited lines contain none of its key terms, unless allowed', function () {
    const first = kb.items[0];
    if (!first) throw new Error('no items');
    const moved = {
      ...first,
      keywords: ['zebrastripe', 'kvantefysikk'],
      sources: [{ source: 'seed-000', section: '1', heading: 'Forord', lines: '1-2' }],
    };
    const drifted = { ...kb, items: [moved] } as KnowledgeBase;
    expect(citationDrift(drifted, seedsDir, new Map())).to.deep.equal([
      `${first.id}: its cited seed lines contain none of its key terms`,
    ]);
    expect(
      citationDrift(drifted, seedsDir, new Map([[first.id, 'a reason long enough']])),
    ).to.deep.equal([]);
  });

  it('covers every key rule of the seeds, or documents why not (kb:coverage)', function () {
    const result = coverage(
      kb,
      parseCatalogue(readFileSync(catalogueFile, 'utf8')),
      loadExceptions(knowledgeDir),
    );
    expect(result.length).to.equal(158);
    const open = result.filter((c) => c.items.length === 0 && !c.exception).map((c) => c.rule.slug);
    expect(open).to.deep.equal([]);
    const covered = result.filter((c) => c.items.length > 0).length;
    expect(covered / result.length).to.be.at.least(0.95);
  });
});
