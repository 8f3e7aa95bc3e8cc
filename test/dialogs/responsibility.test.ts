import { expect } from 'chai';
import {
  cardText,
  allText,
  firstCard,
  startConversation,
  type ChannelId,
} from '../support/transcript.js';

for (const channelId of ['webchat', 'msteams'] as ChannelId[]) {
  describe(`"Hvem har ansvaret?" dialog (${channelId})`, function () {
    it('adult with severe mental disorder and a substance disorder: PHV with TSB, reasons and sources', async function () {
      const bot = await startConversation({ channelId });
      expect(cardText(await bot.say('Hvem har ansvaret?'))).to.match(/Hvor gammel er pasienten/);
      expect(cardText(await bot.say('18 år eller eldre'))).to.match(/utviklingshemming/);
      expect(cardText(await bot.say('Nei'))).to.match(/autisme/);
      expect(cardText(await bot.say('nei'))).to.match(/ADHD eller Tourettes/);
      expect(cardText(await bot.say('n'))).to.match(/psykisk lidelse\? Hvor alvorlig/);
      expect(cardText(await bot.say('Alvorlig'))).to.match(/ruslidelse/);
      const answer = cardText(await bot.say({ text: '', value: { text: 'Moderat' } }));
      expect(answer).to.match(/Psykisk helsevern for voksne \(PHV\)/);
      expect(answer).to.match(/Samarbeid med:\*\* Tverrfaglig spesialisert rusbehandling/);
      expect(answer).to.match(
        /ROP-lidelser \(IS-1948\) \(Helsedirektoratet\), punkt 8\.1 Sentrale anbefalinger – nasjonal faglig retningslinje, ekstern kilde/,
      );
      expect(answer).to.match(/krav i Helse Sør-Øst/);
      expect(answer).to.match(/Start på nytt/);
    });

    it('child with profound intellectual disability: HABU after two questions, typed age accepted', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('2');
      expect(cardText(await bot.say('12'))).to.match(/utviklingshemming/);
      const answer = cardText(await bot.say('dyp'));
      expect(answer).to.match(/Habiliteringstjenesten for barn og unge \(HABU\)/);
      expect(answer).to.match(/punkt 5\.6 Utviklingsforstyrrelser/);
    });

    it('asks which disorder dominates only when both are less severe, and answers by it', async function () {
      const bot = await startConversation({ channelId });
      for (const a of ['Hvem har ansvaret?', '40', 'nei', 'nei', 'nei', 'lett']) await bot.say(a);
      expect(cardText(await bot.say('moderat'))).to.match(/Hvilken lidelse dominerer/);
      expect(cardText(await bot.say('Ruslidelsen'))).to.match(
        /Tverrfaglig spesialisert rusbehandling \(TSB\)"/,
      );
    });

    it('youth with repeated intoxications: BUP with TSB, Helse Midt-Norge model and the Helse Sør-Øst caveat', async function () {
      const bot = await startConversation({ channelId });
      for (const a of ['Hvem har ansvaret?', 'Under 18 år', 'nei', 'nei', 'nei', 'ingen'])
        await bot.say(a);
      expect(cardText(await bot.say('alvorlig'))).to.match(
        /akutt ruset og behandlet på somatisk avdeling/,
      );
      const answer = cardText(await bot.say('Flere ganger'));
      expect(answer).to.match(/Psykisk helsevern for barn og unge \(PHBU\/BUP\)/);
      expect(answer).to.match(/modell fra en annen region/);
      expect(answer).to.match(/ikke avklart hvem som har hovedansvaret/);
    });

    it('child with moderate intellectual disability: UAVKLART with what to do', async function () {
      const bot = await startConversation({ channelId });
      for (const a of ['Hvem har ansvaret?', '9']) await bot.say(a);
      const answer = cardText(await bot.say('moderat'));
      expect(answer).to.match(/Uavklart – kildene avgjør ikke dette/);
      expect(answer).to.match(/lokal rutine/);
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
      for (const a of ['Hvem har ansvaret?', '10']) await bot.say(a);
      const answer = await bot.say('alvorlig');
      const card = firstCard(answer) as { actions: { data: { action?: string; id?: string } }[] };
      const read = card.actions.find((a) => a.data.action === 'showItem');
      expect(read?.data.id).to.equal('hab-c-habu-alvorlig-dyp');
      const item = cardText(await bot.say({ text: '', value: read?.data }));
      expect(item).to.match(/Hvem sin regel/);
    });
  });
}
