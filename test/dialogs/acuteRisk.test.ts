import { expect } from 'chai';
import { cardText, startConversation, type ChannelId } from '../support/transcript.js';

for (const channelId of ['webchat', 'msteams'] as ChannelId[]) {
  describe(`Acute-risk interrupt (${channelId})`, function () {
    it('answers an acute message with the acute routine when nothing is running', async function () {
      const bot = await startConversation({ channelId });
      const replies = await bot.say('pasienten sier han vil ta livet sitt');
      expect(replies[0]?.text).to.match(/Akutt selvmordsfare – følg den akutte rutinen nå/);
      expect(replies[0]?.text).to.match(/Ikke la pasienten være alene/);
      expect(replies[0]?.text).to.match(/Ved fare for liv – ring 113/);
      expect(replies).to.have.length(1);
    });

    it('interrupts any prompt first, then asks the same question again so the user can continue', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Hvem har ansvaret?');
      await bot.say('voksen');
      const replies = await bot.say('OBS: har tatt en overdose nå!');
      expect(replies[0]?.text).to.match(/følg den akutte rutinen nå/);
      expect(replies[0]?.text).to.match(/fortsette der du var/);
      expect(cardText(replies.slice(1))).to.match(/utviklingshemming/);
      // The flow goes on where it was.
      expect(cardText(await bot.say('nei'))).to.match(/autisme/);
    });

    it('interrupts the AUDIT-C questions and the search prompt too', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('1');
      await bot.say('AUDIT-C først');
      const inAuditc = await bot.say('pasienten har en plan om å henge seg');
      expect(inAuditc[0]?.text).to.match(/akutte rutinen/);
      expect(cardText(inAuditc.slice(1))).to.match(/Hvor ofte drikker du alkohol/);
      await bot.say('avbryt');
      await bot.say('Søk i rutinene');
      const inSearch = await bot.say('hun vil ikke leve lenger');
      expect(inSearch[0]?.text).to.match(/akutte rutinen/);
      expect(inSearch[1]?.text).to.match(/Hva lurer du på\?/);
    });

    it('interrupts the guided routines, then the routine goes on where it was', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Barn som pårørende');
      await bot.say('ja');
      const inBarn = await bot.say('mora sier hun skal ta livet sitt i kveld');
      expect(inBarn[0]?.text).to.match(/akutte rutinen/);
      expect(cardText(inBarn.slice(1))).to.match(/Hvor gamle er barna/);
      expect(cardText(await bot.say('0–5 år'))).to.match(/Hvem tar seg av barna nå/);
      await bot.say('meny');
      await bot.say('Selvmordsrisiko og selvskading');
      const inSelvmord = await bot.say('han har tatt en overdose nå');
      expect(inSelvmord[0]?.text).to.match(/akutte rutinen/);
      expect(cardText(inSelvmord.slice(1))).to.match(/Hvilken situasjon gjelder det/);
      await bot.say('Innlagt pasient');
      expect(cardText(await bot.say('nei'))).to.match(/Sjekkliste/);
    });

    it('does not interrupt an ordinary question about suicide routines', async function () {
      const bot = await startConversation({ channelId });
      const replies = await bot.say('hva er rutinen etter et selvmordsforsøk i akuttmottaket');
      expect(replies[0]?.text ?? '').to.not.match(/akutte rutinen først/);
    });

    it('asks "Er det akutt fare nå?" on a possible sign; "nei" returns to the flow and silences nothing', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Hvem har ansvaret?');
      const asked = await bot.say('pasienten er litt suicidal');
      const possible = await bot.say('suicidal');
      expect(
        asked
          .concat(possible)
          .map((r) => r.text ?? '')
          .join(' '),
      ).to.match(/Er det akutt fare nå\?/);
      const no = await bot.say('nei');
      expect(no[0]?.text).to.match(/ikke akutt nå/);
      expect(JSON.stringify(no[0]?.attachments)).to.match(/Vis akuttrutinen/);
      // A later signal is assessed as always.
      const later = await bot.say('han har tatt en overdose nå');
      expect(later[0]?.text).to.match(/følg den akutte rutinen nå/);
      expect(later[0]?.text).to.match(/Jeg reagerte på: «[^»]*overdose[^»]*»/);
    });

    it('asks again on a later possible sign after "nei"', async function () {
      const bot = await startConversation({ channelId });
      expect((await bot.say('suicidal'))[0]?.text).to.match(/Er det akutt fare nå\?/);
      expect((await bot.say('nei'))[0]?.text).to.match(/ikke akutt nå/);
      const again = await bot.say('hun har tatt noen tabletter');
      expect(again[0]?.text).to.match(/Mulig selvmordsfare/);
      expect(again[0]?.text).to.match(/Er det akutt fare nå\?/);
    });

    it('"ja" gives the acute routine, with sources one click away and no risk grade', async function () {
      const bot = await startConversation({ channelId });
      const asked = await bot.say('suicidal');
      expect(asked[0]?.text).to.match(/Mulig selvmordsfare/);
      expect(asked[0]?.text).to.match(/Er det akutt fare nå\?/);
      const yes = await bot.say('ja');
      expect(yes[0]?.text).to.match(/følg den akutte rutinen nå/);
      expect(yes[0]?.text).to.match(/Fagstøtte gir ingen risikogradering/);
      expect(JSON.stringify(yes[0]?.attachments)).to.match(/Vis kilder/);
      expect(JSON.stringify(yes[0]?.attachments)).to.match(/helsenorge/i);
    });

    it('"akuttrutine" shows the routine from anywhere', async function () {
      const bot = await startConversation({ channelId });
      await bot.say('Hvem har ansvaret?');
      const replies = await bot.say('akuttrutine');
      expect(replies[0]?.text).to.match(/følg den akutte rutinen nå/);
    });
  });
}
