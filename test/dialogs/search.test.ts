/**
 * Issue 14, honest search: below the confidence threshold the bot says it has no sure answer,
 * offers the areas and shows the nearest items only as «Nærmeste treff»; a question that names
 * a flow (typos included) offers that flow as the first button.
 */
import { expect } from 'chai';
import {
  allText,
  firstCard,
  startConversation,
  type ChannelId,
  type Reply,
} from '../support/transcript.js';

interface Card {
  body?: { type: string; label?: string; errorMessage?: string; isRequired?: boolean }[];
  actions?: { title: string }[];
}

/** The title of the first button in the bot's replies. */
function firstButton(replies: readonly Reply[]): string | undefined {
  return (firstCard(replies) as Card | undefined)?.actions?.[0]?.title;
}

/** The pick list (Input.ChoiceSet) of the first card that has one. */
function pickList(replies: readonly Reply[]): NonNullable<Card['body']>[number] | undefined {
  for (const r of replies)
    for (const a of r.attachments) {
      const input = (a.content as Card).body?.find((b) => b.type === 'Input.ChoiceSet');
      if (input) return input;
    }
  return undefined;
}

for (const channelId of ['webchat', 'msteams'] as ChannelId[]) {
  describe(`Honest search and flow offers (${channelId})`, function () {
    it('"parkering for pårørende": says there is no sure answer, offers the areas, then the nearest items as «Nærmeste treff»', async function () {
      const bot = await startConversation({ channelId });
      const replies = await bot.say('parkering for pårørende');
      const text = allText(replies);
      expect(text).to.match(/Jeg fant ikke noe sikkert svar på dette i rutinene\./);
      expect(text).to.not.match(/Dette fant jeg i rutinene/);
      const noAnswer = replies.findIndex((r) => /ikke noe sikkert svar/.test(r.text));
      const nearest = replies.findIndex((r) => /Nærmeste treff/.test(r.text));
      expect(noAnswer).to.be.at.least(0);
      expect(nearest, 'the nearest items come after the plain statement').to.be.greaterThan(
        noAnswer,
      );
      expect(replies[nearest]?.attachments.length).to.be.within(1, 3);
      // The areas come with the statement, as a labelled pick list Web Chat can render.
      const areas = pickList([replies[noAnswer] as Reply]);
      expect(JSON.stringify(replies[noAnswer]?.attachments)).to.match(/Barn som pårørende/);
      expect(areas?.label).to.equal('Velg et område');
      expect(areas?.errorMessage).to.be.a('string').and.not.equal('');
      expect(areas?.isRequired).to.equal(true);
      // Parking names no flow: nothing is offered as if it answered.
      expect(text).to.not.match(/Vil du heller/);
    });

    it('the no-hit pick list has a label and an error message, so Web Chat renders it', async function () {
      const bot = await startConversation({ channelId });
      const replies = await bot.say('qwerty zxcv');
      expect(allText(replies)).to.match(/Jeg fant ingen rutine som passet/);
      const input = pickList(replies);
      expect(input?.label).to.equal('Velg et område');
      expect(input?.errorMessage).to.equal('Velg et alternativ i listen.');
      expect(input?.isRequired).to.equal(true);
    });

    it('"barn som pårørnde" (typo): the first button starts «Barn som pårørende»', async function () {
      const bot = await startConversation({ channelId });
      const replies = await bot.say('barn som pårørnde');
      expect(firstButton(replies)).to.equal('Barn som pårørende');
      const flow = await bot.say({ text: '', value: { text: 'Barn som pårørende' } });
      expect(JSON.stringify(firstCard(flow))).to.match(/Har pasienten barn eller søsken under 18/);
    });

    it('"BUP eller TSB 16 år": the first button is «Hvem har ansvaret?», and it starts the flow', async function () {
      const bot = await startConversation({ channelId });
      const replies = await bot.say('BUP eller TSB 16 år');
      expect(firstButton(replies)).to.equal('Hvem har ansvaret?');
      // The answers still follow, once, without a second offer of the same flow.
      expect(allText(replies)).to.match(/Dette fant jeg i rutinene/);
      const offers = replies.filter((r) =>
        /Vil du heller finne svaret/.test(JSON.stringify(r.attachments)),
      );
      expect(offers).to.have.length(1);
      const flow = await bot.say({ text: '', value: { text: 'Hvem har ansvaret?' } });
      expect(JSON.stringify(firstCard(flow))).to.match(/Hvor gammel er pasienten/);
    });

    it('"audit c" and "hvem har ansvar for rop" offer their flows first', async function () {
      const bot = await startConversation({ channelId });
      expect(firstButton(await bot.say('audit c'))).to.equal('AUDIT-C og tilsyn fra TSB');
      expect(firstButton(await bot.say('hvem har ansvar for rop'))).to.equal('Hvem har ansvaret?');
    });

    it('"pasienten drikker mye" offers AUDIT-C first, then answers, with no "no sure answer"', async function () {
      const bot = await startConversation({ channelId });
      const replies = await bot.say('pasienten drikker mye');
      expect(firstButton(replies)).to.equal('AUDIT-C og tilsyn fra TSB');
      const text = allText(replies);
      expect(text).to.match(/Dette fant jeg i rutinene/);
      expect(text).to.not.match(/ikke noe sikkert svar/);
    });
  });
}
