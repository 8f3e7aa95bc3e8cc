import { expect } from 'chai';
import { fhirFromCard } from '../support/cards.js';
import { fhirProblems } from '../support/fhir.js';
import { validFnr } from '../support/fnr.js';
import {
  cardText,
  firstCard,
  allText,
  startConversation,
  type ChannelId,
  type Reply,
} from '../support/transcript.js';

/** The ServiceRequest behind the card's «Vis FHIR-ressurs» (never dumped in the chat). */
function fhirFrom(replies: Reply[]): Record<string, unknown> {
  expect(allText(replies)).to.not.match(/resourceType/);
  return fhirFromCard(firstCard(replies));
}

for (const channelId of ['webchat', 'msteams'] as ChannelId[]) {
  describe(`"Be om tilsyn fra TSB" (${channelId})`, function () {
    it('collects the request without identity and ends with summary, contacts, promise and a valid FHIR ServiceRequest', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('AUDIT-C og tilsyn fra TSB');
      const reasons = cardText(await bot.say('Be om tilsyn fra TSB'));
      expect(reasons).to.match(/Velg én eller flere grunner/);
      expect(reasons).to.match(/"isMultiSelect":true/);
      expect(
        cardText(
          await bot.say({ text: '', value: { text: 'Abstinenstegn,Bekymring fra pårørende' } }),
        ),
      ).to.match(/Hvor haster det/);
      expect(allText(await bot.say('I dag eller i morgen'))).to.match(
        /Hvilken avdeling eller post/,
      );
      expect(allText(await bot.say('Medisinsk avdeling, post 3'))).to.match(
        /Hvordan kan TSB nå deg/,
      );
      expect(cardText(await bot.say('vakttelefon post 3'))).to.match(/selvmordstanker/);
      expect(cardText(await bot.say('nei'))).to.match(/aldersgruppe/);
      expect(cardText(await bot.say('18–64 år'))).to.match(/gravid/);
      expect(cardText(await bot.say('Nei'))).to.match(/barn eller søsken under 18/);
      expect(cardText(await bot.say('Ja'))).to.match(/psykisk lidelse/);
      const done = await bot.say('Nei');
      const card = cardText(done);
      expect(card).to.match(/Bestilling av tilsyn fra TSB/);
      // The request to copy comes as plain text with its line breaks, after the card.
      expect(allText(done)).to.match(/Grunn: Abstinenstegn, Bekymring fra pårørende\nHast: /);
      expect(card).to.not.match(/Grunn: /);
      expect(card).to.match(/samme dag eller dagen etter/);
      expect(card).to.match(/\*\*EKSEMPEL\*\* – Eksempel helseforetak/);
      expect(card).to.match(/barn som pårørende/);
      expect(card).to.not.match(/\d{8}/); // no invented phone numbers
      expect(allText(done)).to.match(/Forespørsel om tilsyn fra TSB/);
      const fhir = fhirFrom(done);
      expect(fhirProblems(fhir)).to.deep.equal([]);
      expect(fhir.priority).to.equal('urgent');
      expect(JSON.stringify(fhir.subject)).to.not.match(/identifier|reference/);
    });

    it('«Akutt – ring nå» gives whom to call at once, then the rest of the request', async function () {
      const bot = await startConversation({ channelId });
      for (const a of ['1', 'Be om tilsyn fra TSB', 'Overdose']) await bot.say(a);
      const replies = await bot.say('Akutt – ring nå');
      const text = allText(replies);
      expect(text).to.match(/Akutt: ring TSB nå\*\* etter helseforetakets rutine/);
      expect(text).to.match(/\*\*EKSEMPEL\*\* – Eksempel helseforetak, TSB vakthavende/);
      expect(text).to.match(/Hvilken avdeling eller post/);
    });

    it('re-asks the reasons when one of several is not understood', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('1');
      await bot.say('tilsyn');
      const retry = await bot.say('overdose og hodepine');
      expect(retry[0]?.text).to.match(/Jeg forstod ikke svaret/);
      expect(cardText(await bot.say('overdose, ruset'))).to.match(/Hvor haster det/);
    });

    it('gives the acute routine at once when the patient has suicidal thoughts, then goes on', async function () {
      const bot = await startConversation({ channelId });
      for (const a of [
        '1',
        'Be om tilsyn fra TSB',
        'Overdose',
        'Akutt – ring nå',
        'Akuttmottaket',
        'calling 1234',
      ])
        await bot.say(a);
      const acute = await bot.say('Ja');
      expect(acute[0]?.text).to.match(/følg den akutte rutinen nå/);
      expect(acute[0]?.text).to.match(/113/);
      expect(cardText(acute.slice(1))).to.match(/aldersgruppe/);
    });

    it('reminds of the under-18 rule and offers the responsibility flow when a mental disorder is suspected', async function () {
      const bot = await startConversation({ channelId });
      for (const a of [
        '1',
        'tilsyn',
        'ruset',
        'akutt',
        'Barneavdelingen',
        'vakttelefon',
        'nei',
        'Under 18 år',
        'ikke aktuelt',
        'nei',
      ]) {
        await bot.say(a);
      }
      const card = cardText(await bot.say('ja'));
      expect(card).to.match(/ikke avklart/);
      expect(card).to.match(/"title":"Hvem har ansvaret\?"/);
    });

    it('after a positive AUDIT-C, the request carries the score', async function () {
      const bot = await startConversation({ channelId });
      for (const a of [
        '1',
        'AUDIT-C først',
        'Fire ganger i uken eller mer',
        '5-6',
        'Noen ganger i uken',
        'Kvinne',
      ])
        await bot.say(a);
      expect(cardText(await bot.say('ja'))).to.match(/Velg én eller flere grunner/);
      for (const a of [
        'Abstinenstegn',
        'Kan planlegges',
        'Kirurgisk post 2',
        'telefon 4411',
        'nei',
        '65 år eller eldre',
        'ikke aktuelt',
        'nei',
      ]) {
        await bot.say(a);
      }
      const done = await bot.say('nei');
      expect(allText(done)).to.match(
        /Grunn: Positiv AUDIT-C-screening, Abstinenstegn \(AUDIT-C 9 av 12\)/,
      );
      expect(fhirFrom(done).priority).to.equal('routine');
    });

    it('masks a fødselsnummer typed as the ward, and leaves on "avbryt"', async function () {
      const bot = await startConversation({ channelId });
      for (const a of ['1', 'tilsyn', 'ruset', 'akutt']) await bot.say(a);
      const fnr = validFnr('111180');
      const replies = await bot.say(`post 4 ${fnr}`);
      expect(replies[0]?.text).to.match(/fødselsnummer/);
      expect(JSON.stringify(replies.map((r) => r.raw))).to.not.include(fnr);
      expect(allText(await bot.say('avbryt'))).to.match(/Greit, jeg har avbrutt/);
    });
  });
}
