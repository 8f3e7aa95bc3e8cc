import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MemoryStorage, type StoreItems } from '../../src/channel/sdk.js';
import { validFnr } from '../support/fnr.js';
import {
  allText,
  cardText,
  firstCard,
  startConversation,
  type ChannelId,
} from '../support/transcript.js';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

for (const channelId of ['webchat', 'msteams'] as ChannelId[]) {
  describe(`Main menu and global commands (${channelId})`, function () {
    it('welcomes a new user with the privacy rule and the menu of four flows and search', async function () {
      const bot = await startConversation({ channelId });
      const replies = await bot.join();
      expect(replies).to.have.length(2);
      expect(replies[0]?.text).to.match(/Fagstøtte/);
      expect(replies[0]?.text).to.match(/Skriv aldri navn, fødselsnummer/);
      const card = firstCard(replies);
      expect(replies[1]?.attachments[0]?.contentType).to.equal(ADAPTIVE);
      // The buttons, in action sets of at most five (the Teams limit per set).
      const sets = (card?.body as { type: string; actions?: { title: string }[] }[]).filter(
        (b) => b.type === 'ActionSet',
      );
      expect(sets.every((set) => (set.actions ?? []).length <= 5)).to.equal(true);
      expect(sets.flatMap((set) => (set.actions ?? []).map((a) => a.title))).to.deep.equal([
        'AUDIT-C og tilsyn fra TSB',
        'Hvem har ansvaret?',
        'Barn som pårørende',
        'Selvmordsrisiko og selvskading',
        'Søk i rutinene',
        'Opplæring',
      ]);
      // One set of choices: the card's buttons, no suggested actions repeating them.
      expect(replies[1]?.suggestedActions).to.deep.equal([]);
    });

    it('answers "hjelp" with the commands and the flows when nothing is running', async function () {
      const bot = await startConversation({ channelId });
      const text = allText(await bot.say('hjelp'));
      expect(text).to.match(/Slik bruker du Fagstøtte/);
      expect(text).to.match(/\*\*meny\*\*/);
      expect(text).to.match(/\*\*avbryt\*\*/);
      expect(text).to.match(/2\. \*\*Hvem har ansvaret\?\*\*/);
    });

    it('shows the menu card on "meny" (any case, with punctuation)', async function () {
      const bot = await startConversation({ channelId });
      const replies = await bot.say('Meny!');
      expect(JSON.stringify(firstCard(replies))).to.match(/Hva vil du ha hjelp til/);
    });

    it('opens a flow by number, by title, by synonym and by card button', async function () {
      const bot = await startConversation({ channelId });
      expect(JSON.stringify(firstCard(await bot.say('1')))).to.match(/AUDIT-C først/);
      await bot.say('avbryt');
      expect(JSON.stringify(firstCard(await bot.say('Hvem har ansvaret?')))).to.match(
        /Hvor gammel er pasienten/,
      );
      await bot.say('avbryt');
      expect(JSON.stringify(firstCard(await bot.say('selvskading')))).to.match(
        /Hvilken situasjon gjelder det/,
      );
      await bot.say('avbryt');
      const submit = await bot.say({ text: '', value: { text: 'Barn som pårørende' } });
      expect(JSON.stringify(firstCard(submit))).to.match(
        /Har pasienten barn eller søsken under 18/,
      );
    });

    it('offers the menu again as suggestions after a flow answers', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('3');
      const replies = await bot.say('nei');
      expect(replies.at(-1)?.text).to.match(/Hva vil du gjøre nå/);
      expect(replies.at(-1)?.suggestedActions).to.include('Søk i rutinene');
    });

    it('answers text that matches nothing with "no hit", without echoing it, and offers areas', async function () {
      const bot = await startConversation({ channelId });
      const replies = await bot.say('qwerty zxcv');
      expect(allText(replies)).to.match(/Jeg fant ingen rutine som passet/);
      expect(JSON.stringify(replies.map((r) => r.raw))).to.not.match(/qwerty/);
      const card = JSON.stringify(firstCard(replies));
      expect(card).to.match(/Input\.ChoiceSet/);
      expect(card).to.match(/Barn som pårørende/);
    });

    it('answers «nei» and «takk» outside a flow with where to go next, not a search', async function () {
      const bot = await startConversation({ channelId });
      for (const reply of ['nei', 'Takk!', 'ok']) {
        const text = allText(await bot.say(reply));
        expect(text).to.match(/Skriv et spørsmål om rutinene, eller velg et tema/);
        expect(text).to.not.match(/Dette fant jeg|Jeg fant ingen rutine|sikkert svar/);
      }
    });

    it('treats free text as a question: top three cards with title, summary and source', async function () {
      const bot = await startConversation({ channelId });
      const replies = await bot.say('hvem har ansvaret for ROP-pasienter');
      // A carousel in Teams; stacked in Web Chat, where a carousel squeezes the cards at 420 px.
      const layout = channelId === 'msteams' ? 'carousel' : 'list';
      const results = replies.find(
        (r) => r.raw.attachmentLayout === layout && r.attachments.length > 1,
      );
      expect(results?.text).to.match(/Dette fant jeg i rutinene/);
      expect(results?.attachments).to.have.length(3);
      const card = JSON.stringify(results?.attachments[0]?.content);
      expect(card).to.match(/Kilde: /);
      expect(card).to.match(/Les hele/);
    });

    it('offers "Hvem har ansvaret?" when a question is about responsibility, and the button starts it', async function () {
      const bot = await startConversation({ channelId });
      const replies = await bot.say('BUP eller TSB for en 16-åring som ruser seg?');
      const offer = JSON.stringify(replies.map((r) => r.attachments));
      expect(offer).to.match(/Vil du heller finne svaret for din pasient\?/);
      expect(offer).to.match(/"title":"Hvem har ansvaret\?"/);
      expect(cardText(await bot.say('Hvem har ansvaret?'))).to.match(/Hvor gammel er pasienten/);
    });

    it('answers a search for the ROP split with the split itself, agreeing with the flow', async function () {
      const bot = await startConversation({ channelId });
      const replies = await bot.say(
        'hva sier ROP-retningslinjen om ansvarsfordelingen mellom TSB og psykisk helsevern',
      );
      const all = JSON.stringify(replies.map((r) => r.attachments));
      expect(all).to.match(/Mindre alvorlig psykisk lidelse og alvorlig ruslidelse: TSB/);
      expect(all).to.not.match(/ikke gjengitt i kunnskapsgrunnlaget/);
      expect(all).to.match(/Hvem har ansvaret\?/);
    });

    it('gives the search flow\'s own help on "hjelp" inside it, then asks again', async function () {
      const bot = await startConversation({ channelId });
      expect(allText(await bot.say('Søk i rutinene'))).to.match(/Hva lurer du på\?/);
      const help = await bot.say('hjelp');
      expect(help[0]?.text).to.match(/Hjelp: Søk i rutinene/);
      expect(help[1]?.text).to.match(/Hva lurer du på\?/);
      expect(allText(await bot.say('hvem har ansvaret for ROP'))).to.match(
        /Dette fant jeg i rutinene/,
      );
    });

    it('leaves a prompt on "avbryt" and says so; a second "avbryt" has nothing to cancel', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Søk i rutinene');
      expect(allText(await bot.say('avbryt'))).to.match(/Greit, jeg har avbrutt/);
      expect(allText(await bot.say('avbryt'))).to.match(/ingenting å avbryte/);
      // The conversation goes on normally afterwards.
      expect(allText(await bot.say('Søk i rutinene'))).to.match(/Hva lurer du på\?/);
    });

    it('leaves the menu prompt on "avbryt" too', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('meny');
      expect(allText(await bot.say('AVBRYT'))).to.match(/Greit, jeg har avbrutt/);
    });

    it('restarts with the menu on "meny" in the middle of a flow', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Søk i rutinene');
      const replies = await bot.say('meny');
      expect(firstCard(replies)).to.not.equal(undefined);
      expect(JSON.stringify(firstCard(await bot.say('2')))).to.match(/Hvor gammel er pasienten/);
    });

    it('warns about a typed fødselsnummer and never echoes it', async function () {
      const bot = await startConversation({ channelId });
      const fnr = validFnr('241285');
      await bot.say('Søk i rutinene');
      const replies = await bot.say(`pasient ${fnr} drikker mye`);
      expect(replies[0]?.text).to.match(/fødselsnummer eller D-nummer/);
      // Honest: nothing stored or logged, but the user's own message in Teams still shows it.
      expect(replies[0]?.text).to.match(/ikke lagret eller logget/);
      // Only Teams keeps the user's own message unchanged; Web Chat is not told about Teams.
      if (channelId === 'msteams') {
        expect(replies[0]?.text).to.match(/I Teams vises det fortsatt i din egen melding/);
      } else {
        expect(replies[0]?.text).to.not.match(/Teams/);
      }
      expect(JSON.stringify(replies.map((r) => r.raw))).to.not.include(fnr);
      expect(JSON.stringify(replies.map((r) => r.raw))).to.not.include(fnr.slice(0, 6));
    });
  });
}

