import { expect } from 'chai';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { KnowledgeError, loadKnowledge, uncoveredAreas } from '../../src/domain/knowledge/load.js';
import { createKnowledgeService } from '../../src/domain/knowledge/service.js';
import { authorityLabels } from '../../src/domain/knowledge/schema.js';

const fixtures = path.resolve(import.meta.dirname, '..', 'support', 'fixtures');

async function failure(dir: string): Promise<KnowledgeError> {
  try {
    await loadKnowledge(dir);
  } catch (err) {
    if (err instanceof KnowledgeError) return err;
    throw err;
  }
  throw new Error('expected a KnowledgeError');
}

describe('Knowledge loading', function () {
  it('loads the shipped knowledge base with all five seed documents and their authority', async function () {
    const kb = await loadKnowledge(path.resolve(import.meta.dirname, '..', '..', 'knowledge'));
    expect([...kb.sources.keys()]).to.include.members([
      'seed-000',
      'seed-001',
      'seed-002',
      'seed-003',
      'seed-004',
    ]);
    expect(kb.sources.get('seed-003')?.authority).to.equal('other-region-model');
    expect(kb.sources.get('seed-001')?.authority).to.equal('expert-recommendation');
  });

  it('names the file and field of a wrong value', async function () {
    const err = await failure(path.join(fixtures, 'kb-bad-authority'));
    expect(err.message).to.match(/kb-bad-authority\/sources\.yaml/);
    expect(err.message).to.match(/sources\[1\]\.authority/);
    expect(err.field).to.equal('sources[1].authority');
  });

  it('names a duplicate id', async function () {
    const err = await failure(path.join(fixtures, 'kb-duplicate'));
    expect(err.message).to.match(/sources\[1\]\.id: duplicate id "seed-000"/);
  });

  it('names the file with invalid YAML', async function () {
    const err = await failure(path.join(fixtures, 'kb-bad-yaml'));
    expect(err.message).to.match(/kb-bad-yaml\/sources\.yaml: invalid YAML/);
  });

  const itemCases: [string, RegExp][] = [
    [
      'kb-item-no-section',
      /items\/mini\.yaml: invalid content:\n\s+items\[3\]\.sources\[0\]\.section: /,
    ],
    ['kb-item-bad-area', /items\/mini\.yaml: invalid content:\n\s+items\[1\]\.area: /],
    [
      'kb-item-dup',
      /items\/b\.yaml: items\[0\] \(kons-samme-dag\)\.id: duplicate id "kons-samme-dag" \(also in kb-item-dup\/items\/a\.yaml\)/,
    ],
    ['kb-item-missing-field', /items\/mini\.yaml: invalid content:\n\s+items\[1\]\.summary: /],
    [
      'kb-item-unknown-source',
      /items\/mini\.yaml: items\[3\] \(kons-samme-dag\)\.sources\[0\]\.source: unknown source "seed-999"/,
    ],
  ];
  for (const [fixture, message] of itemCases) {
    it(`stops on a wrong item and names file, item and field (${fixture})`, async function () {
      const err = await failure(path.join(fixtures, fixture));
      expect(err.message).to.match(message);
    });
  }

  it('finds an item in every area of the shipped knowledge base (what kb:check requires)', async function () {
    const kb = await loadKnowledge(path.resolve(import.meta.dirname, '..', '..', 'knowledge'));
    expect(uncoveredAreas(kb)).to.deep.equal([]);
    expect(
      uncoveredAreas({
        items: kb.items.filter((i) => i.area !== 'begreper' && !i.alsoAreas?.includes('begreper')),
      }),
    ).to.deep.equal(['begreper']);
  });

  it('gives every item a source with a section, and marks other-region items with a caveat', async function () {
    const kb = await loadKnowledge(path.resolve(import.meta.dirname, '..', '..', 'knowledge'));
    for (const item of kb.items) {
      expect(item.sources.length, item.id).to.be.at.least(1);
      if (item.sources.every((s) => kb.sources.get(s.source)?.authority === 'other-region-model')) {
        expect(item.caveat, `${item.id} cites only Helse Midt-Norge's expired plan`).to.be.a(
          'string',
        );
        expect(item.mandatory, item.id).to.equal(false);
      }
    }
  });

  it('names a missing folder', async function () {
    const err = await failure(path.join(fixtures, 'does-not-exist'));
    expect(err.message).to.match(/cannot read file/);
  });
});

