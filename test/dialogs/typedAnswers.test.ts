/**
 * Typed answers, numbered options, one set of choices per question, and buttons on old cards
 * (issue 14), as transcripts through the whole bot in Web Chat and Teams.
 */
import { expect } from 'chai';
import {
  allText,
  cardText,
  firstCard,
  startConversation,
  type ChannelId,
  type Reply,
  type TestConversation,
} from '../support/transcript.js';

const STALE = /Dette kortet er ikke lenger aktivt\./;

/** Every card in the replies as JSON text. */
function allCards(replies: readonly Reply[]): string {
  return JSON.stringify(replies.map((r) => r.attachments));
}

interface CardButton {
  readonly title: string;
  readonly data: Record<string, unknown> & { text: string; msteams?: { value?: unknown } };
}

/** The card's own actions and those of its action sets (the menu's buttons are in sets). */
function buttons(replies: readonly Reply[]): CardButton[] {
  const card = firstCard(replies);
  const sets = ((card?.body ?? []) as { type?: string; actions?: CardButton[] }[]).filter(
    (b) => b.type === 'ActionSet',
  );
  return [...((card?.actions ?? []) as CardButton[]), ...sets.flatMap((s) => s.actions ?? [])];
}

/**
 * Clicks a card button the way the channel sends it: Web Chat posts `data` (with the card's
 * inputs) as the value; Teams sends messageBack (the text shown, msteams.value as the value)
 * where the button has one, else `data` with the inputs like Web Chat.
 */
function click(
  bot: TestConversation,
  replies: readonly Reply[],
  title: RegExp,
  inputs: Record<string, string> = {},
): Promise<Reply[]> {
  const button = buttons(replies).find((b) => title.test(b.title));
  if (!button) throw new Error(`no button ${String(title)} in ${cardText(replies)}`);
  return bot.channelId === 'msteams' && button.data.msteams
    ? bot.say({ text: button.data.text, value: button.data.msteams.value })
    : bot.say({ text: '', value: { ...button.data, ...inputs } });
}