describe('Typing indicator', function () {
  it('shows "typing" before the answer when a turn takes longer than TYPING_DELAY_MS', async function () {
    // A slow store (e.g. remote state storage under load) makes the turn slow.
    class SlowStorage extends MemoryStorage {
      override async read(keys: string[]): Promise<StoreItems> {
        await new Promise((resolve) => setTimeout(resolve, 60));
        return super.read(keys);
      }
    }
    const bot = await startConversation({ typingDelayMs: 10, storage: new SlowStorage() });
    const replies = await bot.sayWithTyping('hjelp');
    expect(replies[0]?.type).to.equal('typing');
    expect(replies.some((r) => /Slik bruker du Fagstøtte/.test(r.text))).to.equal(true);
  });

  it('shows no typing indicator on a fast turn', async function () {
    const bot = await startConversation({ typingDelayMs: 5000 });
    const replies = await bot.sayWithTyping('hjelp');
    expect(replies.map((r) => r.type)).to.not.include('typing');
  });
});

describe('Teams specifics', function () {
  it('welcomes when the bot is installed (bot in membersAdded)', async function () {
    const bot = await startConversation({ channelId: 'msteams' });
    const replies = await bot.join();
    expect(replies[0]?.text).to.match(/Fagstøtte/);
  });

  it('strips an @mention of the bot in a channel message before reading the command', async function () {
    const bot = await startConversation({ channelId: 'msteams' });
    const replies = await bot.say({
      text: '<at>Fagstøtte</at> hjelp',
      entities: [
        {
          type: 'mention',
          text: '<at>Fagstøtte</at>',
          mentioned: { id: 'bot', name: 'Fagstøtte' },
        },
      ],
      conversation: { id: 'team-channel', isGroup: true, conversationType: 'channel', name: '' },
    });
    expect(allText(replies)).to.match(/Slik bruker du Fagstøtte/);
  });
});

