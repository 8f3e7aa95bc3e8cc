import { expect } from 'chai';
import path from 'node:path';
import { loadKnowledge } from '../../src/domain/knowledge/load.js';
import { alerts, checklist } from '../../src/domain/procedures/schema.js';
import {
  allText,
  cardText,
  startConversation,
  testKnowledge,
  type ChannelId,
} from '../support/transcript.js';

// Acute situations on a somatic ward (knowledge/items/akutte-situasjoner.yaml) and where the
// guided routines offer them.

for (const channelId of ['webchat', 'msteams'] as ChannelId[]) {
  describe(`Acute situations in the guided routines (${channelId})`, function () {
    it('"Selvmordsrisiko og selvskading", akuttmottak: the "pasienten vil gå" step comes right after the first assessment', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Selvmordsrisiko og selvskading');
      await bot.say('Akuttmottak etter selvmordsforsøk eller selvskading');
      const done = await bot.say('nei');
      const card = cardText(done);
      const assessment = card.indexOf(
        'skal vurderes for selvmordsrisiko av kompetent helsepersonell',
      );
      const leave = card.indexOf('Pasienten vil gå etter overdose eller selvskading');
      expect(assessment).to.be.greaterThan(-1);
      expect(leave).to.be.greaterThan(assessment);
      expect(leave).to.be.lessThan(card.indexOf('selvmordstanker og -planer i første samtale'));
      expect(card).to.match(/ikke la pasienten gå før en lege har vurdert situasjonen/);
      expect(card).to.match(/Tilkall ansvarlig eller vakthavende lege nå/);
      expect(card).to.match(/lov eller forskrift, ekstern kilde/);
      expect(card).to.not.match(/risikograd:|skår:/i);
      expect(allText(done)).to.match(
        /\[ \] Pasienten vil gå etter overdose.*\(Kilde: Lov om helsepersonell.*Øyeblikkelig hjelp/,
      );
    });

    it('"Selvmordsrisiko og selvskading": the "pasienten vil gå" step is offered for innlagt, not at utskrivning', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Selvmordsrisiko og selvskading');
      await bot.say('Innlagt pasient');
      expect(cardText(await bot.say('nei'))).to.match(/Pasienten vil gå etter overdose/);
      await bot.say('Selvmordsrisiko og selvskading');
      await bot.say('Utskrivning');
      expect(cardText(await bot.say('nei'))).to.not.match(/Pasienten vil gå etter overdose/);
    });

    it('"Barn som pårørende", nobody cares for the children: the barnevern notice comes first, and the step is in the barnevern section', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Barn som pårørende');
      await bot.say('ja');
      await bot.say('0–5 år');
      await bot.say('Ingen – det er uavklart');
      await bot.say('De vet ingenting');
      const done = await bot.say('Ja');
      const card = cardText(done);
      const notices = [...card.matchAll(/⚠️ \*\*/g)].map((m) => m.index);
      const first = card.indexOf('⚠️ **Det er uavklart hvem som tar seg av barna nå');
      expect(first).to.be.greaterThan(-1);
      expect(first).to.equal(notices[0]);
      expect(first).to.be.lessThan(card.indexOf('⚠️ **Alvorlig bekymring'));
      expect(first).to.be.lessThan(card.indexOf('Kartlegging'));
      expect(card).to.match(/kontakt barnevernstjenesten nå/);
      expect(card).to.match(/utenom kontortid følger du kommunens rutine for kontakt/);
      const section = card.indexOf('Når du må melde til barnevernet – også uten samtykke');
      const step = card.indexOf('Barna har ingen omsorg nå fordi forelderen er innlagt');
      expect(section).to.be.greaterThan(-1);
      expect(step).to.be.greaterThan(section);
      expect(allText(done)).to.match(
        /OBS: Det er uavklart hvem som tar seg av barna nå.*\(Kilde: .*helsepersonell.*Opplysningsplikt til barnevernet/,
      );
    });

    it('"Barn som pårørende", the other parent cares for the children: no barnevern notice', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Barn som pårørende');
      await bot.say('ja');
      await bot.say('6–12 år');
      await bot.say('Den andre forelderen');
      await bot.say('De vet om det');
      const card = cardText(await bot.say('nei'));
      expect(card).to.not.match(/Det er uavklart hvem som tar seg av barna/);
      expect(card).to.not.match(/Barn uten omsorg nå/);
    });
  });
}

describe('Acute situations: notices and steps in the routines', function () {
  it('"vet ikke" who cares for the children also puts the children-without-care notice first', async function () {
    const kb = await loadKnowledge(path.resolve(import.meta.dirname, '..', '..', 'knowledge'));
    const barn = kb.procedures.get('barn');
    if (!barn) throw new Error('no barn procedure');
    for (const omsorg of ['uavklart', 'vet-ikke']) {
      const answers = { barn: ['ja'], alder: ['ukjent'], omsorg: [omsorg], bekymring: ['ja'] };
      expect(alerts(barn, answers)[0]?.item, omsorg).to.equal('akutt-barn-uten-omsorg');
      expect(checklist(barn, answers).flatMap((g) => g.items)).to.include('akutt-barn-uten-omsorg');
    }
    for (const omsorg of ['annen-forelder', 'nettverk', 'fosterhjem']) {
      const answers = { barn: ['ja'], omsorg: [omsorg] };
      expect(alerts(barn, answers).map((a) => a.item)).to.not.include('akutt-barn-uten-omsorg');
    }
  });
});

describe('Search finds the acute-situation items', function () {
  const cases: [string, string][] = [
    ['pasienten vil gå etter overdose', 'akutt-vil-ga-etter-overdose-selvskading'],
    ['hvem kan vedta tvungen observasjon', 'akutt-vil-ga-psykisk-helsevern-tvang'],
    ['barnevernvakt utenom kontortid', 'akutt-barn-uten-omsorg'],
    ['palegg fra barnevernet taushetsplikt', 'akutt-barnevernet-ber-om-opplysninger'],
    ['melde unaturlig dodsfall til politiet', 'akutt-unaturlig-dodsfall-melding-politiet'],
    ['melding om alvorlig hendelse ukom', 'akutt-alvorlig-hendelse-melding'],
  ];
  for (const [q, id] of cases) {
    it(`"${q}" → ${id} first`, async function () {
      const knowledge = await testKnowledge();
      expect(knowledge.search(q, { limit: 3 }).hits[0]?.item.id).to.equal(id);
    });
  }

  // Typed in the chat, "pasienten vil gå etter overdose" is an acute-risk message: the acute
  // routine answers it before any search (knowledge/safety.yaml). A question without the
  // acute words reaches the search and gets the item.
  it('in the chat, "Søk i rutinene" → a question about holding back a patient who wants to leave shows the item first', async function () {
    const bot = await startConversation({ channelId: 'webchat' });
    await bot.say('Søk i rutinene');
    const replies = await bot.say('pasient vil dra fra avdelingen, kan vi holde ham tilbake');
    expect(allText(replies)).to.match(/Dette fant jeg i rutinene/);
    const card = cardText(replies);
    expect(card).to.match(/"text":"Pasienten vil gå etter overdose eller selvskading/);
    expect(card).to.match(/Kilde: Lov om helsepersonell/);
  });
});
