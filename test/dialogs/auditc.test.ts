import { expect } from 'chai';
import { fhirFromCard } from '../support/cards.js';
import {
  allText,
  cardText,
  firstCard,
  startConversation,
  type ChannelId,
} from '../support/transcript.js';

for (const channelId of ['webchat', 'msteams'] as ChannelId[]) {
  describe(`AUDIT-C dialog (${channelId})`, function () {
    it('asks the three questions and the sex, then shows a positive result with follow-up, summary and FHIR', async function () {
      const bot = await startConversation({ channelId });
      expect(cardText(await bot.say('AUDIT-C og tilsyn fra TSB'))).to.match(
        /AUDIT-C først, eller gå rett til bestilling/,
      );
      const start = await bot.say('AUDIT-C først');
      expect(allText(start)).to.match(/\*\*AUDIT-C\*\* er tre spørsmål/);
      expect(cardText(start)).to.match(/Spørsmål 1 av 3/);
      expect(cardText(start)).to.match(/Hvor ofte drikker du alkohol\?/);
      expect(cardText(await bot.say('To til tre ganger i uken'))).to.match(
        /Hvor mange alkoholenheter/,
      );
      expect(cardText(await bot.say('4'))).to.match(/seks alkoholenheter eller mer/); // 4 drinks → "3-4"
      expect(cardText(await bot.say({ text: '', value: { text: 'Sjelden' } }))).to.match(
        /Pasientens kjønn/,
      );
      const result = await bot.say('Mann');
      const card = cardText(result);
      expect(card).to.match(/AUDIT-C: 5 av 12 – positiv screening/);
      expect(card).to.match(/Grenseverdi 4 \(mann\)/);
      expect(card).to.match(/rutine for videre oppfølging/);
      expect(card).to.match(
        /Regional fagplan .*punkt 5\.5 Alkohol og helse – krav i Helse Sør-Øst/,
      );
      expect(card).to.match(/ekstern kilde/);
      const text = allText(result);
      expect(text).to.match(/AUDIT-C \(screening for alkoholbruk\): 5 av 12 poeng, positiv/);
      // The FHIR resource is behind «Vis FHIR-ressurs» on the card, never dumped in the chat.
      expect(text).to.not.match(/resourceType/);
      const fhir = fhirFromCard(firstCard(result));
      expect(fhir.resourceType).to.equal('QuestionnaireResponse');
      expect(JSON.stringify(fhir)).to.match(/"code":"LA18928-4"/);
      expect(cardText(result.slice(2))).to.match(/Vil du be om tilsyn fra TSB/);
    });

    it('uses the lower cut-off and says so when sex is not given', async function () {
      const bot = await startConversation({ channelId });
      for (const a of ['1', 'AUDIT-C først', 'Månedlig eller sjeldnere', '3-4', 'Sjelden'])
        await bot.say(a);
      const card = cardText(await bot.say('Ikke oppgitt'));
      expect(card).to.match(/AUDIT-C: 3 av 12 – positiv screening/);
      expect(card).to.match(/den laveste grenseverdien er brukt \(menn 4, kvinner 3\)/);
    });

    it('shows a negative result for a woman scoring 2 (her cut-off is 3)', async function () {
      const bot = await startConversation({ channelId });
      for (const a of ['1', 'AUDIT-C først', 'Månedlig eller sjeldnere', '1-2', 'Sjelden'])
        await bot.say(a);
      const card = cardText(await bot.say('Kvinne'));
      expect(card).to.match(/AUDIT-C: 2 av 12 – negativ screening/);
      expect(card).to.match(/Grenseverdi 3 \(kvinne\)/);
    });

    it('re-asks in Norwegian on an answer it does not understand, and leaves on "avbryt"', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('1');
      await bot.say('1');
      const retry = await bot.say('ofte');
      expect(retry[0]?.text).to.match(/Jeg forstod ikke svaret/);
      expect(cardText(retry)).to.match(/Hvor ofte drikker du alkohol/);
      expect(allText(await bot.say('avbryt'))).to.match(/Greit, jeg har avbrutt/);
    });

    it('gives its own help midway and asks the same question again', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('1');
      await bot.say('AUDIT-C først');
      await bot.say('Månedlig eller sjeldnere');
      const help = await bot.say('hjelp');
      expect(help[0]?.text).to.match(/Hjelp: AUDIT-C og tilsyn fra TSB/);
      expect(cardText(help)).to.match(/Hvor mange alkoholenheter/);
    });

    it('ends the screening at «Aldri» on question 1: score 0, questions 2 and 3 and the sex not asked', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('1');
      await bot.say('AUDIT-C først');
      const result = await bot.say('Aldri');
      const text = cardText(result);
      expect(text).to.not.match(/Hvor mange alkoholenheter/);
      expect(text).to.not.match(/Pasientens kjønn/);
      expect(text).to.match(/AUDIT-C: 0 av 12 – negativ screening/);
      expect(text).to.match(
        /Svarer pasienten «Aldri» på spørsmål 1, stilles de ikke og gir 0 poeng/,
      );
      const fhir = result.map((r) => r.text ?? '').join('\n');
      expect(fhir).to.not.match(/68519-8/);
    });

    it('on a positive screen, asks about withdrawal with the avrusning guideline as source', async function () {
      const bot = await startConversation({ channelId });
      for (const a of [
        '1',
        'AUDIT-C først',
        'Fire ganger i uken eller mer',
        '10 eller flere',
        'Nesten daglig',
      ])
        await bot.say(a);
      const result = cardText(await bot.say('Mann'));
      expect(result).to.match(/Spør om abstinens/);
      expect(result).to.match(/avrusning fra rusmidler og vanedannende legemidler/i);
    });
  });
}
