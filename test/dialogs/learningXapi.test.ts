/**
 * «Opplæring» with a learning record store configured (issue 17, «Completion you can document»):
 * a whole module taken in Teams, and what the fake LRS received — attempted, one answered per
 * question asked, passed and completed with the score shown; a failed sitting gives failed; an
 * LRS that fails or hangs changes nothing for the learner; a fødselsnummer typed as an answer is
 * in no statement.
 */
import { expect } from 'chai';
import type { LearningModule } from '../../src/domain/learning/schema.js';
import { displayOrder } from '../../src/presentation/learning.js';
import { createMemoryLogger } from '../../src/shared/logger.js';
import { startFakeLrs, type FakeLrs, type LrsStatement } from '../support/fakeLrs.js';
import { validFnr } from '../support/fnr.js';
import {
  allText,
  startConversation,
  testKnowledge,
  type Reply,
  type TestConversation,
} from '../support/transcript.js';

type Question = LearningModule['questions'][number];

const BASE = 'https://fagstotte.example.no';
const OID = '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const TEAMS_USER = { id: '29:1kZr-teams-user', name: 'Kari Nordmann', aadObjectId: OID };
const VERB = (v: string): string => `http://adlnet.gov/expapi/verbs/${v}`;
const EXT = `${BASE}/xapi/extensions`;

const everything = (replies: readonly Reply[]): string =>
  allText(replies) + JSON.stringify(replies);

/** What the learner sees: texts, cards and suggested actions (not activity ids, times or ask tags). */
const visible = (replies: readonly Reply[]): string =>
  JSON.stringify(replies.map((r) => [r.type, r.text, r.attachments, r.suggestedActions])).replace(
    /"ask":"[0-9a-f]+"/g,
    '"ask":"…"',
  );

/** The answer by the numbers shown (as in test/dialogs/learning.test.ts). */
const shown = (q: Question, right: boolean): string =>
  displayOrder(q)
    .flatMap((i, n) => ((q.options[i]?.correct ?? false) === right ? [String(n + 1)] : []))
    .slice(0, right ? undefined : 1)
    .join(', ');

async function firstModule(): Promise<LearningModule> {
  const m = (await testKnowledge()).kb.learning[0];
  if (!m) throw new Error('no learning module');
  return m;
}

const verbs = (statements: readonly LrsStatement[]): string[] =>
  statements.map((s) => s.verb.id.replace('http://adlnet.gov/expapi/verbs/', ''));

function lrsEnv(lrs: FakeLrs, more: Record<string, string> = {}): Record<string, string> {
  return {
    XAPI_ENDPOINT: lrs.endpoint,
    XAPI_USERNAME: lrs.username,
    XAPI_PASSWORD: lrs.password,
    PUBLIC_BASE_URL: BASE,
    ...more,
  };
}

/**
 * Takes the module: the lessons, then every question (the first wrong when `firstWrong`, all
 * wrong twice when `pass` is false). Returns each turn's replies.
 */
async function takeModule(
  bot: TestConversation,
  m: LearningModule,
  how: { pass: boolean; typeFirst?: string },
  /** Each turn's time in ms. */
  durations: number[] = [],
): Promise<Reply[][]> {
  const turns: Reply[][] = [];
  const say = async (text: string): Promise<void> => {
    const started = performance.now();
    turns.push(await bot.say(text));
    durations.push(performance.now() - started);
  };
  await say('Opplæring');
  await say(m.title);
  await say('Til spørsmålene');
  if (how.typeFirst) await say(how.typeFirst);
  if (how.pass) {
    for (const [i, q] of m.questions.entries()) await say(shown(q, i !== 0));
    await say(shown(m.questions[0] as Question, true));
  } else {
    for (const q of m.questions) await say(shown(q, false));
    for (const q of m.questions) await say(shown(q, false));
  }
  return turns;
}

