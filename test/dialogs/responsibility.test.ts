import { expect } from 'chai';

import {
  cardText,
  allText,
  firstCard,
  startConversation,
  type ChannelId,
  type Reply,
} from '../support/transcript.js';

for (const channelId of ['webchat', 'msteams'] as ChannelId[]) {
  describe(`"Hvem har ansvaret?" dialog (${channelId})`, function () {
    /**
     * Answers each question by its prompt (first matching pattern) until the answer card comes;
     * returns the card text and the prompts asked, in order.
     */
    async function answerUntilDecision(
      bot: Awaited<ReturnType<typeof startConversation>>,
      first: string,
      answers: readonly (readonly [RegExp, string])[],
    ): Promise<{ answer: string; asked: string[]; replies: Reply[] }> {
      const asked: string[] = [];
      let replies = await bot.say(first);
      let text = cardText(replies);
      for (let turn = 0; turn < 15 && !/Hovedansvar/.test(text); turn++) {
        asked.push(text);
        const reply = answers.find(([prompt]) => prompt.test(text))?.[1];
        if (reply === undefined) throw new Error(`no answer for: ${text.slice(0, 300)}`);
        replies = await bot.say(reply);
        text = cardText(replies);
      }
      return { answer: text, asked, replies };
    }

    const no = (p: RegExp): readonly [RegExp, string] => [p, 'nei'];

    it('adult with severe psychosis and a moderate substance disorder, typed in words: PHV with TSB, reasons and sources', async function () {
      const bot = await startConversation({ channelId });
      expect(cardText(await bot.say('Hvem har ansvaret?'))).to.match(/Hvor gammel er pasienten/);
      const { answer, asked } = await answerUntilDecision(bot, 'han er 35 år', [
        [/psykisk utviklingshemming/, 'Nei'],
        no(/autisme/),
        no(/ADHD eller Tourettes/),
        no(/demens/),
        [/psykisk lidelse\? Hvor alvorlig/, 'alvorlig psykose'],
        [/ruslidelse/, 'moderat alkoholproblem'],
        [/gravid/, 'nei, hun er ikke gravid'],
        no(/abstinens/),
      ]);
      expect(asked.join(' ')).to.match(/demens/);
      expect(answer).to.match(/Psykisk helsevern for voksne \(PHV\)/);
      expect(answer).to.match(/Samarbeid med:\*\* Tverrfaglig spesialisert rusbehandling/);
      expect(answer).to.match(
        /ROP-lidelser \(IS-1948\) \(Helsedirektoratet\), punkt 8\.1 Sentrale anbefalinger – nasjonal faglig retningslinje, ekstern kilde/,
      );
      expect(answer).to.match(/vurdere behovet for individuell plan/);
      expect(answer).to.match(/forpliktende samarbeid/);
      expect(answer).to.match(/krav i Helse Sør-Øst/);
      expect(answer).to.match(/Start på nytt/);
    });

    it('child with profound intellectual disability: HABU, never asked about dementia', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('2');
      const { answer, asked } = await answerUntilDecision(bot, '12', [
        [/utviklingshemming/, 'dyp'],
        no(/autisme/),
        no(/ADHD/),
        [/psykisk lidelse\? Hvor alvorlig/, 'moderat'],
        [/ruslidelse/, 'ingen'],
      ]);
      expect(asked.join(' ')).to.not.match(/demens/);
      expect(answer).to.match(/Habiliteringstjenesten for barn og unge \(HABU\)/);
      expect(answer).to.match(/punkt 5\.6 Utviklingsforstyrrelser/);
    });

    it('asks which disorder dominates only when both are less severe, and answers by it', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Hvem har ansvaret?');
      const { answer, asked } = await answerUntilDecision(bot, '40', [
        no(/utviklingshemming/),
        no(/autisme/),
        no(/ADHD/),
        no(/demens/),
        [/psykisk lidelse\? Hvor alvorlig/, 'lett'],
        [/ruslidelse/, 'moderat'],
        [/Hvilken lidelse dominerer/, 'Ruslidelsen'],
        no(/gravid/),
        no(/abstinens/),
      ]);
      expect(asked.join(' ')).to.match(/Hvilken lidelse dominerer/);
      expect(answer).to.match(/Tverrfaglig spesialisert rusbehandling \(TSB\)"/);
    });

    it('16-year-old with severe substance use and repeated intoxications: unsettled, PHBU and TSB, the other region only as an example', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Hvem har ansvaret?');
      const { answer, asked } = await answerUntilDecision(bot, 'Under 18 år', [
        no(/utviklingshemming/),
        no(/autisme/),
        no(/ADHD/),
        [/psykisk lidelse\? Hvor alvorlig/, 'ingen'],
        [/ruslidelse/, 'alvorlig'],
        no(/gravid/),
        no(/abstinens/),
        [/akutt ruset og behandlet på somatisk avdeling/, 'Flere ganger'],
      ]);
      expect(asked.join(' ')).to.match(/akutt ruset og behandlet på somatisk avdeling/);
      expect(answer).to.match(/Uavklart – kildene avgjør ikke dette/);
      expect(answer).to.match(
        /Psykisk helsevern for barn og unge \(PHBU\/BUP\), Tverrfaglig spesialisert rusbehandling/,
      );
      expect(answer).to.match(/ikke avklart hvem som har hovedansvaret/);
      expect(answer).to.match(/Eksempel fra Helse Midt-Norges modell/);
      expect(answer).to.match(/Neste steg:\*\* Kontakt både BUP/);
    });

    it('16-year-old who was never acutely intoxicated gets no first-episode reason', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Hvem har ansvaret?');
      const { answer } = await answerUntilDecision(bot, '16', [
        no(/utviklingshemming/),
        no(/autisme/),
        no(/ADHD/),
        [/psykisk lidelse\? Hvor alvorlig/, 'ingen'],
        [/ruslidelse/, 'lett'],
        no(/gravid/),
        no(/abstinens/),
        [/akutt ruset/, 'Nei'],
      ]);
      expect(answer).to.not.match(/første akutte avgiftning/);
    });

    it('child with moderate intellectual disability: UAVKLART with whom to involve and a next step', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Hvem har ansvaret?');
      const { answer } = await answerUntilDecision(bot, '9', [
        [/utviklingshemming/, 'moderat'],
        no(/autisme/),
        no(/ADHD/),
        [/psykisk lidelse\? Hvor alvorlig/, 'moderat'],
        [/ruslidelse/, 'ingen'],
      ]);
      expect(answer).to.match(/Uavklart – kildene avgjør ikke dette/);
      expect(answer).to.match(/Neste steg:\*\* Kontakt både BUP/);
    });

    it('re-asks in Norwegian on an answer it does not understand', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Hvem har ansvaret?');
      const retry = await bot.say('kanskje');
      expect(retry[0]?.text).to.match(/Jeg forstod ikke svaret/);
      expect(cardText(retry)).to.match(/Hvor gammel er pasienten/);
    });

    it('gives its own help on "hjelp" and asks again; "avbryt" leaves it', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Hvem har ansvaret?');
      await bot.say('voksen');
      const help = await bot.say('hjelp');
      expect(help[0]?.text).to.match(/Hjelp: Hvem har ansvaret\?/);
      expect(cardText(help)).to.match(/utviklingshemming/);
      expect(allText(await bot.say('avbryt'))).to.match(/Greit, jeg har avbrutt/);
    });

    it('opens a cited knowledge item from the answer card', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Hvem har ansvaret?');
      const { replies: answer } = await answerUntilDecision(bot, '10', [
        [/utviklingshemming/, 'alvorlig'],
        no(/autisme/),
        no(/ADHD/),
        [/psykisk lidelse\? Hvor alvorlig/, 'moderat'],
        [/ruslidelse/, 'ingen'],
      ]);
      const card = firstCard(answer) as { actions: { data?: { action?: string; id?: string } }[] };
      const read = card.actions.find((a) => a.data?.action === 'showItem');
      expect(read?.data?.id).to.equal('hab-c-habu-alvorlig-dyp');
      const item = cardText(await bot.say({ text: '', value: read?.data }));
      expect(item).to.match(/Hvem sin regel/);
    });
  });
}
