import { expect } from 'chai';
import { shownCards } from '../support/cards.js';
import path from 'node:path';
import { loadKnowledge } from '../../src/domain/knowledge/load.js';
import { alerts, allAnswerPaths, checklist } from '../../src/domain/procedures/schema.js';
import { checklistCard, checklistView } from '../../src/presentation/checklist.js';
import {
  allText,
  cardText,
  startConversation,
  testKnowledge,
  texts,
  type ChannelId,
} from '../support/transcript.js';

for (const channelId of ['webchat', 'msteams'] as ChannelId[]) {
  describe(`Guided routines (${channelId})`, function () {
    it('"Selvmordsrisiko og selvskading", utskrivning (adult): a checklist with a source on every step, and no risk grade', async function () {
      const bot = await startConversation({ channelId });
      const start = await bot.say('Selvmordsrisiko og selvskading');
      expect(allText(start)).to.match(/aldri en risikograd/);
      expect(cardText(start)).to.match(/Hvilken situasjon gjelder det/);
      expect(cardText(await bot.say('Utskrivning'))).to.match(/Er pasienten under 18 år/);
      const done = await bot.say('nei');
      const card = cardText(done);
      expect(card).to.match(/Sjekkliste: Selvmordsrisiko og selvskading – Utskrivning/);
      expect(card).to.match(/graderes ikke som lav, moderat eller høy/);
      expect(card).to.match(/nasjonal faglig retningslinje, ekstern kilde/);
      expect(card).to.match(
        /plan for videre oppfølging, avtalt tid for første kontakt, ferdig epikrise/,
      );
      expect(card).to.match(/sikkerhetsplan/);
      expect(card).to.match(/minst 30 dager/);
      expect(card).to.match(/høringsutkast til nasjonal retningslinje \(ikke endelig tekst\)/);
      expect(card).to.match(/kriseplan/i);
      expect(card).to.match(/mindreårige barn eller søsken/);
      expect(card).to.not.match(/hvem de kan ringe ved akutt behov/);
      // It explains that risk is not graded, and never grades: no "risiko: lav/moderat/høy".
      expect(card).to.not.match(/risiko(grad)?:\s*(lav|moderat|høy)/i);
      expect(card).to.not.match(/risikograd:|skår:/i);
      const text = allText(done);
      expect(text).to.match(/- Pasient under 18 år: Nei/);
      expect(text).to.match(/\[ \] .*\(Kilde: .*\)/);
    });

    const situations: [string, string | undefined, RegExp[], RegExp[]][] = [
      [
        'Akuttmottak etter selvmordsforsøk eller selvskading',
        'nei',
        [
          /Somatiske akuttmottak skal ha rutiner/,
          /selvmordstanker og -planer i første samtale/,
          /vurder beskyttelsestiltak, også innleggelse og tilgang til midler/,
          /Epikrise skal sendes samtidig med utskrivning/,
        ],
        [/kontinuerlig observasjon/, /spør dem direkte/],
      ],
      [
        'Innlagt pasient',
        'nei',
        [
          /kontinuerlig observasjon eller intervallobservasjon/,
          /selvmordstanker og -planer i første samtale/,
          /kompetanse på suicidalitet/,
        ],
        [/minst 30 dager/],
      ],
      [
        'Utskrivning',
        'ja',
        [/hvem de kan ringe ved akutt behov/, /spør dem direkte, og vurder sammen med foreldrene/],
        [/kontinuerlig observasjon/],
      ],
      [
        'Etter et selvmord (etterlatte)',
        undefined,
        [/Etterlatte etter selvmord skal følges opp/],
        [/minst 30 dager/],
      ],
      [
        'Barn eller ungdom',
        undefined,
        [
          /spør dem direkte, og vurder sammen med foreldrene/,
          /Skriftlige rutiner for kartlegging og tiltak ved selvskading hos barn og unge/,
          /hvem de kan ringe ved akutt behov/,
        ],
        [/minst 30 dager/],
      ],
    ];
    for (const [situation, under18, present, absent] of situations) {
      it(`"Selvmordsrisiko og selvskading", ${situation}${under18 ? ` (under 18: ${under18})` : ''}: that situation's steps`, async function () {
        const bot = await startConversation({ channelId });
        await bot.say('Selvmordsrisiko og selvskading');
        let done = await bot.say(situation);
        if (under18) {
          expect(cardText(done)).to.match(/Er pasienten under 18 år/);
          done = await bot.say(under18);
        }
        const card = cardText(done);
        expect(card).to.match(
          new RegExp(
            `Sjekkliste: Selvmordsrisiko og selvskading – ${situation.replace(/[()]/g, '\\$&')}`,
          ),
        );
        expect(card).to.match(/graderes ikke som lav, moderat eller høy/);
        for (const r of present) expect(card).to.match(r);
        for (const r of absent) expect(card).to.not.match(r);
        expect(card).to.not.match(/risikograd:|skår:/i);
      });
    }

    it('"Barn som pårørende" with children: asks ages, care, what they know and concern, then a checklist in sections', async function () {
      const bot = await startConversation({ channelId });
      const start = await bot.say('Barn som pårørende');
      expect(allText(start)).to.match(/ingen navn/);
      expect(cardText(start)).to.match(/Har pasienten barn eller søsken under 18 år/);
      const ages = await bot.say('ja');
      expect(cardText(ages)).to.match(/Hvor gamle er barna/);
      expect(cardText(ages)).to.match(/"isMultiSelect":true/);
      expect(cardText(await bot.say('6–12 år, 13-17'))).to.match(/Hvem tar seg av barna nå/);
      expect(cardText(await bot.say('Den andre forelderen'))).to.match(/Hva vet barna/);
      expect(cardText(await bot.say('De vet litt'))).to.match(/alvorlig bekymring/);
      const done = await bot.say('nei');
      const card = cardText(done);
      expect(card).to.match(/Sjekkliste: Barn som pårørende/);
      for (const heading of [
        'Kartlegging',
        'Informasjon og samtale med barna',
        'Tiltak internt \\(barneansvarlig\\)',
        'Samhandling med kommunen \\(med samtykke\\)',
      ]) {
        expect(card).to.match(new RegExp(heading));
      }
      expect(card).to.match(/Kartlegg om pasienten har mindreårige barn eller mindreårige søsken/);
      expect(card).to.match(/helsepersonelloven § 10 a/);
      expect(card).to.match(/Snakk med pasienten om barnas behov/);
      expect(card).to.match(
        /barneansvarlig personell i enheten \(spesialisthelsetjenesteloven § 3-7 a\)/,
      );
      expect(card).to.match(
        /Innhent pasientens samtykke til oppfølging av barna, også samarbeid med kommunen/,
      );
      expect(card).to.match(/Når du må melde til barnevernet – også uten samtykke/);
      expect(card).to.match(/plikten går foran taushetsplikten \(helsepersonelloven § 33\)/);
      expect(card).to.match(/Dokumenter i pasientens journal/);
      expect(card).to.match(/lov eller forskrift, ekstern kilde/);
      expect(card).to.match(/fem nasjonale prosedyrene/);
      // "De vet litt" calls for information to the children; no concern, so no alarm.
      expect(card).to.match(/⚠️ \*\*Barna vet lite eller ingenting/);
      expect(card).to.not.match(/⚠️ \*\*Alvorlig bekymring/);
      // What was mapped goes into the text to copy (choices only, no names).
      const text = allText(done);
      expect(text).to.match(/- Alder: 6–12 år, 13–17 år/);
      expect(text).to.match(/- Omsorg nå: Den andre forelderen/);
      expect(text).to.match(/- Hva barna vet: De vet litt/);
      expect(text).to.match(/- Alvorlig bekymring: Nei/);
      expect(text).to.match(/\[ \] .*\(Kilde: .*\)/);
    });

    it('"Barn som pårørende" with serious concern and no one caring for the children: the duty to notify barnevernet comes first', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Barn som pårørende');
      await bot.say('ja');
      await bot.say('Vet ikke alderen');
      await bot.say('Ingen – det er uavklart');
      await bot.say('De vet om det');
      const done = await bot.say('Ja');
      const card = cardText(done);
      const alarm = card.indexOf('⚠️ **Alvorlig bekymring');
      expect(alarm).to.be.greaterThan(-1);
      expect(alarm).to.be.lessThan(card.indexOf('Kartlegging'));
      expect(card).to.match(/melde fra til barnevernstjenesten uten ugrunnet opphold/);
      expect(card).to.match(/pasientens samtykke trengs ikke/);
      expect(card).to.match(/Det er uavklart hvem som tar seg av barna nå/);
      expect(card).to.not.match(/Barna vet lite eller ingenting/);
      const text = allText(done);
      expect(text).to.match(/OBS: Alvorlig bekymring.*\(Kilde: .*helsepersonell.*§ 33/);
      expect(text).to.match(/- Omsorg nå: Ingen – det er uavklart/);
      expect(text).to.match(/- Alvorlig bekymring: Ja/);
    });

    it('"Barn som pårørende", unsure about the concern: points to the conditions in § 33', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Barn som pårørende');
      await bot.say('ja');
      await bot.say('13–17 år');
      await bot.say('Den andre forelderen');
      await bot.say('De vet ingenting');
      const card = cardText(await bot.say('usikker'));
      expect(card).to.match(/Usikker på bekymringen\? Les vilkårene/);
      expect(card).to.match(/Barna vet lite eller ingenting/);
      expect(card).to.not.match(/Ikke la pasienten|Alvorlig bekymring –/);
      // The pregnancy-exposure follow-up concerns young children only.
      expect(card).to.not.match(/utsatt for rusmidler i svangerskapet/);
    });

    it('"Barn som pårørende" without children: no further questions, mapping only', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Barn som pårørende');
      const no = cardText(await bot.say('nei'));
      expect(no).to.match(/Sjekkliste: Barn som pårørende/);
      expect(no).to.match(/Kartlegg om pasienten har/);
      expect(no).to.not.match(/fem nasjonale prosedyrene/);
      await bot.say('Barn som pårørende');
      const unknown = cardText(await bot.say('vet ikke'));
      expect(unknown).to.match(/første samtale/);
      expect(unknown).to.not.match(/Hvor gamle er barna/);
    });

    it('"Selvmordsrisiko og selvskading": "hjelp" midway explains and asks again; "avbryt" leaves without a checklist', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Selvmordsrisiko og selvskading');
      await bot.say('Akuttmottak etter selvmordsforsøk eller selvskading');
      const help = await bot.say('hjelp');
      expect(allText(help)).to.match(/avbryt/);
      expect(cardText(help)).to.match(/Er pasienten under 18 år/);
      expect(allText(await bot.say('avbryt'))).to.match(/Greit, jeg har avbrutt/);
      expect(cardText(await bot.say('nei'))).to.not.match(/Sjekkliste/);
    });

    it('re-asks in Norwegian, and leaves on "avbryt"', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Barn som pårørende');
      expect((await bot.say('kanskje'))[0]?.text).to.match(/Jeg forstod ikke svaret/);
      await bot.say('ja');
      expect((await bot.say('100 år'))[0]?.text).to.match(/Jeg forstod ikke svaret/);
      await bot.say('0–5 år');
      expect(allText(await bot.say('avbryt'))).to.match(/Greit, jeg har avbrutt/);
      expect(allText(await bot.say('hei'))).to.not.match(/Sjekkliste/);
    });
  });
}

