/**
 * «Opplæring» across restarts on Azure Blob Storage, emulated by Azurite (issue 17): the sitting
 * (conversation state) and the learner's progress (user state) are in the blob container, so a
 * new bot process — new runtime, new storage client, same container — carries on where the old
 * one stopped, and a new conversation of the same user still knows what was passed.
 */
import { expect } from 'chai';
import { createStorage } from '../../src/channel/state.js';
import type { LearningModule, LearningQuestion } from '../../src/domain/learning/schema.js';
import { loadConfig, type Config } from '../../src/shared/config.js';
import { startAzurite, type Azurite } from '../support/azurite.js';
import { learningModule, rightAnswer, visibleText, wrongAnswer } from '../support/learning.js';
import { startConversation, type TestConversation } from '../support/transcript.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function question(m: LearningModule, i: number): LearningQuestion {
  const q = m.questions[i];
  if (!q) throw new Error(`${m.id} has no question ${i + 1}`);
  return q;
}

describe('Opplæring resumes after a restart, state on Azurite blob storage (issue 17)', function () {
  this.timeout(60_000);
  let azurite: Azurite;
  let config: Config;

  before(async function () {
    azurite = await startAzurite();
    config = loadConfig({
      STORAGE: 'blob',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
    });
  });

  after(async function () {
    await azurite?.stop();
  });

  /** A new bot process (new runtime, new blob client, same container) for this user and chat. */
  function botProcess(who: { conversationId: string; userId: string; now?: () => Date }) {
    return (): Promise<TestConversation> =>
      startConversation({ channelId: 'webchat', storage: createStorage(config), ...who });
  }

  it('goes on at the same question after a restart, and the answers before it still count', async function () {
    const m = await learningModule(0);
    const total = m.questions.length;
    const restart = botProcess({ conversationId: 'resume-sitting', userId: 'learner-resume' });

    let bot = await restart();
    await bot.say('Opplæring');
    await bot.say(m.title);
    expect(visibleText(await bot.say('Til spørsmålene'))).to.include(`Spørsmål 1 av ${total}`);
    // The first question wrong (it comes again at the end), the second right.
    let seen = visibleText(await bot.say(wrongAnswer(question(m, 0))));
    expect(seen).to.match(/Ikke riktig/);
    expect(seen).to.include(`Spørsmål 2 av ${total}`);
    seen = visibleText(await bot.say(rightAnswer(question(m, 1))));
    expect(seen).to.match(/^\*\*Riktig:\*\*/m);
    expect(seen).to.include(`Spørsmål 3 av ${total}`);
    expect(seen).to.include(question(m, 2).prompt);

    // The bot process is replaced while question 3 is on screen.
    bot = await restart();
    seen = visibleText(await bot.say(rightAnswer(question(m, 2))));
    // The answer is judged as an answer to question 3 (its explanation), and the count goes on.
    expect(seen, 'the answer after the restart').to.match(/^\*\*Riktig:\*\*/m);
    expect(seen).to.include(question(m, 2).feedback);
    expect(seen).to.include(`Spørsmål 4 av ${total}`);
    expect(seen).to.include(question(m, 3).prompt);

    for (let i = 3; i < total; i++) {
      seen = visibleText(await bot.say(rightAnswer(question(m, i))));
      expect(seen, `question ${i + 1}`).to.match(/^\*\*Riktig:\*\*/m);
    }
    // The missed first question comes again; replaced once more before it is answered.
    expect(seen).to.match(/En gang til/);
    expect(seen).to.include(question(m, 0).prompt);
    bot = await restart();
    const done = visibleText(await bot.say(rightAnswer(question(m, 0))));
    // Question 1 missed and question 2 right before the first restart both count: 9 of 10.
    const right = total - 1;
    const percent = Math.round((right / total) * 100);
    expect(done).to.match(/Gjennomført/);
    expect(done).to.include(
      `**Bestått:** ${right} av ${total} riktig på første forsøk (${percent} %).`,
    );
    expect(done).to.include(`${right} av ${total} (${percent} %)`);
  });

  it('shows a passed module as passed in a new conversation after a restart, and offers «Repetisjon» a day later', async function () {
    const m = await learningModule(0);
    const passedAt = new Date('2026-03-02T09:00:00Z');
    const user = 'learner-passed';

    const first = await botProcess({
      conversationId: 'passed-first',
      userId: user,
      now: () => passedAt,
    })();
    await first.say('Opplæring');
    await first.say(m.title);
    await first.say('Til spørsmålene');
    let seen = '';
    for (const q of m.questions) seen = visibleText(await first.say(rightAnswer(q)));
    expect(seen).to.match(/Bestått/);
    expect(seen).to.match(/Om en dag kommer 3 av spørsmålene tilbake som repetisjon/);

    // Later the same day: a new process and a new conversation of the same user.
    const sameDay = await botProcess({
      conversationId: 'passed-same-day',
      userId: user,
      now: () => new Date(passedAt.getTime() + 2 * HOUR),
    })();
    const list = visibleText(await sameDay.say('Opplæring'));
    expect(list).to.include(`${m.title} – bestått 02.03.2026`);
    expect(list, 'no repetition before a day has passed').not.to.match(/Repetisjon/);

    // A day later: a new process, another new conversation, repetition offered.
    const dayLater = await botProcess({
      conversationId: 'passed-day-later',
      userId: user,
      now: () => new Date(passedAt.getTime() + DAY + 60_000),
    })();
    const later = visibleText(await dayLater.say('Opplæring'));
    expect(later).to.include(`${m.title} – bestått 02.03.2026`);
    expect(later).to.include('Repetisjon (3 spørsmål venter)');
    const review = visibleText(await dayLater.say('Repetisjon'));
    expect(review).to.include('Repetisjon 1 av 3');
    expect(review).to.include(question(m, 0).prompt);

    // Progress is the user's: another user in a new conversation has not taken the module.
    const other = await botProcess({
      conversationId: 'other-user',
      userId: 'learner-other',
      now: () => new Date(passedAt.getTime() + DAY + 60_000),
    })();
    const theirs = visibleText(await other.say('Opplæring'));
    expect(theirs).to.include(m.title);
    expect(theirs).not.to.match(/bestått|påbegynt/);
    expect(theirs).not.to.match(/Repetisjon/);
  });
});
