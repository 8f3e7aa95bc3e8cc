/**
 * Turns to answer (issue 14): the three main journeys, answered the shortest way a user would
 * (buttons or typing), take exactly the number of messages in the README's «Turns to answer»
 * table, and the answer comes with the last one. If a change adds a question, this test fails
 * and the table must be updated on purpose.
 */
import { expect } from 'chai';
import { allText, cardText, startConversation, type Reply } from '../support/transcript.js';

interface Journey {
  readonly name: string;
  readonly messages: readonly string[];
  /** what the last replies show (and no earlier reply does) */
  readonly answer: RegExp;
}

/** The README's table: keep both in step. */
const JOURNEYS: readonly Journey[] = [
  {
    name: 'AUDIT-C to the konsultasjon request text',
    messages: [
      'AUDIT-C og tilsyn fra TSB',
      'AUDIT-C først',
      'To til tre ganger i uken',
      '3-4',
      'Sjelden',
      'Mann',
      'Ja',
      'Positiv AUDIT-C',
      'I dag eller i morgen',
      'Medisinsk post 3',
      'vakttelefon post 3',
      'Nei',
      '18–64 år',
      'Nei',
      'Nei',
      'Nei',
    ],
    answer: /Forespørsel om tilsyn fra TSB\nGrunn: Positiv AUDIT-C-screening/,
  },
  {
    name: 'Hvem har ansvaret? for an adult ROP patient',
    messages: [
      'Hvem har ansvaret?',
      '35 år',
      'Nei',
      'Nei',
      'Nei',
      'Nei',
      'alvorlig psykose',
      'moderat alkoholproblem',
      'Nei',
      'Nei',
    ],
    answer: /Hovedansvar/,
  },
  {
    name: 'Barn som pårørende to the checklist',
    messages: [
      'Barn som pårørende',
      'Ja',
      '4 og 12 år',
      'Den andre forelderen',
      'De vet litt',
      'Nei',
    ],
    answer: /Sjekkliste: Barn som pårørende/,
  },
];

const shown = (replies: readonly Reply[]): string => `${allText(replies)}\n${cardText(replies)}`;

describe('Turns to answer (issue 14)', function () {
  for (const journey of JOURNEYS) {
    it(`${journey.name}: ${journey.messages.length} messages`, async function () {
      const bot = await startConversation({ channelId: 'webchat' });
      let last: Reply[] = [];
      for (const [i, message] of journey.messages.entries()) {
        last = await bot.say(message);
        if (i < journey.messages.length - 1)
          expect(shown(last), `answer already after message ${i + 1} («${message}»)`).to.not.match(
            journey.answer,
          );
      }
      expect(shown(last)).to.match(journey.answer);
    });
  }
});