describe('Teams manifest commands', function () {
  it('every command in the personal command list starts what it names', async function () {
    const manifest = JSON.parse(
      readFileSync(
        path.resolve(import.meta.dirname, '..', '..', 'deploy', 'teams', 'manifest.json'),
        'utf8',
      ),
    ) as { bots: { commandLists: { scopes: string[]; commands: { title: string }[] }[] }[] };
    const personal = manifest.bots[0]?.commandLists.find((l) => l.scopes.includes('personal'));
    const expected: Record<string, RegExp> = {
      'AUDIT-C og tilsyn fra TSB': /AUDIT-C/,
      'Hvem har ansvaret?': /Hvor gammel er pasienten|alder/i,
      'Barn som pårørende': /Har pasienten barn eller søsken under 18 år/,
      'Selvmordsrisiko og selvskading': /Hvilken situasjon gjelder det/,
      'Søk i rutinene': /Hva lurer du på/,
      'mine forespørsler': /Mine forespørsler/,
      Opplæring: /Hvilken modul vil du ta|Ingen opplæringsmoduler/,
    };
    for (const { title } of personal?.commands ?? []) {
      if (['meny', 'hjelp', 'avbryt'].includes(title)) continue;
      const bot = await startConversation({ channelId: 'msteams' });
      const replies = await bot.say(title);
      expect(allText(replies) + cardText(replies), title).to.match(expected[title] ?? /^$/);
    }
    expect(personal?.commands.length).to.equal(10);
  });
});