describe('Opplæring: xAPI statements to an LRS (issue 17)', function () {
  let lrs: FakeLrs;
  let m: LearningModule;

  before(async function () {
    m = await firstModule();
  });

  beforeEach(async function () {
    lrs = await startFakeLrs();
  });

  afterEach(async function () {
    await lrs.close();
  });

  it('a passed module: attempted, one answered per question asked, passed and completed with the score shown', async function () {
    const bot = await startConversation({
      channelId: 'msteams',
      env: lrsEnv(lrs),
      from: TEAMS_USER,
    });
    const turns = await takeModule(bot, m, { pass: true });
    await bot.runtime.flushLearningRecords();
    const n = m.questions.length;
    const got = lrs.statements;
    expect(verbs(got)).to.deep.equal([
      'attempted',
      ...Array<string>(n + 1).fill('answered'),
      'passed',
      'completed',
    ]);
    // The learner: the Entra ID object id under Entra ID's home page, nothing else.
    for (const s of got) {
      expect(s.actor).to.deep.equal({
        objectType: 'Agent',
        account: { homePage: 'https://login.microsoftonline.com', name: OID },
      });
    }
    const text = JSON.stringify(got);
    expect(text).to.not.include('Kari');
    expect(text).to.not.include(TEAMS_USER.id);
    // One sitting: one registration; ids unique.
    const registrations = new Set(got.map((s) => s.context?.registration));
    expect(registrations.size).to.equal(1);
    expect([...registrations][0]).to.match(/^[0-9a-f-]{36}$/);
    expect(new Set(got.map((s) => s.id)).size).to.equal(got.length);
    // Every question once on the first try, the missed one once more, each under the module.
    const moduleId = `${BASE}/learning/modules/${m.id}`;
    const answered = got.filter((s) => s.verb.id === VERB('answered'));
    expect(answered.map((s) => s.object.id)).to.deep.equal([
      ...m.questions.map((q) => `${moduleId}/questions/${q.id}`),
      `${moduleId}/questions/${m.questions[0]?.id}`,
    ]);
    expect(answered.map((s) => s.result?.success)).to.deep.equal([
      false,
      ...Array<boolean>(n - 1).fill(true),
      true,
    ]);
    expect(answered.map((s) => s.context?.extensions?.[`${EXT}/answer-phase`])).to.deep.equal([
      ...Array<string>(n).fill('first-try'),
      'retry',
    ]);
    for (const s of answered) {
      expect(s.context?.contextActivities?.parent).to.deep.equal([
        { objectType: 'Activity', id: moduleId },
      ]);
    }
    // The score: what the result card shows.
    const shownPercent = Number(/\((\d+) %\)/.exec(everything(turns.at(-1) ?? []))?.[1]);
    const [passed, completed] = got.slice(-2);
    for (const s of [passed, completed]) {
      expect(s?.object.id).to.equal(moduleId);
      expect(s?.result?.score?.scaled).to.equal((n - 1) / n);
      expect(Math.round((s?.result?.score?.scaled ?? 0) * 100)).to.equal(shownPercent);
      expect(s?.result?.score).to.deep.include({ raw: n - 1, max: n });
      expect(s?.result?.success).to.equal(true);
    }
    expect(completed?.result?.completion).to.equal(true);
    const kb = (await testKnowledge()).kb.version;
    for (const s of got) {
      expect(s.context).to.deep.include({ platform: 'Fagstøtte', language: 'nb-NO' });
      expect(s.context?.extensions?.[`${EXT}/kb-version`]).to.equal(kb);
      expect(s.result ?? {}).to.not.have.property('response');
    }
  });

  it('a failed sitting gives failed with its score and no completed', async function () {
    const bot = await startConversation({
      channelId: 'msteams',
      env: lrsEnv(lrs),
      from: TEAMS_USER,
    });
    const turns = await takeModule(bot, m, { pass: false });
    expect(everything(turns.at(-1) ?? [])).to.match(/Ikke bestått ennå/);
    await bot.runtime.flushLearningRecords();
    const n = m.questions.length;
    expect(verbs(lrs.statements)).to.deep.equal([
      'attempted',
      ...Array<string>(2 * n).fill('answered'),
      'failed',
    ]);
    const failed = lrs.statements.at(-1);
    expect(failed?.result).to.deep.equal({
      score: { scaled: 0, raw: 0, min: 0, max: n },
      success: false,
    });
  });

  it('a fødselsnummer typed as an answer is in no statement (Web Chat: the channel user id as actor)', async function () {
    const fnr = validFnr('150385');
    const bot = await startConversation({ channelId: 'webchat', env: lrsEnv(lrs) });
    const turns = await takeModule(bot, m, { pass: true, typeFirst: `svaret er ${fnr}` });
    // The number is not taken as an answer: asked again, never echoed.
    expect(everything(turns.slice(3, 4).flat())).to.not.include(fnr);
    await bot.runtime.flushLearningRecords();
    // The number answered nothing: the statements are those of the walk without it.
    expect(verbs(lrs.statements)).to.deep.equal([
      'attempted',
      ...Array<string>(m.questions.length + 1).fill('answered'),
      'passed',
      'completed',
    ]);
    const text = JSON.stringify(lrs.statements);
    expect(text).to.not.include(fnr);
    expect(text).to.not.include(`${fnr.slice(0, 6)} ${fnr.slice(6)}`);
    expect(text).to.not.include('svaret er');
    for (const s of lrs.statements) {
      expect(s.actor).to.deep.equal({
        objectType: 'Agent',
        account: { homePage: `${BASE}/channels/webchat`, name: 'user1' },
      });
    }
  });

  for (const mode of ['fail', 'hang'] as const) {
    it(`an LRS that ${mode === 'fail' ? 'answers 500' : 'never answers'} does not change or slow the learner's replies; the failure is logged without content`, async function () {
      const plain = await startConversation({ channelId: 'msteams', from: TEAMS_USER });
      const expected = (await takeModule(plain, m, { pass: true })).map(visible);

      lrs.mode = mode;
      const { logger, lines } = createMemoryLogger();
      const bot = await startConversation({
        channelId: 'msteams',
        env: lrsEnv(lrs, { XAPI_TIMEOUT_MS: '1000' }),
        from: TEAMS_USER,
        logger,
      });
      const durations: number[] = [];
      const turns = await takeModule(bot, m, { pass: true }, durations);
      // No turn waited for the LRS (a wait would be at least the 1 s timeout).
      expect(Math.max(...durations)).to.be.below(1000);
      expect(turns.map(visible)).to.deep.equal(expected);

      await bot.runtime.flushLearningRecords();
      expect(lrs.statements).to.have.length(0);
      const failures = lines()
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.message === 'xAPI statements not sent to the LRS');
      expect(failures.length).to.be.greaterThan(0);
      for (const f of failures) {
        expect(f.reason).to.equal(mode === 'fail' ? 'status 500' : 'timeout');
        expect(f.level).to.equal('warn');
      }
      const log = lines().join('\n');
      for (const content of [
        OID,
        'Kari',
        m.title,
        m.id,
        m.questions[0]?.prompt ?? '?',
        lrs.password,
      ]) {
        expect(log).to.not.include(content);
      }
      const metrics = await bot.runtime.metrics.registry.getSingleMetricAsString(
        'fagstotte_xapi_statements_total',
      );
      expect(metrics).to.match(/outcome="failed"} [1-9]/);
    });
  }
});
