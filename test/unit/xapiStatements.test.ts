/**
 * Opplæring events as xAPI statements (issue 17): ADL verbs, the module and question activities,
 * score.scaled, an actor with an account only, and nothing the learner typed.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import {
  sittingEndEvents,
  type LearnerRef,
  type LearningEvent,
} from '../../src/domain/learning/events.js';
import { result, startSitting, answer } from '../../src/domain/learning/progress.js';
import type { LearningModule } from '../../src/domain/learning/schema.js';
import { ACTIVITY_TYPE, extensionIds, toStatement } from '../../src/integrations/xapiStatements.js';
import { DEFAULT_XAPI_ACTOR_HOMEPAGE } from '../../src/shared/config.js';
import { testKnowledge } from '../support/transcript.js';

const BASE = 'https://fagstotte.example.no';
const settings = { actorHomePage: DEFAULT_XAPI_ACTOR_HOMEPAGE, activityBase: BASE };
const OID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const teamsLearner: LearnerRef = { kind: 'entra', objectId: OID };
const webLearner: LearnerRef = { kind: 'channel', channelId: 'webchat', userId: 'dl_abc123' };
const AT = new Date('2026-03-02T09:30:00.000Z');
const ATTEMPT = '3a1b6f5e-7c4d-4e8f-9a0b-1c2d3e4f5a6b';

async function firstModule(): Promise<LearningModule> {
  const m = (await testKnowledge()).kb.learning[0];
  if (!m) throw new Error('no learning module');
  return m;
}

/** Every string in a JSON value (keys included). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  }
  return [];
}

describe('xAPI statements for Opplæring (issue 17)', function () {
  let m: LearningModule;
  let events: LearningEvent[];

  before(async function () {
    m = await firstModule();
    const q = m.questions[0];
    if (!q) throw new Error('no question');
    const base = {
      module: { id: m.id, title: m.title },
      at: AT,
      kbVersion: 'kb-2026-03',
      attempt: ATTEMPT,
    };
    const score = { scaled: 0.9, right: 9, total: 10 };
    events = [
      { ...base, kind: 'attempted' },
      {
        ...base,
        kind: 'answered',
        question: { id: q.id, prompt: q.prompt },
        right: false,
        phase: 'first-try',
      },
      { ...base, kind: 'passed', score },
      { ...base, kind: 'failed', score: { scaled: 0.5, right: 5, total: 10 } },
      { ...base, kind: 'completed', score },
    ];
  });

  it('uses the ADL verbs attempted, answered, passed, failed and completed', function () {
    expect(events.map((e) => toStatement(teamsLearner, e, settings).verb.id)).to.deep.equal([
      'http://adlnet.gov/expapi/verbs/attempted',
      'http://adlnet.gov/expapi/verbs/answered',
      'http://adlnet.gov/expapi/verbs/passed',
      'http://adlnet.gov/expapi/verbs/failed',
      'http://adlnet.gov/expapi/verbs/completed',
    ]);
  });

  it('identifies the learner by an account only: the Entra ID object id, or the channel user id under the channel', function () {
    for (const e of events) {
      const actor = toStatement(teamsLearner, e, settings).actor;
      expect(actor).to.deep.equal({
        objectType: 'Agent',
        account: { homePage: 'https://login.microsoftonline.com', name: OID },
      });
      expect(actor).to.not.have.any.keys('name', 'mbox', 'mbox_sha1sum', 'openid');
    }
    const upper = toStatement(
      { kind: 'entra', objectId: OID.toUpperCase() },
      events[0] as LearningEvent,
      settings,
    );
    expect(upper.actor).to.deep.include({
      account: { homePage: DEFAULT_XAPI_ACTOR_HOMEPAGE, name: OID },
    });
    expect(toStatement(webLearner, events[0] as LearningEvent, settings).actor).to.deep.equal({
      objectType: 'Agent',
      account: { homePage: `${BASE}/channels/webchat`, name: 'dl_abc123' },
    });
  });

  it('the module is the object of attempted, passed, failed and completed; a question of answered, with the module as parent', function () {
    const moduleId = `${BASE}/learning/modules/${m.id}`;
    const [attempted, answered, passed] = events.map((e) => toStatement(teamsLearner, e, settings));
    expect(attempted?.object).to.deep.equal({
      objectType: 'Activity',
      id: moduleId,
      definition: { type: ACTIVITY_TYPE.module, name: { 'nb-NO': m.title } },
    });
    expect(passed?.object).to.deep.equal(attempted?.object);
    const q = m.questions[0];
    expect(answered?.object).to.deep.equal({
      objectType: 'Activity',
      id: `${moduleId}/questions/${q?.id}`,
      definition: {
        type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
        name: { 'nb-NO': q?.prompt },
        interactionType: 'choice',
      },
    });
    expect(answered?.context?.contextActivities).to.deep.equal({
      parent: [{ objectType: 'Activity', id: moduleId }],
    });
  });

  it('results: success on answered, passed and failed; score.scaled 0..1 on passed, failed and completed; completion on completed', function () {
    const [attempted, answered, passed, failed, completed] = events.map((e) =>
      toStatement(teamsLearner, e, settings),
    );
    expect(attempted?.result).to.equal(undefined);
    expect(answered?.result).to.deep.equal({ success: false });
    expect(passed?.result).to.deep.equal({
      score: { scaled: 0.9, raw: 9, min: 0, max: 10 },
      success: true,
    });
    expect(failed?.result).to.deep.equal({
      score: { scaled: 0.5, raw: 5, min: 0, max: 10 },
      success: false,
    });
    expect(completed?.result).to.deep.equal({
      score: { scaled: 0.9, raw: 9, min: 0, max: 10 },
      success: true,
      completion: true,
    });
  });

  it('context: platform, language, the sitting as registration, the knowledge-base version and how a question was answered', function () {
    const ext = extensionIds(BASE);
    const [attempted, answered] = events.map((e) => toStatement(teamsLearner, e, settings));
    expect(attempted?.context).to.deep.equal({
      platform: 'Fagstøtte',
      language: 'nb-NO',
      registration: ATTEMPT,
      extensions: { [ext.kbVersion]: 'kb-2026-03' },
    });
    expect(answered?.context?.extensions).to.deep.equal({
      [ext.kbVersion]: 'kb-2026-03',
      [ext.answerPhase]: 'first-try',
    });
    const repetition = toStatement(
      teamsLearner,
      {
        ...(events[1] as LearningEvent & { kind: 'answered' }),
        phase: 'repetition',
        attempt: undefined,
      },
      settings,
    );
    expect(repetition.context?.extensions?.[ext.answerPhase]).to.equal('repetition');
    expect(repetition.context).to.not.have.property('registration');
  });

  it('has the given id (a UUID by default, new per statement) and the event time as timestamp', function () {
    const id = randomUUID();
    const s = toStatement(teamsLearner, events[0] as LearningEvent, settings, id);
    expect(s.id).to.equal(id);
    expect(s.timestamp).to.equal('2026-03-02T09:30:00.000Z');
    const a = toStatement(teamsLearner, events[0] as LearningEvent, settings).id;
    const b = toStatement(teamsLearner, events[0] as LearningEvent, settings).id;
    expect(a).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).to.not.equal(b);
  });

  it('holds no text but ours: ids, titles, the question prompt, IRIs, the score and the version; never a response', function () {
    const allowed = new Set([
      m.title,
      m.questions[0]?.prompt,
      'kb-2026-03',
      ATTEMPT,
      OID,
      'Fagstøtte',
      'nb-NO',
      'en-US',
      'Agent',
      'Activity',
      'choice',
      'first-try',
      AT.toISOString(),
      ...['attempted', 'answered', 'passed', 'failed', 'completed'],
      // keys
      ...['id', 'actor', 'objectType', 'account', 'homePage', 'name', 'verb', 'display'],
      ...['object', 'definition', 'type', 'interactionType', 'result', 'score', 'scaled'],
      ...['raw', 'min', 'max', 'success', 'completion', 'context', 'platform', 'language'],
      ...['registration', 'extensions', 'contextActivities', 'parent', 'timestamp'],
    ]);
    for (const e of events) {
      const s = toStatement(teamsLearner, e, settings, 'fixed-id');
      expect(s.result ?? {}).to.not.have.property('response');
      for (const text of strings(s)) {
        const ok =
          allowed.has(text) ||
          text === 'fixed-id' ||
          text.startsWith(`${BASE}/`) ||
          text.startsWith('http://adlnet.gov/expapi/') ||
          text === DEFAULT_XAPI_ACTOR_HOMEPAGE;
        expect(ok, `unexpected text in a statement: ${text}`).to.equal(true);
      }
    }
  });

  it('a sitting ends with passed and completed at ≥ 80 %, with failed alone below', async function () {
    const mod = await firstModule();
    const base = { at: AT, kbVersion: 'v1', attempt: ATTEMPT };
    let sitting = startSitting(mod);
    for (const [i] of mod.questions.entries()) sitting = answer(sitting, i !== 0);
    sitting = answer(sitting, true);
    const passed = sittingEndEvents(mod, result(mod, sitting), base);
    expect(passed.map((e) => e.kind)).to.deep.equal(['passed', 'completed']);
    const n = mod.questions.length;
    for (const e of passed) {
      expect(e).to.deep.include({ score: { scaled: (n - 1) / n, right: n - 1, total: n } });
    }
    let bad = startSitting(mod);
    for (let i = 0; i < 2 * n; i++) bad = answer(bad, false);
    const failed = sittingEndEvents(mod, result(mod, bad), base);
    expect(failed.map((e) => e.kind)).to.deep.equal(['failed']);
    expect(failed[0]).to.deep.include({ score: { scaled: 0, right: 0, total: n } });
  });
});
