/**
 * Learning modules as data (issue 17): the schema, the loader's checks (unknown items, «krav i
 * Helse Sør-Øst» only on items that cite one), and the content-hash approval that makes
 * `kb:check` fail when an item a question tests changes.
 */
import { expect } from 'chai';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { KnowledgeError, loadKnowledge } from '../../src/domain/knowledge/load.js';
import {
  approvedModules,
  itemContentHash,
  learningModuleSchema,
  staleQuestions,
} from '../../src/domain/learning/schema.js';
import { createBotRuntime } from '../../src/channel/runtime.js';
import { createKnowledgeService } from '../../src/domain/knowledge/service.js';
import { loadTexts } from '../../src/presentation/texts.js';
import { loadConfig } from '../../src/shared/config.js';
import { createMemoryLogger } from '../../src/shared/logger.js';

const knowledge = path.resolve(import.meta.dirname, '..', '..', 'knowledge');
/** Two items of the shipped knowledge base: a Helse Sør-Øst requirement and another region's model. */
const HSO = 'kons-hso-rutiner-kontakt-henvisning';
const HMN = 'ung-hmn-bup-forst-modell';

function module(overrides: Record<string, unknown> = {}, item = HSO): Record<string, unknown> {
  const lesson = (i: number) => ({
    id: `leksjon-${i}`,
    title: `Leksjon ${i}`,
    text: '- Første linje i leksjonen.\n- Andre linje i leksjonen.',
    items: [item],
  });
  const question = (i: number) => ({
    id: `sporsmal-${i}`,
    kind: 'single',
    prompt: `Spørsmål nummer ${i}?`,
    options: [
      { text: 'Riktig svar', correct: true },
      { text: 'Galt svar', correct: false },
    ],
    feedback: 'Forklaring på hvorfor svaret er riktig.',
    items: [item],
    approved: {},
  });
  return {
    id: 'testmodul',
    title: 'Testmodul',
    description: 'En modul bare for testene.',
    order: 1,
    lessons: [1, 2, 3].map(lesson),
    questions: [1, 2, 3, 4, 5, 6].map(question),
    ...overrides,
  };
}

