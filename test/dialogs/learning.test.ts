/**
 * «Opplæring» as transcripts (issue 17): a whole module passed and failed, missed questions asked
 * again, the completion card, and progress kept in user state across conversations.
 */
import { expect } from 'chai';
import { MemoryStorage } from 'botbuilder';
import {
  allText,
  cardText,
  startConversation,
  testKnowledge,
  type Reply,
  type TestConversation,
} from '../support/transcript.js';

/** Every text and card of the replies, for regex assertions. */
const everything = (replies: readonly Reply[]): string =>
  allText(replies) + JSON.stringify(replies);
import type { LearningModule } from '../../src/domain/learning/schema.js';
import { displayOrder } from '../../src/presentation/learning.js';
import { learningModule, rightAnswer, wrongAnswer } from '../support/learning.js';

const firstModule = (): Promise<LearningModule> => learningModule();

/** Opplæring → the module → straight to its questions. */
async function toQuestions(bot: TestConversation, m: LearningModule): Promise<void> {
  await bot.say('Opplæring');
  await bot.say(m.title);
  await bot.say('Til spørsmålene');
}

describe('Opplæring (issue 17)', function () {
  it('walks a module: lessons with sources, questions with explanation, passed with a completion card', async function () {
    const m = await firstModule();
    const bot = await startConversation({ channelId: 'msteams' });
    const choose = cardText(await bot.say('Opplæring'));
    expect(choose).to.match(/Hvilken modul vil du ta/);
    expect(choose).to.include(m.title);
    const lesson = cardText(await bot.say(m.title));
    expect(lesson).to.match(/Leksjon 1 av/);
    expect(lesson).to.match(/Hvem sin regel:/);
    expect(lesson).to.match(/Vis kilder/);
    let reply = cardText(await bot.say('Til spørsmålene'));
    expect(reply).to.match(/Spørsmål 1 av/);
    // One wrong first (asked again at the end), the rest right: still ≥ 80 %.
    for (const [i, q] of m.questions.entries()) {
      const answers = await bot.say(i === 0 ? wrongAnswer(q) : rightAnswer(q));
      reply = everything(answers);
      expect(reply).to.match(i === 0 ? /Ikke riktig/ : /Riktig/);
    }
    expect(reply).to.match(/En gang til/);
    const done = await bot.say(rightAnswer(m.questions[0] as LearningModule['questions'][number]));
    const text = everything(done);
    expect(text).to.match(/Gjennomført/);
    expect(text).to.match(/Bestått/);
    expect(text).to.match(/ikke det offisielle kursbeviset/);
    expect(text).to.match(/kommer \d av spørsmålene tilbake som repetisjon/);
  });

  it('says «ikke bestått ennå» below 80 %, and keeps progress in user state for the next conversation', async function () {
    const m = await firstModule();
    const storage = new MemoryStorage();
    const bot = await startConversation({ channelId: 'webchat', storage });
    await toQuestions(bot, m);
    let last = '';
    for (const q of m.questions) {
      const r = await bot.say(wrongAnswer(q));
      last = everything(r);
    }
    // Every missed question comes once more; answer them wrong again.
    for (const q of m.questions) {
      const r = await bot.say(wrongAnswer(q));
      last = everything(r);
    }
    expect(last).to.match(/Ikke bestått ennå/);
    const again = await startConversation({ channelId: 'webchat', storage });
    expect(cardText(await again.say('Opplæring'))).to.match(
      new RegExp(`${m.title} – ikke bestått ennå \\(0 %\\)`),
    );
  });

  it('reads a multiple-choice answer with every (long) option ticked as an answer, not as «forstod ikke»', async function () {
    const kb = (await testKnowledge()).kb;
    const all = kb.learning.flatMap((m) => m.questions.map((q) => ({ m, q })));
    const longest = all
      .filter(({ q }) => q.kind === 'multiple')
      .sort(
        (a, b) =>
          b.q.options.reduce((n, o) => n + o.text.length, 0) -
          a.q.options.reduce((n, o) => n + o.text.length, 0),
      )[0];
    if (!longest) throw new Error('no multiple-choice question');
    const { m, q } = longest;
    const ticked = displayOrder(q)
      .map((i) => q.options[i]?.text ?? '')
      .join(',');
    expect(ticked.length).to.be.greaterThan(500);
    const bot = await startConversation({ channelId: 'webchat' });
    await bot.say('Opplæring');
    await bot.say(m.title);
    let reply = cardText(await bot.say('Til spørsmålene'));
    // Right answers up to the multiple-choice question.
    for (const other of m.questions) {
      if (other.id === q.id) break;
      reply = everything(await bot.say(rightAnswer(other)));
    }
    expect(reply).to.include(q.prompt);
    const answered = everything(await bot.say({ value: { text: ticked } }));
    expect(answered).to.not.match(/forstod ikke/i);
    expect(answered).to.match(/Ikke riktig|Riktig/);
  });

  it('keeps a Teams user’s progress by their Entra ID object id, whatever Teams user id the chat has', async function () {
    const m = await firstModule();
    const storage = new MemoryStorage();
    const objectId = '55555555-5555-4555-8555-555555555555';
    const first = await startConversation({
      channelId: 'msteams',
      storage,
      from: { id: '29:first-bot-registration', name: 'Ny ansatt', aadObjectId: objectId },
    });
    await first.say('Opplæring');
    await first.say(m.title);
    await first.say('Til spørsmålene');
    for (const q of [...m.questions, ...m.questions]) await first.say(wrongAnswer(q));
    const moved = await startConversation({
      channelId: 'msteams',
      storage,
      conversationId: 'another-chat',
      from: { id: '29:another-bot-registration', name: 'Ny ansatt', aadObjectId: objectId },
    });
    expect(cardText(await moved.say('Opplæring'))).to.match(
      new RegExp(`${m.title} – ikke bestått ennå`),
    );
    const someoneElse = await startConversation({
      channelId: 'msteams',
      storage,
      conversationId: 'third-chat',
      from: {
        id: '29:first-bot-registration-other',
        name: 'Annen',
        aadObjectId: '66666666-6666-4666-8666-666666666666',
      },
    });
    expect(cardText(await someoneElse.say('Opplæring'))).to.not.match(/påbegynt|ikke bestått/);
  });

  it('chooses a module by a short name typed: «selvmord», «audit-c», «taushetsplikt»', async function () {
    const kb = (await testKnowledge()).kb;
    for (const [typed, id] of [
      ['selvmord', 'selvmord-selvskading'],
      ['audit-c', 'auditc-tilsyn'],
      ['taushetsplikt', 'taushetsplikt-barnevern'],
    ] as const) {
      const bot = await startConversation({ channelId: 'webchat' });
      await bot.say('Opplæring');
      const lesson = cardText(await bot.say(typed));
      const title = kb.learning.find((m) => m.id === id)?.lessons[0]?.title ?? '?';
      expect(lesson, typed).to.include(title);
    }
  });

  it('goes on where the learner left off after «meny», another flow or a new conversation', async function () {
    const m = await firstModule();
    const storage = new MemoryStorage();
    const bot = await startConversation({ channelId: 'webchat', storage });
    await toQuestions(bot, m);
    const [q1, q2, q3, q4] = m.questions;
    if (!q1 || !q2 || !q3 || !q4) throw new Error('too few questions');
    await bot.say(wrongAnswer(q1));
    await bot.say(rightAnswer(q2));
    await bot.say(rightAnswer(q3));
    await bot.say('meny');
    await bot.say('AUDIT-C og tilsyn fra TSB');
    await bot.say('avbryt');
    const list = cardText(await bot.say('Opplæring'));
    expect(list).to.include(`${m.title} – påbegynt, 3 av ${m.questions.length} besvart`);
    const resumed = everything(await bot.say(m.title));
    expect(resumed).to.match(/Du fortsetter der du slapp: 3 av \d+ spørsmål er besvart/);
    expect(resumed).to.match(new RegExp(`Spørsmål 4 av ${m.questions.length}`));

    // A new conversation (a closed window, the next shift): the same.
    const later = await startConversation({ channelId: 'webchat', storage, conversationId: 'x2' });
    await later.say('Opplæring');
    const again = everything(await later.say(m.title));
    expect(again).to.match(new RegExp(`Spørsmål 4 av ${m.questions.length}`));
    // Finished from there, the earlier answers count: one missed of the first three.
    for (const q of m.questions.slice(3)) await later.say(rightAnswer(q));
    const last = everything(await later.say(rightAnswer(q1)));
    expect(last).to.match(new RegExp(`${m.questions.length - 1} av ${m.questions.length} riktig`));
    const after = cardText(await later.say('Opplæring'));
    expect(after).to.match(new RegExp(`${m.title} – bestått`));
    expect(after).to.not.match(/påbegynt/);
  });

  it('answers the Teams-only and sharing commands as they apply in Web Chat', async function () {
    const bot = await startConversation({ channelId: 'webchat' });
    expect(allText(await bot.say('slå på påminnelser'))).to.match(/sendes bare i Teams/);
    expect(allText(await bot.say('slå av påminnelser'))).to.match(/sendes bare i Teams/);
    expect(allText(await bot.say('slutt å dele'))).to.match(/Du deler ikke resultatene dine/);
  });

  it('says what was missing when some right options were ticked and nothing wrong', async function () {
    const kb = (await testKnowledge()).kb;
    const found = kb.learning
      .flatMap((m) => m.questions.map((q) => ({ m, q })))
      .find(({ q }) => q.kind === 'multiple' && q.options.filter((o) => o.correct).length >= 2);
    if (!found) throw new Error('no multiple-choice question with two right options');
    const { m, q } = found;
    const bot = await startConversation({ channelId: 'webchat' });
    await toQuestions(bot, m);
    for (const other of m.questions) {
      if (other.id === q.id) break;
      await bot.say(rightAnswer(other));
    }
    const oneRight = String(displayOrder(q).findIndex((i) => q.options[i]?.correct) + 1);
    const reply = everything(await bot.say(oneRight));
    expect(reply).to.match(/Nesten\./);
    expect(reply).to.match(/men manglet «/);
    expect(reply).to.not.match(/»\.»/);
  });

  it('skips repetition of a question no longer taught, and asks the rest', async function () {
    const m = await firstModule();
    const [q1] = m.questions;
    if (!q1) throw new Error('no question');
    const storage = new MemoryStorage();
    const past = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    await storage.write({
      'webchat/users/returning/': {
        learning: {
          modules: { [m.id]: { startedAt: past(50), passedAt: past(49), attempts: 1 } },
          // The oldest card is of a question withheld or removed since.
          reviews: [
            { moduleId: m.id, questionId: 'fjernet-sporsmal', box: 1, due: past(3) },
            { moduleId: m.id, questionId: q1.id, box: 1, due: past(2) },
          ],
          nudges: true,
        },
        eTag: '*',
      },
    });
    const bot = await startConversation({ channelId: 'webchat', storage, userId: 'returning' });
    const review = everything(await bot.say('repetisjon'));
    expect(review).to.match(/Repetisjon 1 av 1/);
    expect(review).to.include(q1.prompt);
    expect(everything(await bot.say(rightAnswer(q1)))).to.match(/Repetisjonen er ferdig/);
  });
});
