import { expect } from 'chai';
import path from 'node:path';
import { KnowledgeError, loadKnowledge } from '../../src/domain/knowledge/load.js';

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

  it('names a missing folder', async function () {
    const err = await failure(path.join(fixtures, 'does-not-exist'));
    expect(err.message).to.match(/cannot read file/);
  });
});