describe('Learning modules as data (issue 17)', function () {
  let dir: string;

  beforeEach(async function () {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fagstotte-learning-'));
    await cp(knowledge, dir, { recursive: true });
    await rm(path.join(dir, 'learning'), { recursive: true, force: true });
    await mkdir(path.join(dir, 'learning'));
  });

  afterEach(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  async function load(
    m: Record<string, unknown>,
  ): Promise<Awaited<ReturnType<typeof loadKnowledge>>> {
    await writeFile(path.join(dir, 'learning', 'testmodul.yaml'), stringify(m));
    return loadKnowledge(dir);
  }

  async function failure(m: Record<string, unknown>): Promise<KnowledgeError> {
    try {
      await load(m);
    } catch (err) {
      if (err instanceof KnowledgeError) return err;
      throw err;
    }
    throw new Error('expected a KnowledgeError');
  }

  it('loads a module; a question is stale until approved, and again when its item changes', async function () {
    let kb = await load(module());
    expect(kb.learning.map((m) => m.id)).to.deep.equal(['testmodul']);
    expect(staleQuestions(kb.learning, kb.itemsById)).to.have.length(6);
    const item = kb.itemsById.get(HSO);
    if (!item) throw new Error('missing item');
    const approved = { [HSO]: itemContentHash(item) };
    const m = module();
    m.questions = (m.questions as Record<string, unknown>[]).map((q) => ({ ...q, approved }));
    kb = await load(m);
    expect(staleQuestions(kb.learning, kb.itemsById)).to.deep.equal([]);
    // The item changes (its summary): every question testing it must be reviewed again.
    const changed = new Map(kb.itemsById);
    changed.set(HSO, { ...item, summary: `${item.summary} Endret.` });
    expect(staleQuestions(kb.learning, changed).map((q) => q.question)).to.have.length(6);
    expect(staleQuestions(kb.learning, changed)[0]?.items).to.deep.equal([HSO]);
  });

  it('withholds a question not approved for its items as they are now, and the runtime says so at start-up', async function () {
    const kb = await load(module());
    const item = kb.itemsById.get(HSO);
    if (!item) throw new Error('missing item');
    const m = module();
    const seven = [...(m.questions as Record<string, unknown>[])];
    seven.push({ ...seven[0], id: 'sporsmal-7' });
    m.questions = seven.map((q, i) => ({
      ...q,
      approved: i === 0 ? {} : { [HSO]: itemContentHash(item) },
    }));
    const loaded = await load(m);
    const served = approvedModules(loaded.learning, loaded.itemsById);
    expect(served.withheld.map((w) => w.question)).to.deep.equal(['sporsmal-1']);
    expect(served.modules[0]?.questions.map((q) => q.id)).to.not.include('sporsmal-1');
    expect(served.modules[0]?.questions).to.have.length(6);
    // One more withheld: five left, too few to pass or fail on, so the module is not taught.
    const two = approvedModules(
      loaded.learning.map((x) => ({
        ...x,
        questions: x.questions.map((q, i) => (i === 1 ? { ...q, approved: {} } : q)),
      })),
      loaded.itemsById,
    );
    expect(two.modules).to.deep.equal([]);
    expect(two.withheld).to.have.length(2);
    const { logger, lines } = createMemoryLogger('debug');
    createBotRuntime({
      config: loadConfig({}),
      logger,
      texts: loadTexts(),
      knowledge: createKnowledgeService(loaded),
    }).close();
    expect(lines().join('\n')).to.match(/Opplæring questions withheld.*testmodul\/sporsmal-1/);
  });

  it('gives the knowledge base a version that changes with any content, so a completion says which was passed', async function () {
    const first = await load(module());
    expect(first.version).to.match(/^[0-9a-f]{12}$/);
    expect((await load(module())).version).to.equal(first.version);
    const m = module();
    (m.questions as Record<string, unknown>[])[0] = {
      ...(m.questions as Record<string, unknown>[])[0],
      prompt: 'Et annet spørsmål?',
    };
    expect((await load(m)).version).to.not.equal(first.version);
  });

  it('names file and field for an unknown item, a bad question and a long lesson', async function () {
    const unknown = module();
    (unknown.lessons as Record<string, unknown>[])[1] = {
      ...(unknown.lessons as Record<string, unknown>[])[1],
      items: ['finnes-ikke'],
    };
    let err = await failure(unknown);
    expect(err.file).to.match(/learning\/testmodul\.yaml$/);
    expect(err.field).to.equal('lessons[1].items[0]');

    const twoRight = module();
    (twoRight.questions as Record<string, unknown>[])[2] = {
      ...(twoRight.questions as Record<string, unknown>[])[2],
      options: [
        { text: 'A', correct: true },
        { text: 'B', correct: true },
      ],
    };
    err = await failure(twoRight);
    expect(err.field).to.equal('questions[2].options');

    const long = module();
    (long.lessons as Record<string, unknown>[])[0] = {
      ...(long.lessons as Record<string, unknown>[])[0],
      text: ['1', '2', '3', '4', '5', '6', '7'].map((n) => `- Linje ${n} i leksjonen`).join('\n'),
    };
    err = await failure(long);
    expect(err.field).to.equal('lessons[0].text');
  });

  it('never teaches another region’s model as a Helse Sør-Øst requirement', async function () {
    const claim = module({}, HMN);
    (claim.lessons as Record<string, unknown>[])[0] = {
      ...(claim.lessons as Record<string, unknown>[])[0],
      text: '- BUP først er krav i Helse Sør-Øst.\n- Mer tekst her.',
    };
    const err = await failure(claim);
    expect(err.field).to.equal('lessons[0]');
    expect(err.message).to.match(/none of its items cites one/);
    // The same claim on an item that cites a Helse Sør-Øst requirement is allowed.
    const ok = module();
    (ok.lessons as Record<string, unknown>[])[0] = {
      ...(ok.lessons as Record<string, unknown>[])[0],
      text: '- Rutiner for kontakt er krav i Helse Sør-Øst.\n- Mer tekst her.',
    };
    expect((await load(ok)).learning).to.have.length(1);
  });

  it('requires 3–6 lessons and 6–12 questions, a case text for a case, and distinct options', function () {
    expect(learningModuleSchema.safeParse(module({ lessons: [] })).success).to.equal(false);
    const q = (module().questions as Record<string, unknown>[])[0];
    expect(learningModuleSchema.safeParse(module({ questions: [q, q, q, q, q] })).success).to.equal(
      false,
    );
    const caseWithout = module();
    (caseWithout.questions as Record<string, unknown>[])[0] = { ...q, kind: 'case' };
    expect(learningModuleSchema.safeParse(caseWithout).success).to.equal(false);
  });
});
