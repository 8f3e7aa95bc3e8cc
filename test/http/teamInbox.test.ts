/**
 * The konsultasjon inbox end to end (issue 16), through the real server and a fake Bot Connector
 * on 127.0.0.1: a TSB team registers its Teams channel; a nurse's request from her 1:1 chat
 * becomes a new thread in that channel; a consultant takes it and completes it on the card
 * (Action.Execute invokes); the nurse is told each time in her 1:1 chat; an untaken request is
 * reminded once (fake clock); an unauthorised registration is refused; and a fødselsnummer typed
 * in the request never leaves the bot.
 */
import { expect } from 'chai';
import { startFakeConnector, type FakeConnector } from '../support/fakeConnector.js';
import { validFnr } from '../support/fnr.js';
import { startTestServer, teamsActivity, type TestServer } from '../support/server.js';

const TENANT = '00000000-0000-0000-0000-0000000000aa';
const LEAD = '11111111-1111-1111-1111-111111111111';
const CONSULTANT = '22222222-2222-2222-2222-222222222222';
const CHANNEL = '19:tsbteam@thread.tacv2';

describe('Konsultasjon inbox: ward → TSB team channel → ward (issue 16)', function () {
  this.timeout(60_000);
  let connector: FakeConnector;
  let server: TestServer;
  const clock = { now: new Date('2026-11-30T09:00:00Z') };
  let seq = 0;

  before(async function () {
    connector = await startFakeConnector();
    server = await startTestServer(
      { TEAM_REGISTRATION_ALLOWED_USERS: LEAD, OUTBOUND_TIMEOUT_MS: '3000' },
      { now: () => clock.now },
    );
  });

  after(async function () {
    await server?.close();
    await connector?.stop();
  });

  async function post(
    activity: Record<string, unknown>,
  ): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  }

  /** A message in the team's channel (from a team member). */
  function inChannel(text: string, aadObjectId: string, conversationId = CHANNEL) {
    return post(
      teamsActivity({
        id: `f:${++seq}`,
        serviceUrl: connector.url,
        text,
        from: { id: `29:${aadObjectId.slice(0, 4)}`, name: 'Leder TSB', aadObjectId },
        conversation: {
          id: conversationId,
          conversationType: 'channel',
          isGroup: true,
          tenantId: TENANT,
        },
        channelData: { channel: { id: CHANNEL }, team: { id: CHANNEL }, tenant: { id: TENANT } },
      }),
    );
  }

  /** A message from the nurse in her 1:1 chat; returns every reply's text and cards as one string. */
  async function nurse(text: string): Promise<string> {
    const { status, body } = await post(
      teamsActivity({
        id: `f:${++seq}`,
        serviceUrl: connector.url,
        text,
        conversation: { id: 'a:nurse-chat', conversationType: 'personal', tenantId: TENANT },
      }),
    );
    expect(status).to.equal(200);
    return JSON.stringify(body);
  }

  /** The consultant clicks a card button in the thread (Teams Universal Action). */
  function execute(thread: string, data: Record<string, unknown>) {
    return post(
      teamsActivity({
        id: `f:${++seq}`,
        type: 'invoke',
        name: 'adaptiveCard/action',
        // As Teams sends it: anything else the bot says goes to the serviceUrl.
        deliveryMode: 'normal',
        text: undefined,
        serviceUrl: connector.url,
        from: { id: '29:cons', name: 'Overlege Berg', aadObjectId: CONSULTANT },
        conversation: { id: thread, conversationType: 'channel', isGroup: true, tenantId: TENANT },
        channelData: { channel: { id: CHANNEL }, tenant: { id: TENANT } },
        value: {
          action: { type: 'Action.Execute', verb: 'konsultasjon', data },
          trigger: 'manual',
        },
      }),
    );
  }

  async function requestFromWard(ward: string): Promise<string> {
    await nurse('AUDIT-C og tilsyn fra TSB');
    await nurse('Be om tilsyn fra TSB');
    await nurse('Abstinenstegn');
    await nurse('I dag eller i morgen');
    await nurse(ward);
    await nurse('telefon 4411');
    for (const answer of ['nei', '18–64 år', 'Nei', 'Nei']) await nurse(answer);
    return nurse('Nei');
  }

  it('refuses to register a channel for someone not on the allow-list', async function () {
    const { body } = await inChannel('registrer tilsynsteam TSB konsultasjonstjeneste', CONSULTANT);
    expect(JSON.stringify(body)).to.match(/ikke lov til å registrere/);
    const offer = await requestFromWard('Kirurgisk post 2');
    expect(offer).to.not.match(/Send til/);
  });

  it('carries a request from the ward to a new thread, takes and completes it, and tells the nurse each time', async function () {
    // Installed in the team: the welcome in the channel says how to register.
    const installed = await post(
      teamsActivity({
        id: `f:${++seq}`,
        type: 'conversationUpdate',
        text: undefined,
        serviceUrl: connector.url,
        membersAdded: [{ id: '28:bot-app-id' }],
        conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, tenantId: TENANT },
        channelData: { channel: { id: CHANNEL }, team: { id: CHANNEL }, tenant: { id: TENANT } },
      }),
    );
    expect(JSON.stringify(installed.body)).to.match(/Skriv «registrer tilsynsteam» og navnet/);
    // Registered with an @mention, as a channel message to the bot is written.
    const registered = await post(
      teamsActivity({
        id: `f:${++seq}`,
        serviceUrl: connector.url,
        text: '<at>Fagstøtte</at> registrer tilsynsteam tsb konsultasjonstjeneste',
        entities: [
          {
            type: 'mention',
            text: '<at>Fagstøtte</at>',
            mentioned: { id: '28:bot-app-id', name: 'Fagstøtte' },
          },
        ],
        from: { id: '29:lead', name: 'Leder TSB', aadObjectId: LEAD },
        conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, tenantId: TENANT },
        channelData: { channel: { id: CHANNEL }, team: { id: CHANNEL }, tenant: { id: TENANT } },
      }),
    );
    expect(JSON.stringify(registered.body)).to.match(/innboks for \*\*TSB konsultasjonstjeneste/);

    const offer = await requestFromWard('Kirurgisk post 2');
    expect(offer).to.match(/Send til TSB konsultasjonstjeneste \(eksempel\)/);
    connector.clear();
    const receipt = await nurse('Send til TSB konsultasjonstjeneste (eksempel)');
    const id = /Forespørsel \*\*(K-[0-9A-Z]{6})\*\*/.exec(receipt)?.[1] ?? '';
    expect(id, receipt).to.match(/^K-/);
    expect(receipt).to.match(/Lovet svartid: fyll inn lokal svarfrist/);

    // A new thread in the team's channel, with the request card and nothing identifying.
    const [created] = connector.callsTo('createConversation');
    expect(created?.body).to.deep.include({ isGroup: true });
    expect(JSON.stringify(created?.body)).to.include(CHANNEL);
    const card = JSON.stringify(created?.body.activity);
    expect(card).to.include(id);
    expect(card).to.match(/Abstinenstegn/);
    expect(card).to.match(/Kirurgisk post 2 – telefon 4411/);
    expect(card).to.match(/Jeg tar den/);
    expect(card).to.match(/Action\.Execute/);

    // «Jeg tar den»: the refreshed card comes back, the thread's card is replaced, the nurse told.
    connector.clear();
    clock.now = new Date('2026-11-30T09:12:00Z');
    const took = await execute(CHANNEL, { konsultasjon: { action: 'take', requestId: id } });
    expect(took.status).to.equal(200);
    expect(JSON.stringify(took.body)).to.match(/Tatt av Overlege Berg kl\. 10:12/);
    expect(JSON.stringify(took.body)).to.match(/Tilsyn utført/);
    expect(connector.callsTo('updateActivity')).to.have.length(1);
    const toNurse = connector.calls.filter(
      (c) => c.conversationId === 'a:nurse-chat' && c.route !== 'updateActivity',
    );
    expect(JSON.stringify(toNurse.map((c) => c.body))).to.match(
      new RegExp(
        `${id}\\*\\* er tatt av Overlege Berg \\(TSB konsultasjonstjeneste \\(eksempel\\)\\) kl\\. 10:12`,
      ),
    );

    // A second «Jeg tar den» (someone else, an old card) is refused; the card is current.
    const again = await execute(CHANNEL, { konsultasjon: { action: 'take', requestId: id } });
    expect(JSON.stringify(again.body)).to.match(/Tatt av Overlege Berg/);

    // «Tilsyn utført»: the nurse hears it; the card has no buttons left.
    connector.clear();
    const done = await execute(CHANNEL, { konsultasjon: { action: 'done', requestId: id } });
    expect(JSON.stringify(done.body)).to.match(/Tilsyn utført \(Overlege Berg/);
    expect(JSON.stringify(done.body)).to.not.match(/Action\.Execute/);
    expect(JSON.stringify(connector.calls.map((c) => c.body))).to.match(
      /tilsyn utført av Overlege Berg/,
    );

    // Status lists.
    expect(await nurse('mine forespørsler')).to.match(new RegExp(`${id}.*Tilsyn utført`));
    const open = await inChannel('åpne forespørsler', CONSULTANT);
    expect(JSON.stringify(open.body)).to.match(/Ingen åpne forespørsler/);
  });

  it('asks for a reason before «Avvis», and tells the nurse the reason', async function () {
    await requestFromWard('Medisinsk post 5');
    const receipt = await nurse('send');
    const id = /(K-[0-9A-Z]{6})/.exec(receipt)?.[1] ?? '';
    const bare = await execute(CHANNEL, { konsultasjon: { action: 'reject', requestId: id } });
    expect(JSON.stringify(bare.body)).to.match(/Ny – ikke tatt/);
    connector.clear();
    const rejected = await execute(CHANNEL, {
      konsultasjon: { action: 'reject', requestId: id },
      note: 'Gjelder somatisk abstinens, ring LIS medisin',
    });
    expect(JSON.stringify(rejected.body)).to.match(/Avvist \(Overlege Berg/);
    expect(JSON.stringify(connector.calls.map((c) => c.body))).to.match(
      /er avvist av Overlege Berg .*«Gjelder somatisk abstinens, ring LIS medisin»/,
    );
  });

  /** The nurse submits the answer form of «Trenger mer informasjon» in her chat. */
  async function nurseAnswers(id: string, answer: string, conversationId = 'a:nurse-chat') {
    const { status, body } = await post(
      teamsActivity({
        id: `f:${++seq}`,
        serviceUrl: connector.url,
        text: '',
        value: { konsultasjonAnswer: { requestId: id }, answer },
        conversation: { id: conversationId, conversationType: 'personal', tenantId: TENANT },
        ...(conversationId === 'a:nurse-chat'
          ? {}
          : { from: { id: '29:other', name: 'Annen', aadObjectId: CONSULTANT } }),
      }),
    );
    expect(status).to.equal(200);
    return JSON.stringify(body);
  }

  it('lets the nurse answer «Trenger mer informasjon» in the chat: to the thread, onto the card, back to the team', async function () {
    await requestFromWard('Ortopedisk post 3');
    const id = /(K-[0-9A-Z]{6})/.exec(await nurse('send'))?.[1] ?? '';
    await execute(CHANNEL, { konsultasjon: { action: 'take', requestId: id } });
    connector.clear();
    await execute(CHANNEL, {
      konsultasjon: { action: 'needs-info', requestId: id },
      'note-needs-info': 'Hvilke rusmidler, og når drakk han sist?',
    });
    // The nurse's notice has a field to answer in, and «Send svar».
    const notice = JSON.stringify(connector.calls.map((c) => c.body));
    expect(notice).to.match(/trenger mer informasjon: «Hvilke rusmidler/);
    expect(notice).to.include('Send svar');
    expect(notice).to.include('konsultasjonAnswer');

    // Someone else cannot answer for her.
    expect(await nurseAnswers(id, 'Bare øl', 'a:someone-else')).to.match(
      new RegExp(`${id} venter ikke på svar fra deg`),
    );
    expect(await nurseAnswers(id, '   ')).to.match(/skriv svaret i feltet/);

    connector.clear();
    const reply = await nurseAnswers(id, 'Vodka, siste gang i går kveld');
    expect(reply).to.match(
      new RegExp(`Svaret er sendt til TSB konsultasjonstjeneste.*\\(${id}\\)`),
    );
    const thread = JSON.stringify(connector.calls.map((c) => c.body));
    expect(thread).to.match(/svar fra avdelingen: «Vodka, siste gang i går kveld»/);
    // The card in the thread is the team's again, with the answer on it.
    expect(thread).to.match(/Svar fra avdelingen/);
    expect(thread).to.match(/Tatt av/);
    expect(await nurse('mine forespørsler')).to.match(new RegExp(`${id}.*Tatt av`));
    // The team asks again, and this time Teams does not answer: the nurse is told to phone.
    await execute(CHANNEL, {
      konsultasjon: { action: 'needs-info', requestId: id },
      'note-needs-info': 'Og når spiste han sist?',
    });
    connector.fail('sendToConversation', 502);
    connector.fail('replyToActivity', 502);
    connector.fail('updateActivity', 502);
    try {
      expect(await nurseAnswers(id, 'I morges')).to.match(
        new RegExp(`Svaret er lagret på ${id}, men kom ikke fram til .*Ring`),
      );
    } finally {
      connector.heal();
    }
    // Answered once: a second answer waits for the team to ask again.
    expect(await nurseAnswers(id, 'Og litt øl')).to.match(/venter ikke på svar fra deg/);
  });

  it('refuses a card action from anywhere but the unit’s channel (a forged submit in a 1:1 chat)', async function () {
    await requestFromWard('Nevrologisk post 1');
    const id = /(K-[0-9A-Z]{6})/.exec(await nurse('send'))?.[1] ?? '';
    const { body } = await post(
      teamsActivity({
        id: `f:${++seq}`,
        serviceUrl: connector.url,
        text: '',
        value: { konsultasjon: { action: 'done', requestId: id } },
        conversation: { id: 'a:nurse-chat', conversationType: 'personal', tenantId: TENANT },
      }),
    );
    expect(JSON.stringify(body)).to.match(
      /Bare kanalen som er innboks for TSB konsultasjonstjeneste/,
    );
    expect(await nurse('mine forespørsler')).to.match(new RegExp(`${id}.*Ny – ikke tatt`));
  });

  it('gives the acute routine at once when a note signals acute risk', async function () {
    await requestFromWard('Medisinsk post 7');
    const id = /(K-[0-9A-Z]{6})/.exec(await nurse('send'))?.[1] ?? '';
    await execute(CHANNEL, { konsultasjon: { action: 'take', requestId: id } });
    connector.clear();
    await execute(CHANNEL, {
      konsultasjon: { action: 'needs-info', requestId: id },
      'note-needs-info': 'Pasienten sier han skal ta livet sitt i kveld, har tau',
    });
    expect(JSON.stringify(connector.calls.map((c) => c.body))).to.match(/Akutt selvmordsfare/);
  });

  it('reminds an untaken request once, in the thread and to the nurse with whom to phone', async function () {
    clock.now = new Date('2026-11-30T11:00:00Z');
    await server.runtime.runInboxTimers(); // the earlier tests' untaken requests are due by now
    await requestFromWard('Ortopedisk post 1');
    const id = /(K-[0-9A-Z]{6})/.exec(await nurse('send'))?.[1] ?? '';
    connector.clear();
    clock.now = new Date('2026-11-30T11:59:00Z');
    await server.runtime.runInboxTimers();
    expect(connector.calls).to.have.length(0);
    clock.now = new Date('2026-11-30T12:00:00Z');
    await server.runtime.runInboxTimers();
    await server.runtime.runInboxTimers();
    const sent = JSON.stringify(connector.calls.map((c) => c.body));
    expect(sent).to.match(new RegExp(`Påminnelse: ${id} er ikke tatt etter 60 minutter`));
    expect(sent).to.match(
      new RegExp(
        `${id}\\*\\* er ikke tatt ennå etter 60 minutter\\. Ring TSB konsultasjonstjeneste \\(eksempel\\) på fyll inn lokalt telefonnummer`,
      ),
    );
    expect(connector.calls).to.have.length(2);
  });

  it('never lets a fødselsnummer typed in the request or a note leave the bot', async function () {
    const fnr = validFnr('150385');
    const spaced = `${fnr.slice(0, 6)} ${fnr.slice(6)}`;
    connector.clear();
    // A valid number, and a mistyped one (wrong control digits): neither may reach the team.
    const mistyped = `${fnr.slice(0, 10)}${(Number(fnr[10]) + 1) % 10}`;
    await requestFromWard(`Post 4 ${fnr} / ${mistyped}`);
    const id = /(K-[0-9A-Z]{6})/.exec(await nurse('send'))?.[1] ?? '';
    await execute(CHANNEL, { konsultasjon: { action: 'take', requestId: id } });
    await execute(CHANNEL, {
      konsultasjon: { action: 'needs-info', requestId: id },
      'note-needs-info': `Gjelder det ${spaced}?`,
    });
    // The nurse's answer, with the number typed as a mistyped (invalid) one: it is masked too.
    await post(
      teamsActivity({
        id: `f:${++seq}`,
        serviceUrl: connector.url,
        text: '',
        value: { konsultasjonAnswer: { requestId: id }, answer: `Ja, det er ${mistyped}` },
        conversation: { id: 'a:nurse-chat', conversationType: 'personal', tenantId: TENANT },
      }),
    );
    const everything = JSON.stringify(connector.calls) + server.logLines().join('\n');
    expect(everything).to.not.include(fnr);
    expect(everything).to.not.include(spaced);
    expect(JSON.stringify(connector.calls)).to.not.include(mistyped);
    expect(JSON.stringify(connector.calls)).to.include('[fødselsnummer fjernet]');
  });
});
