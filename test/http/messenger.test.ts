/**
 * The messenger (issue 16): every Bot Connector call the bot starts itself — a new thread in a
 * Teams channel, a message to a 1:1 chat or a thread, a refreshed card — goes through one small
 * interface. Here it runs on the real channel adapter (createChannelAdapter, no app id: no auth)
 * against a fake Bot Connector over real HTTP.
 */
import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import { createChannelAdapter, type FagstotteAdapter } from '../../src/channel/adapter.js';
import {
  conversationRefFrom,
  createBotConnectorMessenger,
  MessengerError,
  type ConversationRef,
  type Messenger,
} from '../../src/channel/messenger.js';
import { loadConfig } from '../../src/shared/config.js';
import { createMemoryLogger } from '../../src/shared/logger.js';
import { startFakeConnector, type FakeConnector } from '../support/fakeConnector.js';
import { teamsActivity } from '../support/server.js';

const TENANT = '00000000-0000-0000-0000-0000000000aa';
const TEAMS_CHANNEL = '19:tsb-konsultasjon@thread.tacv2';
const OUTBOUND_TIMEOUT_MS = 1000;

/** A message posted in the TSB team's channel, as Teams sends it. */
function channelActivity(serviceUrl: string): Activity {
  return teamsActivity({
    serviceUrl,
    from: { id: '29:tsb-lege', name: 'Ola Lege' },
    conversation: {
      id: `${TEAMS_CHANNEL};messageid=1690000000000`,
      conversationType: 'channel',
      isGroup: true,
      tenantId: TENANT,
    },
    channelData: {
      channel: { id: TEAMS_CHANNEL },
      team: { id: '19:team@thread.tacv2' },
      tenant: { id: TENANT },
    },
  }) as unknown as Activity;
}

/** A message in the nurse's 1:1 chat with the bot. */
function personalActivity(serviceUrl: string): Activity {
  return teamsActivity({ serviceUrl }) as unknown as Activity;
}

const card = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text: 'Konsultasjon ønskes: abstinens, sengepost 3' }],
};

