import { expect } from 'chai';
import path from 'node:path';
import { loadKnowledge } from '../../src/domain/knowledge/load.js';
import { checklist } from '../../src/domain/procedures/schema.js';
import { allText, cardText, startConversation, type ChannelId } from '../support/transcript.js';

for (const channelId of ['webchat', 'msteams'] as ChannelId[]) {
  describe(`Guided routines (${channelId})`, function () {
    it('"Selvmordsrisiko og selvskading", utskrivning: a checklist with a source on every step, and no risk grade', async function () {
      const bot = await startConversation({ channelId });
      const start = await bot.say('Selvmordsrisiko og selvskading');
      expect(allText(start)).to.match(/aldri en risikograd/);
      expect(cardText(start)).to.match(/Hvilken situasjon gjelder det/);
      const done = await bot.say('Utskrivning');
      const card = cardText(done);
      expect(card).to.match(/Sjekkliste: Selvmordsrisiko og selvskading – Utskrivning/);
      expect(card).to.match(/graderes ikke som lav, moderat eller høy/);
      expect(card).to.match(/nasjonal faglig retningslinje, ekstern kilde/);
      expect(card).to.match(/kriseplan/i);
      expect(card).to.match(/[Ee]pikrise/);
      // It explains that risk is not graded, and never grades: no "risiko: lav/moderat/høy".
      expect(card).to.not.match(/risiko(grad)?:\s*(lav|moderat|høy)/i);
      expect(card).to.not.match(/risikograd:|skår:/i);
      const text = allText(done);
      expect(text).to.match(/\[ \] .*\(Kilde: .*\)/);
    });

    it('"Barn som pårørende" with children: the full checklist; without: mapping only', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Barn som pårørende');
      const yes = cardText(await bot.say('ja'));
      expect(yes).to.match(/Kartlegg om pasienten har mindreårige barn eller mindreårige søsken/);
      expect(yes).to.match(/fem nasjonale prosedyrene/);
      await bot.say('Barn som pårørende');
      const no = cardText(await bot.say('nei'));
      expect(no).to.match(/Kartlegg om pasienten har/);
      expect(no).to.not.match(/fem nasjonale prosedyrene/);
    });

    it('re-asks in Norwegian, and leaves on "avbryt"', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Barn som pårørende');
      expect((await bot.say('kanskje'))[0]?.text).to.match(/Jeg forstod ikke svaret/);
      expect(allText(await bot.say('avbryt'))).to.match(/Greit, jeg har avbrutt/);
    });
  });
}

describe('Every checklist step carries a source', function () {
  it('for every procedure and every situation', async function () {
    const kb = await loadKnowledge(path.resolve(import.meta.dirname, '..', '..', 'knowledge'));
    expect([...kb.procedures.keys()].sort()).to.deep.equal(['barn', 'selvmord']);
    for (const procedure of kb.procedures.values()) {
      for (const option of procedure.question.options) {
        const ids = checklist(procedure, option.value);
        expect(ids.length, `${procedure.id}/${option.value}`).to.be.at.least(1);
        for (const id of ids) {
          const item = kb.itemsById.get(id);
          expect(item?.sources.length, `${procedure.id}/${option.value}/${id}`).to.be.at.least(1);
          for (const s of item?.sources ?? []) expect(s.section).to.not.equal('');
        }
      }
    }
  });
});