describe('Knowledge answers in the conversation', function () {
  it('opens the whole item with "Les hele", with whose rule it is and every source', async function () {
    const bot = await startConversation();
    const replies = await bot.say({
      text: '',
      value: { action: 'showItem', id: 'rop-tvil-behov-avgjor' },
    });
    const card = JSON.stringify(firstCard(replies));
    expect(card).to.match(/Hvem sin regel/);
    expect(card).to.match(/Helse Sør-Øst RHF – krav i Helse Sør-Øst/);
    expect(card).to.match(/punkt 5\.4/);
  });

  it('lists a source once on the item card when the item cites the same section twice', async function () {
    const bot = await startConversation();
    const replies = await bot.say({
      text: '',
      value: { action: 'showItem', id: 'sui-selvskading-barn-unge-skriftlige-rutiner' },
    });
    const card = JSON.stringify(firstCard(replies));
    expect(card.match(/"text":"- Regional fagplan[^"]*punkt 5\.2 /g)).to.have.length(1);
  });

  it('shows the items of an area picked from the no-hit card', async function () {
    const bot = await startConversation();
    const replies = await bot.say({ text: '', value: { action: 'showArea', area: 'rop' } });
    expect(JSON.stringify(firstCard(replies))).to.match(
      /ROP – samtidig ruslidelse og psykisk lidelse/,
    );
  });

  it('ignores a forged card action and treats the message as unknown input', async function () {
    const bot = await startConversation();
    const replies = await bot.say({
      text: '',
      value: { action: 'showItem', id: '../../etc/passwd' },
    });
    expect(allText(replies)).to.match(/Det forstod jeg ikke helt/);
  });

  it('keeps a running flow waiting when "Les hele" is pressed inside it', async function () {
    const bot = await startConversation();
    await bot.say('Søk i rutinene');
    await bot.say({ text: '', value: { action: 'showItem', id: 'rop-tvil-behov-avgjor' } });
    const help = await bot.say('hjelp');
    expect(help[0]?.text).to.match(/Hjelp: Søk i rutinene/);
  });

  it('explains an abbreviation on "hva betyr TSB" with its source', async function () {
    const bot = await startConversation();
    const replies = await bot.say('hva betyr TSB?');
    expect(replies[0]?.text).to.match(
      /\*\*TSB\*\* betyr \*tverrfaglig spesialisert rusbehandling\*/,
    );
    expect(replies[0]?.text).to.match(/Kilde: /);
  });
});

describe('Typing what you want to order (issue 16 trial)', function () {
  it('«tilsyn fra TSB» starts AUDIT-C and tilsyn, not a search', async function () {
    const bot = await startConversation({ channelId: 'msteams' });
    const replies = await bot.say('tilsyn fra TSB');
    expect(allText(replies) + cardText(replies)).to.match(/Be om tilsyn fra TSB/);
    expect(allText(replies)).to.not.match(/Jeg fant/);
  });
});