describe('Messenger: outbound Bot Connector calls (fake connector over HTTP)', function () {
  this.timeout(60_000);
  let fake: FakeConnector;
  let adapter: FagstotteAdapter;
  let messenger: Messenger;
  let logLines: () => string[];
  const turnErrors: Error[] = [];
  let channel: ConversationRef;
  let nurse: ConversationRef;

  before(async function () {
    fake = await startFakeConnector();
    const config = loadConfig({ OUTBOUND_TIMEOUT_MS: String(OUTBOUND_TIMEOUT_MS) });
    const memory = createMemoryLogger('debug');
    logLines = memory.lines;
    adapter = createChannelAdapter(config, memory.logger);
    // As the runtime does: a failed call must reach the caller, not the turn error handler
    // (which would apologise to the user and reset the conversation).
    adapter.onTurnError = (_context, error) => {
      turnErrors.push(error);
      return Promise.resolve();
    };
    messenger = createBotConnectorMessenger(adapter, config.botAuth.appId ?? '', memory.logger);
    channel = conversationRefFrom(channelActivity(fake.url));
    nurse = conversationRefFrom(personalActivity(fake.url));
  });

  afterEach(function () {
    fake.heal();
    fake.clear();
    expect(turnErrors, 'the adapter turn error handler was not involved').to.deep.equal([]);
  });

  after(async function () {
    await fake.stop();
  });

  describe('conversationRefFrom', function () {
    it('keeps the thread, the Teams channel and the tenant of a channel message', function () {
      expect(conversationRefFrom(channelActivity('https://smba.example/emea/'))).to.deep.equal({
        channelId: 'msteams',
        serviceUrl: 'https://smba.example/emea/',
        conversationId: `${TEAMS_CHANNEL};messageid=1690000000000`,
        botId: '28:bot-app-id',
        tenantId: TENANT,
        teamsChannelId: TEAMS_CHANNEL,
      });
    });

    it('keeps the user of a personal chat, and is plain data that survives JSON', function () {
      const ref = conversationRefFrom(personalActivity('https://smba.example/emea/'));
      expect(ref).to.deep.equal({
        channelId: 'msteams',
        serviceUrl: 'https://smba.example/emea/',
        conversationId: 'a:1xyz',
        botId: '28:bot-app-id',
        tenantId: TENANT,
        userId: '29:1a2b3c',
      });
      expect(JSON.parse(JSON.stringify(ref))).to.deep.equal(ref);
    });

    it('takes the tenant from channelData when the conversation has none', function () {
      const activity = teamsActivity({
        conversation: { id: 'a:1xyz', conversationType: 'personal' },
      }) as unknown as Activity;
      expect(conversationRefFrom(activity).tenantId).to.equal(TENANT);
    });

    it('refuses an activity without what a reply needs', function () {
      const activity = teamsActivity({ serviceUrl: undefined }) as unknown as Activity;
      expect(() => conversationRefFrom(activity)).to.throw(/serviceUrl/);
    });
  });

  describe('startThread', function () {
    it('creates a conversation in the Teams channel with the card and returns the thread', async function () {
      const { thread, activityId } = await messenger.startThread(channel, {
        text: 'Ny konsultasjon',
        card,
      });

      expect(fake.calls.map((c) => c.route)).to.deep.equal(['createConversation']);
      const call = fake.calls[0];
      expect(call?.method).to.equal('POST');
      expect(call?.authorization, 'no app id: no token').to.equal(undefined);
      const body = call?.body as {
        isGroup?: unknown;
        tenantId?: unknown;
        channelData?: { channel?: { id?: unknown }; tenant?: { id?: unknown } };
        activity?: { type?: unknown; text?: unknown; attachments?: unknown[] };
      };
      expect(body.isGroup).to.equal(true);
      expect(body.channelData?.channel?.id).to.equal(TEAMS_CHANNEL);
      expect(body.tenantId).to.equal(TENANT);
      expect(body.channelData?.tenant?.id).to.equal(TENANT);
      expect(body.activity?.type).to.equal('message');
      expect(body.activity?.text).to.equal('Ny konsultasjon');
      expect(body.activity?.attachments).to.deep.equal([
        { contentType: 'application/vnd.microsoft.card.adaptive', content: card },
      ]);

      expect(activityId).to.match(/^\d+$/);
      expect(thread).to.deep.equal({
        channelId: 'msteams',
        serviceUrl: fake.url,
        conversationId: `${TEAMS_CHANNEL};messageid=${activityId}`,
        botId: '28:bot-app-id',
        tenantId: TENANT,
        teamsChannelId: TEAMS_CHANNEL,
      });
    });

    it('refuses a conversation that is not a Teams channel, without calling the connector', async function () {
      const err = await messenger.startThread(nurse, { card }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(MessengerError);
      expect((err as Error).message).to.match(/startThread/);
      expect(fake.calls).to.deep.equal([]);
    });
  });

  describe('send and update', function () {
    it('sends to the nurse’s 1:1 chat', async function () {
      const { activityId } = await messenger.send(nurse, { text: 'Konsultasjonen er tatt' });

      expect(fake.calls).to.have.length(1);
      const call = fake.calls[0];
      // Proactive sends go to the reply route (the SDK sets replyToId to its continuation id).
      expect(call?.route).to.be.oneOf(['sendToConversation', 'replyToActivity']);
      expect(call?.conversationId).to.equal('a:1xyz');
      const body = call?.body as {
        text?: unknown;
        conversation?: { id?: unknown };
        from?: { id?: unknown };
        recipient?: { id?: unknown };
      };
      expect(body.text).to.equal('Konsultasjonen er tatt');
      expect(body.conversation?.id).to.equal('a:1xyz');
      expect(body.from?.id).to.equal('28:bot-app-id');
      expect(body.recipient?.id).to.equal('29:1a2b3c');
      expect(activityId).to.match(/^\d+$/);
    });

    it('sends into a thread it started, and updates the thread’s card in place', async function () {
      const { thread, activityId } = await messenger.startThread(channel, { card });
      await messenger.send(thread, { text: 'Tatt av Ola Lege' });
      const refreshed = { ...card, body: [{ type: 'TextBlock', text: 'Tatt av Ola Lege' }] };
      await messenger.update(thread, activityId, { card: refreshed });

      const [, sent, updated] = fake.calls;
      expect(sent?.conversationId).to.equal(thread.conversationId);
      expect(sent?.conversationId).to.include(';messageid=');
      expect(updated?.method).to.equal('PUT');
      expect(updated?.route).to.equal('updateActivity');
      expect(updated?.conversationId).to.equal(thread.conversationId);
      expect(updated?.activityId).to.equal(activityId);
      const body = updated?.body as { id?: unknown; type?: unknown; attachments?: unknown[] };
      expect(body.id).to.equal(activityId);
      expect(body.type).to.equal('message');
      expect(body.attachments).to.deep.equal([
        { contentType: 'application/vnd.microsoft.card.adaptive', content: refreshed },
      ]);
    });

    it('refuses an empty message without calling the connector', async function () {
      const err = await messenger.send(nurse, {}).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(MessengerError);
      expect(fake.calls).to.deep.equal([]);
    });
  });

  describe('failures', function () {
    const secret = 'Pasient på rom 12 har abstinens';

    const operations: {
      name: 'startThread' | 'send' | 'update';
      route: 'createConversation' | 'replyToActivity' | 'updateActivity';
      run: (m: Messenger) => Promise<unknown>;
    }[] = [
      {
        name: 'startThread',
        route: 'createConversation',
        run: (m) => m.startThread(channel, { text: secret, card }),
      },
      { name: 'send', route: 'replyToActivity', run: (m) => m.send(nurse, { text: secret }) },
      {
        name: 'update',
        route: 'updateActivity',
        run: (m) => m.update(nurse, '1700000000000', { text: secret, card }),
      },
    ];

    for (const op of operations) {
      it(`${op.name}: a connector answering 500 rejects, naming the operation but not the content`, async function () {
        fake.fail(op.route, 500);
        const err = await op.run(messenger).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(fake.callsTo(op.route).length, 'the connector was called').to.be.above(0);
        expect(err).to.be.instanceOf(MessengerError);
        const e = err as MessengerError;
        expect(e.message).to.include(op.name);
        expect(e.statusCode).to.equal(500);
        expect(e.cause, 'no SDK error (it holds the request) attached').to.equal(undefined);
        expect(JSON.stringify({ ...e, message: e.message, stack: e.stack })).to.not.include(
          'rom 12',
        );
        expect(logLines().join('\n')).to.not.include('rom 12');
      });

      it(`${op.name}: a connector that never answers rejects within the outbound timeout`, async function () {
        fake.hang(op.route);
        const started = Date.now();
        const err = await op.run(messenger).then(
          () => undefined,
          (e: unknown) => e,
        );
        const elapsed = Date.now() - started;
        expect(fake.callsTo(op.route).length, 'the connector was called').to.be.above(0);
        expect(err).to.be.instanceOf(MessengerError);
        expect((err as MessengerError).timedOut).to.equal(true);
        expect((err as Error).message)
          .to.include(op.name)
          .and.not.include('rom 12');
        expect(elapsed).to.be.at.least(OUTBOUND_TIMEOUT_MS - 50);
        expect(elapsed).to.be.below(OUTBOUND_TIMEOUT_MS + 1500);
      });
    }

    it('a serviceUrl where nothing listens rejects with the error code', async function () {
      const closed = await startFakeConnector();
      await closed.stop();
      const err = await messenger.send({ ...nurse, serviceUrl: closed.url }, { text: secret }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(MessengerError);
      expect((err as Error).message).to.equal('Messenger send failed: ECONNREFUSED');
    });
  });
});