for (const channelId of ['webchat', 'msteams'] as ChannelId[]) {
  describe(`Typed answers and card buttons (${channelId})`, function () {
    it('"Barn som pårørende": «4 og 12 år» ticks the age groups 0–5 and 6–12', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Barn som pårørende');
      await bot.say('ja');
      expect(cardText(await bot.say('4 og 12 år'))).to.match(/Hvem tar seg av barna nå/);
      await bot.say('Den andre forelderen');
      await bot.say('De vet om det');
      expect(allText(await bot.say('nei'))).to.match(/- Alder: 0–5 år, 6–12 år/);
    });

    it('"Barn som pårørende": «barna er 4 og 19» is asked again (19 is no child age)', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Barn som pårørende');
      await bot.say('ja');
      const retry = await bot.say('barna er 4 og 19');
      expect(allText(retry)).to.match(/Jeg forstod ikke svaret/);
      expect(cardText(retry)).to.match(/Hvor gamle er barna/);
    });

    it('AUDIT-C: «2-3 ganger i uka» answers question 1; «en gang i uka» (between options) is asked again', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('AUDIT-C og tilsyn fra TSB');
      await bot.say('AUDIT-C først');
      const retry = await bot.say('en gang i uka');
      expect(allText(retry)).to.match(/Jeg forstod ikke svaret/);
      expect(cardText(retry)).to.match(/Spørsmål 1 av 3/);
      expect(cardText(await bot.say('2-3 ganger i uka'))).to.match(/Spørsmål 2 av 3/);
      await bot.say('3-4');
      await bot.say('Sjelden');
      const result = await bot.say('Mann');
      // 3 + 1 + 1 points: question 1 was read as «To til tre ganger i uken».
      expect(cardText(result)).to.match(/AUDIT-C: 5 av 12/);
    });

    it('"Hvem har ansvaret?": «alvorlig psykose» at the utviklingshemming question is asked again, not read as severe', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Hvem har ansvaret?');
      expect(cardText(await bot.say('35'))).to.match(/psykisk utviklingshemming/);
      const retry = await bot.say('alvorlig psykose');
      expect(allText(retry)).to.match(/Jeg forstod ikke svaret/);
      expect(cardText(retry)).to.match(/psykisk utviklingshemming/);
      expect(cardText(await bot.say('nei'))).to.match(/autisme/);
    });

    it('numbers the options where a number chooses them, and «2» picks the second', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('AUDIT-C og tilsyn fra TSB');
      const q1 = await bot.say('AUDIT-C først');
      // A no-break space after the number: each line stays numbered (not a one-item list from 1).
      expect(buttons(q1).map((b) => b.title.replace('\u00A0', ' '))).to.deep.equal([
        '1. Aldri',
        '2. Månedlig eller sjeldnere',
        '3. To til fire ganger i måneden',
        '4. To til tre ganger i uken',
        '5. Fire ganger i uken eller mer',
      ]);
      // The message the click sends (and Teams shows) is the option, not its number.
      expect(buttons(q1)[3]?.data.text).to.equal('To til tre ganger i uken');
      const q2 = await bot.say('2');
      // Question 2's options are counts: a typed number is a count, so they are not numbered.
      expect(buttons(q2).map((b) => b.title)).to.include('1-2');
    });

    it("sends each question's choices once: card buttons, no suggested actions", async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Barn som pårørende');
      for (const replies of [await bot.say('meny'), await bot.say('Hvem har ansvaret?')]) {
        const asking = replies.filter((r) => r.attachments.length > 0);
        expect(asking).to.have.length(1);
        expect(asking[0]?.suggestedActions).to.deep.equal([]);
      }
    });

    it('a typed message equal to an option title is still typing', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('AUDIT-C og tilsyn fra TSB');
      await bot.say('AUDIT-C først');
      expect(cardText(await bot.say('To til tre ganger i uken'))).to.match(/Spørsmål 2 av 3/);
    });

    it('an AUDIT-C answer button clicked after «meny»: «ikke lenger aktivt» and the menu, no search', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('AUDIT-C og tilsyn fra TSB');
      const q1 = await bot.say('AUDIT-C først');
      await bot.say('meny');
      const replies = await click(bot, q1, /To til tre ganger i uken/);
      expect(allText(replies)).to.match(STALE);
      expect(allText(replies) + cardText(replies)).to.match(/Hva vil du ha hjelp til/);
      expect(allText(replies) + cardText(replies)).to.not.match(/avtalespesialist|Kilde/);
      // The menu still works.
      expect(cardText(await bot.say('2'))).to.match(/Hvor gammel er pasienten/);
    });

    it('an AUDIT-C question-1 button clicked while question 2 is asked: not taken as the answer to question 2', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('AUDIT-C og tilsyn fra TSB');
      const q1 = await bot.say('AUDIT-C først');
      expect(cardText(await click(bot, q1, /To til tre ganger i uken/))).to.match(
        /Spørsmål 2 av 3/,
      );
      const replies = await click(bot, q1, /Aldri/);
      expect(allText(replies)).to.match(STALE);
      expect(cardText(replies)).to.match(/Spørsmål 2 av 3/);
      await bot.say('1-2');
      await bot.say('Aldri');
      // 3 + 0 + 0: the stale «Aldri» changed nothing.
      expect(cardText(await bot.say('Kvinne'))).to.match(/AUDIT-C: 3 av 12/);
    });

    it('a "Barn som pårørende" option clicked after the flow ended: «ikke lenger aktivt», back at the menu', async function () {
      const bot = await startConversation({ channelId });
      const first = await bot.say('Barn som pårørende');
      await bot.say('nei');
      const replies = await click(bot, first, /Ja/);
      expect(allText(replies)).to.match(STALE);
      expect(allText(replies)).to.match(/Hva vil du gjøre nå/);
      expect(cardText(replies)).to.not.match(/Hvor gamle er barna/);
    });

    it('an old card clicked in a fresh conversation (state lost): «ikke lenger aktivt» and the menu', async function () {
      const old = await startConversation({ channelId });
      await old.say('Barn som pårørende');
      const card = await old.say('ja');
      const bot = await startConversation({ channelId });
      const replies = await click(bot, card, /Neste/, { text: '0–5 år' });
      expect(allText(replies)).to.match(STALE);
      expect(cardText(replies)).to.match(/Hva vil du ha hjelp til/);
    });

    it('«Er det akutt fare nå?»: an old «Nei» is stale, an old «Ja – akutt fare nå» still gives the acute routine', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Barn som pårørende');
      const check = await bot.say('suicidal');
      expect(allText(check) + cardText(check)).to.match(/Er det akutt fare nå/);
      expect(allCards(await click(bot, check, /^Nei$/))).to.match(/barn eller søsken under 18/);
      const stale = await click(bot, check, /^Nei$/);
      expect(allText(stale)).to.match(STALE);
      expect(allCards(stale)).to.match(/barn eller søsken under 18/);
      const routine = await click(bot, check, /akutt fare nå/);
      expect(allText(routine) + allCards(routine)).to.match(/113/);
      expect(allText(routine)).to.not.match(STALE);
    });

    it('menu buttons and «Les hele» on knowledge cards are never stale', async function () {
      const bot = await startConversation({ channelId });
      const menu = await bot.say('meny');
      await bot.say('Barn som pårørende');
      await bot.say('nei');
      expect(cardText(await click(bot, menu, /Hvem har ansvaret/))).to.match(
        /Hvor gammel er pasienten/,
      );
      await bot.say('avbryt');
      const answer = await bot.say('hva er barneansvarlig personell');
      await bot.say('AUDIT-C og tilsyn fra TSB');
      const opened = await click(bot, answer, /^Les hele$/);
      expect(allText(opened)).to.not.match(STALE);
      // The whole item, with its sources one click away (before issue 16's fix of «kontakt», this
      // title — «… kontakt barnevernstjenesten nå» — raised the acute routine instead).
      expect(cardText(opened)).to.match(/kontakt barnevernstjenesten nå/);
      expect(cardText(opened)).to.match(/Vis kilder/);
      expect(cardText(opened)).to.not.match(/Akutt selvmordsfare/);
      // The flow is still waiting at its question.
      expect(cardText(await bot.say('AUDIT-C først'))).to.match(/Spørsmål 1 av 3/);
    });
  });
}