describe('Every checklist step carries a source', function () {
  it('for every procedure and every path through its questions', async function () {
    const kb = await loadKnowledge(path.resolve(import.meta.dirname, '..', '..', 'knowledge'));
    expect([...kb.procedures.keys()].sort()).to.deep.equal(['barn', 'selvmord']);
    for (const procedure of kb.procedures.values()) {
      const paths = allAnswerPaths(procedure);
      expect(paths.length, procedure.id).to.be.at.least(
        procedure.questions[0]?.options.length ?? 2,
      );
      for (const answers of paths) {
        const where = `${procedure.id}/${JSON.stringify(answers)}`;
        const ids = checklist(procedure, answers).flatMap((g) => g.items);
        expect(ids.length, where).to.be.at.least(1);
        for (const id of ids) {
          const item = kb.itemsById.get(id);
          expect(item?.sources.length, `${where}/${id}`).to.be.at.least(1);
          for (const s of item?.sources ?? []) expect(s.section).to.not.equal('');
        }
        // A notice rests on a step the same checklist shows.
        for (const a of alerts(procedure, answers)) expect(ids, where).to.include(a.item);
      }
    }
  });
});

describe('Checklist cards', function () {
  it('list each source once behind «Vis kilder», and every step points to its sources', async function () {
    const knowledge = await testKnowledge();
    const kb = await loadKnowledge(path.resolve(import.meta.dirname, '..', '..', 'knowledge'));
    const selvmord = kb.procedures.get('selvmord');
    if (!selvmord) throw new Error('no selvmord procedure');
    const card = checklistCard(
      texts,
      checklistView(selvmord, { situasjon: ['barn-unge'] }, knowledge),
    );
    const shown = shownCards(card);
    const texts_ = (title: string): string[] =>
      ((shown.get(title) as { body?: { text?: string }[] })?.body ?? []).map((b) => b.text ?? '');
    const sources = texts_('Vis kilder');
    expect(sources.length).to.be.at.least(3);
    expect(new Set(sources.map((l) => l.replace(/^\[\d+\] /, ''))).size).to.equal(sources.length);
    const steps = texts_('Vis begrunnelse').filter((t) => /^\*\*\d+\. /.test(t));
    expect(steps.length).to.be.at.least(3);
    for (const step of steps) {
      const refs = /\[([\d, ]+)\]$/.exec(step)?.[1]?.split(', ').map(Number) ?? [];
      expect(refs, step).to.not.be.empty;
      for (const n of refs) expect(sources[n - 1], step).to.match(new RegExp(`^\\[${n}\\] `));
    }
    // This item cites one section twice (two line ranges): it still shows one source.
    expect(knowledge.item('sui-selvskading-barn-unge-skriftlige-rutiner')?.sources).to.have.length(
      2,
    );
    expect(sources.filter((l) => /skriftlige rutiner/i.test(l)).length).to.be.at.most(1);
  });
});

describe('Checklist cards fit in a Teams message', function () {
  // Teams rejects a bot message over about 100 KB (counted as UTF-16) with 413 MessageSizeTooBig
  // and recommends staying within 80 KB; every checklist, with every option ticked on
  // multi-select questions, must stay within that.
  it('for every procedure and every path through its questions', async function () {
    const knowledge = await testKnowledge();
    const kb = await loadKnowledge(path.resolve(import.meta.dirname, '..', '..', 'knowledge'));
    for (const procedure of kb.procedures.values()) {
      const all = Object.fromEntries(
        procedure.questions
          .filter((q) => q.multi)
          .map((q) => [q.id, q.options.map((o) => o.value)]),
      );
      for (const answerPath of allAnswerPaths(procedure)) {
        // Worst case: every option ticked on the multi-select questions.
        const answers = { ...answerPath, ...all };
        const card = checklistCard(texts, checklistView(procedure, answers, knowledge));
        const utf16Bytes = JSON.stringify(card).length * 2;
        expect(utf16Bytes, `${procedure.id}/${JSON.stringify(answers)}`).to.be.below(80 * 1024);
      }
    }
  });
});
