/**
 * «Offered on the next visit» in Web Chat (issue 17), through the real server's embedded Direct
 * Line as the Web Chat page uses it: a learner passes a module; a day later the same browser
 * (the user id it kept, sent to POST /webchat/token) opens a new conversation, and the welcome
 * offers «3 repetisjonsspørsmål venter» with «Start repetisjon», which starts the repetition.
 * Another browser (a new user) is offered nothing.
 */
import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LearningModule } from '../../src/domain/learning/schema.js';
import { learningModule, rightAnswer } from '../support/learning.js';
import { startTestServer, type TestServer } from '../support/server.js';

interface Visit {
  readonly userId: string;
  /** Sends a message (or a card value) and returns the bot's replies to it as one string. */
  say(text: string, value?: unknown): Promise<string>;
  /** What the bot said when the conversation started. */
  readonly welcome: string;
}

describe('Opplæring repetition offered when a Web Chat user comes back (issue 17)', function () {
  this.timeout(60_000);
  let server: TestServer;
  let module: LearningModule;
  const clock = { now: new Date('2026-12-01T13:00:00Z') };

  before(async function () {
    server = await startTestServer({}, { now: () => clock.now });
    module = await learningModule();
  });

  after(async function () {
    await server?.close();
  });

  async function visit(userId?: string): Promise<Visit> {
    const tokenRes = await fetch(`${server.url}/webchat/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(userId ? { userId } : {}),
    });
    const issued = (await tokenRes.json()) as { token: string; userId: string };
    const auth = { authorization: `Bearer ${issued.token}` };
    const base = `${server.url}/v3/directline/conversations`;
    const started = (await (await fetch(base, { method: 'POST', headers: auth })).json()) as {
      conversationId: string;
    };
    const url = `${base}/${started.conversationId}/activities`;
    let watermark = '';
    /** Bot messages after the watermark, once the bot has answered (no new ones for 300 ms). */
    const collect = async (): Promise<string> => {
      let out = '';
      let quiet = 0;
      for (let i = 0; i < 100 && quiet < 3; i++) {
        const res = (await (
          await fetch(`${url}?watermark=${watermark}`, { headers: auth })
        ).json()) as { activities: { from: { role?: string }; type: string }[]; watermark: string };
        watermark = res.watermark;
        const bot = res.activities.filter((a) => a.from.role === 'bot' && a.type === 'message');
        out += bot.map((a) => JSON.stringify(a)).join('\n');
        quiet = bot.length === 0 && out !== '' ? quiet + 1 : 0;
        await sleep(100);
      }
      return out;
    };
    const welcome = await collect();
    return {
      userId: issued.userId,
      welcome,
      async say(text, value) {
        await fetch(url, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({
            type: 'message',
            from: { id: issued.userId },
            text,
            ...(value ? { value } : {}),
          }),
        });
        return collect();
      },
    };
  }

  it('offers the due repetition at the start of the next visit of the same browser, and only then', async function () {
    const first = await visit();
    expect(first.welcome).to.not.include('repetisjonsspørsmål venter');
    await first.say('Opplæring');
    await first.say(module.title);
    await first.say('Til spørsmålene');
    let last = '';
    for (const q of module.questions) {
      last = await first.say(rightAnswer(q));
    }
    expect(last).to.match(/Bestått/);
    // Web Chat gets no nudge: it is not promised one.
    expect(last).to.not.match(/én melding kl\./);

    clock.now = new Date('2026-12-02T14:00:00Z');
    const again = await visit(first.userId);
    expect(again.userId).to.equal(first.userId);
    expect(again.welcome).to.include('3 repetisjonsspørsmål venter');
    expect(again.welcome).to.include('Start repetisjon');
    expect(await again.say('Start repetisjon', { learning: 'review' })).to.match(
      /Repetisjon 1 av 3/,
    );

    const stranger = await visit();
    expect(stranger.userId).to.not.equal(first.userId);
    expect(stranger.welcome).to.not.include('repetisjonsspørsmål venter');
  });
});