describe('Local directory (knowledge/local/<org>/directory.yaml, issue 16)', function () {
  const knowledge = path.resolve(import.meta.dirname, '..', '..', 'knowledge');
  let dir: string;

  beforeEach(async function () {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fagstotte-kb-'));
    await cp(knowledge, dir, { recursive: true });
  });

  afterEach(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  async function failureWith(org: string): Promise<KnowledgeError> {
    try {
      await loadKnowledge(dir, { org });
    } catch (err) {
      if (err instanceof KnowledgeError) return err;
      throw err;
    }
    throw new Error('expected a KnowledgeError');
  }

  it('uses the shipped example, marked as an example, when no ORG is set', async function () {
    const kb = await loadKnowledge(knowledge);
    expect(kb.directory?.example).to.equal(true);
    expect(kb.directory?.units.map((u) => u.id)).to.include('tsb-konsultasjon');
  });

  it('stops when ORG names a directory that does not exist, naming the file', async function () {
    const err = await failureWith('sykehuset-x');
    expect(err.file).to.match(/local\/sykehuset-x\/directory\.yaml$/);
    expect(err.message).to.match(/cannot read file/);
  });

  it('stops on a wrong field, naming file and field', async function () {
    await mkdir(path.join(dir, 'local', 'sykehuset-x'));
    const text = await readFile(path.join(dir, 'local', 'eksempel', 'directory.yaml'), 'utf8');
    await writeFile(
      path.join(dir, 'local', 'sykehuset-x', 'directory.yaml'),
      text
        .replace('org: eksempel', 'org: sykehuset-x')
        .replace('remindAfterMinutes: 60', 'remindAfterMinutes: 1'),
    );
    const err = await failureWith('sykehuset-x');
    expect(err.message).to.match(/local\/sykehuset-x\/directory\.yaml/);
    expect(err.field).to.equal('units[0].remindAfterMinutes');
  });

  it('stops when a unit handles a reason that does not exist, or the org is not its folder', async function () {
    await mkdir(path.join(dir, 'local', 'sykehuset-x'));
    const text = await readFile(path.join(dir, 'local', 'eksempel', 'directory.yaml'), 'utf8');
    const file = path.join(dir, 'local', 'sykehuset-x', 'directory.yaml');
    await writeFile(
      file,
      text.replace('org: eksempel', 'org: sykehuset-x').replace('overdose,', 'parkering,'),
    );
    expect((await failureWith('sykehuset-x')).field).to.match(/^units\[0\]\.handles\[\d\]$/);
    await writeFile(file, text);
    expect((await failureWith('sykehuset-x')).field).to.equal('org');
  });
});

describe('Local routines (knowledge/local/<org>/, authority local-routine, issue 16)', function () {
  const knowledge = path.resolve(import.meta.dirname, '..', '..', 'knowledge');
  let dir: string;
  const localItem = (source: string): string => `items:
  - id: lokal-under-18-bup-forst
    title: Lokal rutine – rus hos pasienter under 18 år
    area: barn-og-unge
    summary: Testrutine for et test-helseforetak (ikke en ekte rutine).
    body: |
      - Teststeg som bare finnes i testene.
    audience: [barn-og-unge]
    mandatory: false
    kind: routine
    keywords: [BUP, under 18, rus, aldersgrense]
    sources:
      - source: ${source}
        section: '1'
        heading: Testrutine
`;

  beforeEach(async function () {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fagstotte-kb-'));
    await cp(knowledge, dir, { recursive: true });
    const local = path.join(dir, 'local', 'test-hf');
    await mkdir(path.join(local, 'items'), { recursive: true });
    const example = await readFile(path.join(dir, 'local', 'eksempel', 'directory.yaml'), 'utf8');
    await writeFile(
      path.join(local, 'directory.yaml'),
      example.replace('org: eksempel', 'org: test-hf'),
    );
    await writeFile(
      path.join(local, 'sources.yaml'),
      `sources:
  - id: test-hf-rutine
    title: Testrutine for test-helseforetaket
    issuer: Test HF
    region: Test HF
    authority: local-routine
    external: true
    url: https://example.org/rutine
`,
    );
  });

  afterEach(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a local routine, says whose rule it is, and shows it before regional plans and models', async function () {
    await writeFile(
      path.join(dir, 'local', 'test-hf', 'items', 'rutiner.yaml'),
      localItem('test-hf-rutine'),
    );
    const kb = await loadKnowledge(dir, { org: 'test-hf' });
    const service = createKnowledgeService(kb);
    const item = service.item('lokal-under-18-bup-forst');
    expect(item).to.not.equal(undefined);
    expect(service.sourcesOf(item!)[0]?.authority).to.equal('local-routine');
    expect(authorityLabels['local-routine']).to.equal('lokal rutine i helseforetaket');
    const hits = service.search('rus under 18 år BUP aldersgrense').hits.map((h) => h.item.id);
    expect(hits[0]).to.equal('lokal-under-18-bup-forst');
    // Without ORG the trust's routines are not loaded.
    expect((await loadKnowledge(dir)).itemsById.has('lokal-under-18-bup-forst')).to.equal(false);
  });

  it('stops when a local source is not local-routine, or a local item cites a regional source first', async function () {
    const sourcesFile = path.join(dir, 'local', 'test-hf', 'sources.yaml');
    const text = await readFile(sourcesFile, 'utf8');
    await writeFile(
      sourcesFile,
      text.replace('authority: local-routine', 'authority: regional-requirement'),
    );
    let err = await loadKnowledge(dir, { org: 'test-hf' }).catch(
      (e: unknown) => e as KnowledgeError,
    );
    expect((err as KnowledgeError).field).to.equal('sources[0].authority');
    await writeFile(sourcesFile, text);
    await writeFile(
      path.join(dir, 'local', 'test-hf', 'items', 'rutiner.yaml'),
      localItem('seed-000'),
    );
    err = await loadKnowledge(dir, { org: 'test-hf' }).catch((e: unknown) => e as KnowledgeError);
    expect((err as KnowledgeError).file).to.match(/local\/test-hf\/items\/rutiner\.yaml/);
    expect((err as KnowledgeError).field).to.equal('items[0].sources[0].source');
  });
});
