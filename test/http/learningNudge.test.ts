/**
 * The daily Opplæring nudge through the real server and a fake Bot Connector (issue 17): a Teams
 * learner who passed a module gets «3 repetisjonsspørsmål venter» in their personal chat in the
 * configured hour the day the questions are due, once; «Start repetisjon» on it starts the
 * repetition from any flow; «slå av påminnelser» stops it; a Connector that fails is logged
 * without content, and the nudge is not sent again that day.
 */
import { expect } from 'chai';
import type { LearningModule } from '../../src/domain/learning/schema.js';
import { learningModule, rightAnswer } from '../support/learning.js';
import { startFakeConnector, type FakeConnector } from '../support/fakeConnector.js';
import { postActivity, startTestServer, type TestServer } from '../support/server.js';

const USER = '44444444-4444-4444-4444-444444444444';
const CHAT = 'a:learner-chat';

/** 2026-12-<d> at <h>:<m> in Oslo (UTC+1 in December). */
const oslo = (d: number, h: number, m = 0): Date => new Date(Date.UTC(2026, 11, d, h - 1, m));

describe('Opplæring nudge in Teams through the fake Bot Connector (issue 17)', function () {
  this.timeout(60_000);
  let connector: FakeConnector;
  let server: TestServer;
  let module: LearningModule;
  const clock = { now: oslo(1, 14) };

  before(async function () {
    connector = await startFakeConnector();
    server = await startTestServer(
      { LEARNING_NUDGE_HOUR: '9', OUTBOUND_TIMEOUT_MS: '3000' },
      { now: () => clock.now },
    );
    module = await learningModule();
  });

  after(async function () {
    await server?.close();
    await connector?.stop();
  });

  /** A message (or a card button's value) in the learner's personal chat; all replies as text. */
  const say = (text: string, value?: unknown): Promise<string> =>
    postActivity(server, {
      serviceUrl: connector.url,
      text,
      ...(value ? { value } : {}),
      from: { id: '29:learner', name: 'Ny ansatt', aadObjectId: USER },
      conversation: { id: CHAT, conversationType: 'personal' },
    });

  /** Messages the bot started in the chat (the SDK posts them as a reply or a new message). */
  const nudges = () =>
    connector.calls.filter(
      (c) =>
        (c.route === 'sendToConversation' || c.route === 'replyToActivity') &&
        JSON.stringify(c.body).includes('repetisjonsspørsmål venter'),
    );

  it('tells a learner who passed in Teams when the nudge comes, and how to stop it', async function () {
    await say('Opplæring');
    await say(module.title);
    await say('Til spørsmålene');
    let last = '';
    for (const q of module.questions) {
      last = await say(rightAnswer(q));
    }
    expect(last).to.match(/Bestått/);
    expect(last).to.match(/én melding kl\. 09/);
    expect(last).to.match(/slå av påminnelser/);
  });

  it('sends nothing before the questions are due, or outside the hour', async function () {
    clock.now = oslo(2, 9, 30); // due at 14:00 today
    await server.runtime.runLearningNudges();
    clock.now = oslo(2, 15);
    await server.runtime.runLearningNudges();
    expect(nudges()).to.have.length(0);
  });

  it('sends «3 repetisjonsspørsmål venter» once in the hour, to the personal chat, with two buttons', async function () {
    clock.now = oslo(3, 9, 1);
    await server.runtime.runLearningNudges();
    clock.now = oslo(3, 9, 40);
    await server.runtime.runLearningNudges();
    const sent = nudges();
    expect(sent).to.have.length(1);
    expect(sent[0]?.conversationId).to.equal(CHAT);
    const card = JSON.stringify(sent[0]?.body);
    expect(card).to.include('3 repetisjonsspørsmål venter');
    expect(card).to.include('Start repetisjon');
    expect(card).to.include('Slå av påminnelser');
    // Nothing that identifies the learner beyond the chat it goes to.
    expect(card).to.not.include('Ny ansatt');
  });

  it('starts the repetition from the nudge, even in the middle of another flow', async function () {
    await say('AUDIT-C og tilsyn fra TSB');
    const review = await say('Start repetisjon', { learning: 'review' });
    expect(review).to.match(/Repetisjon 1 av 3/);
    await say('avbryt');
  });

  it('sends no nudge after «slå av påminnelser», and again after «slå på påminnelser»', async function () {
    expect(await say('slå av påminnelser')).to.match(/slått av/);
    clock.now = oslo(4, 9, 5);
    await server.runtime.runLearningNudges();
    expect(nudges()).to.have.length(1);
    expect(await say('slå på påminnelser')).to.match(/slått på.*kl\. 09/);
    clock.now = oslo(5, 9, 5);
    await server.runtime.runLearningNudges();
    expect(nudges()).to.have.length(2);
  });

  it('logs a failed nudge without its content, and does not send it again that day', async function () {
    const before = nudges().length;
    connector.fail('sendToConversation', 502);
    connector.fail('replyToActivity', 502);
    clock.now = oslo(6, 9, 2);
    await server.runtime.runLearningNudges();
    const tried = nudges().length;
    expect(tried).to.be.greaterThan(before);
    connector.heal();
    clock.now = oslo(6, 9, 30);
    await server.runtime.runLearningNudges();
    expect(nudges().length).to.equal(tried);
    const logged = server.logLines().join('\n');
    expect(logged).to.include('Opplæring nudge not sent');
    expect(logged).to.not.include('repetisjonsspørsmål venter');
  });
});
