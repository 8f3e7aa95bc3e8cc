/**
 * The xAPI sender (issue 17) against a fake LRS on loopback: what the library sends (path, Basic
 * auth, X-Experience-API-Version), order, the one retry, the timeout, the bounded queue, and
 * failures logged by reason only.
 */
import { expect } from 'chai';
import type { LearnerRef, LearningEvent } from '../../src/domain/learning/events.js';
import { createXapiRecorder } from '../../src/integrations/xapi.js';
import type { XapiConfig } from '../../src/shared/config.js';
import { createMemoryLogger } from '../../src/shared/logger.js';
import { createMetrics } from '../../src/shared/metrics.js';
import { startFakeLrs, type FakeLrs } from '../support/fakeLrs.js';

const OID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const learner: LearnerRef = { kind: 'entra', objectId: OID };
const MODULE_TITLE = 'Barn som pårørende';

function event(n: number): LearningEvent {
  return {
    kind: 'answered',
    module: { id: 'barn-som-parorende', title: MODULE_TITLE },
    question: { id: `q${n}`, prompt: `Spørsmål nummer ${n}?` },
    right: n % 2 === 0,
    phase: 'first-try',
    at: new Date(Date.UTC(2026, 2, 2, 9, 0, n)),
    kbVersion: 'kb-1',
  };
}

async function xapiCount(metrics: ReturnType<typeof createMetrics>, outcome: string) {
  const text = await metrics.registry.getSingleMetricAsString('fagstotte_xapi_statements_total');
  const match = new RegExp(`outcome="${outcome}"} (\\d+)`).exec(text);
  return Number(match?.[1] ?? 0);
}

describe('xAPI sender with a fake LRS (issue 17)', function () {
  let lrs: FakeLrs;
  const config = (over: Partial<XapiConfig> = {}): XapiConfig => ({
    endpoint: lrs.endpoint,
    username: lrs.username,
    password: lrs.password,
    actorHomePage: 'https://login.microsoftonline.com',
    activityBase: 'https://fagstotte.example.no',
    timeoutMs: 1000,
    ...over,
  });

  beforeEach(async function () {
    lrs = await startFakeLrs();
  });

  afterEach(async function () {
    await lrs.close();
  });

  it('POSTs the statements in order to <endpoint>/statements with Basic auth and X-Experience-API-Version 1.0.3', async function () {
    const metrics = createMetrics();
    const recorder = createXapiRecorder({
      config: config(),
      logger: createMemoryLogger().logger,
      metrics,
    });
    for (let n = 0; n < 5; n++) recorder.record(learner, event(n));
    await recorder.flush();
    expect(lrs.statements.map((s) => s.object.id.split('/').pop())).to.deep.equal([
      'q0',
      'q1',
      'q2',
      'q3',
      'q4',
    ]);
    expect(lrs.requests.every((r) => r.method === 'POST' && r.status === 200)).to.equal(true);
    expect(lrs.requests.every((r) => r.version === '1.0.3')).to.equal(true);
    expect(await xapiCount(metrics, 'sent')).to.equal(5);
  });

  it('record() returns at once, before anything is sent', function () {
    const recorder = createXapiRecorder({
      config: config(),
      logger: createMemoryLogger().logger,
    });
    const started = performance.now();
    recorder.record(learner, event(1));
    expect(performance.now() - started).to.be.below(50);
    expect(lrs.requests).to.have.length(0);
    return recorder.flush();
  });

  it('an LRS answering 500 is tried twice, then the batch is given up and logged with the status only', async function () {
    lrs.mode = 'fail';
    const metrics = createMetrics();
    const { logger, lines } = createMemoryLogger();
    const recorder = createXapiRecorder({ config: config(), logger, metrics });
    recorder.record(learner, event(1));
    recorder.record(learner, event(2));
    await recorder.flush();
    expect(lrs.requests.map((r) => r.status)).to.deep.equal([500, 500]);
    const failures = lines().filter((l) => l.includes('not sent'));
    expect(failures).to.have.length(1);
    expect(JSON.parse(failures[0] ?? '{}')).to.include({
      level: 'warn',
      reason: 'status 500',
      statements: 2,
      attempts: 2,
    });
    const all = lines().join('\n');
    for (const secret of [OID, MODULE_TITLE, 'Spørsmål', 'q1', lrs.password]) {
      expect(all).to.not.include(secret);
    }
    expect(await xapiCount(metrics, 'failed')).to.equal(2);
    // The next statement is tried afresh.
    lrs.mode = 'ok';
    recorder.record(learner, event(3));
    await recorder.flush();
    expect(lrs.statements).to.have.length(1);
  });

  it('a hanging LRS is cut off by the timeout (retried once), and a resent statement keeps its id', async function () {
    lrs.delayMs = 600;
    const { logger, lines } = createMemoryLogger();
    const recorder = createXapiRecorder({ config: config({ timeoutMs: 200 }), logger });
    recorder.record(learner, event(1));
    const started = performance.now();
    await recorder.flush();
    // Two attempts of 200 ms and the pause between them, not the LRS's 600 ms twice.
    expect(performance.now() - started).to.be.below(1100);
    expect(lrs.requests).to.have.length(2);
    expect(lines().join('\n')).to.match(/"reason":"timeout"/);
    // The LRS stored the first and got the same id again: one statement.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(lrs.statements).to.have.length(1);
  });

  it('wrong credentials are not retried: status 401', async function () {
    const { logger, lines } = createMemoryLogger();
    const recorder = createXapiRecorder({ config: config({ password: 'wrong' }), logger });
    recorder.record(learner, event(1));
    await recorder.flush();
    expect(lrs.requests.map((r) => r.status)).to.deep.equal([401]);
    expect(lines().join('\n')).to.match(/"reason":"status 401"/);
  });

  it('an LRS that is not there: the error code is the reason', async function () {
    const endpoint = lrs.endpoint;
    await lrs.close();
    const { logger, lines } = createMemoryLogger();
    const recorder = createXapiRecorder({ config: config({ endpoint }), logger });
    recorder.record(learner, event(1));
    await recorder.flush();
    expect(lines().join('\n')).to.match(/"reason":"ECONNREFUSED"/);
    lrs = await startFakeLrs();
  });

  it('keeps at most queueCap statements waiting: the oldest are dropped, counted and logged as a number', async function () {
    const metrics = createMetrics();
    const { logger, lines } = createMemoryLogger();
    const recorder = createXapiRecorder({
      config: config(),
      logger,
      metrics,
      queueCap: 3,
      batchSize: 2,
    });
    for (let n = 0; n < 7; n++) recorder.record(learner, event(n));
    await recorder.flush();
    expect(lrs.statements.map((s) => s.object.id.split('/').pop())).to.deep.equal([
      'q4',
      'q5',
      'q6',
    ]);
    expect(await xapiCount(metrics, 'dropped')).to.equal(4);
    expect(await xapiCount(metrics, 'sent')).to.equal(3);
    const drop = lines().find((l) => l.includes('dropped'));
    expect(JSON.parse(drop ?? '{}')).to.include({ level: 'warn', dropped: 4 });
  });
});
