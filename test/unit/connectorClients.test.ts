/**
 * Connector clients (issue 15): the SDK built a new client, credentials and Azure pipeline for
 * every turn. One is now kept per bot identity, serviceUrl and audience — never shared between
 * identities — bounded, and each still has the outbound timeout.
 */
import { expect } from 'chai';
import { AuthenticationConstants, ClaimsIdentity } from 'botframework-connector';
import {
  CONNECTOR_CLIENT_CACHE_SIZE,
  TimedBotFrameworkAuthentication,
} from '../../src/channel/adapter.js';

const identity = (appId: string): ClaimsIdentity =>
  new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);

describe('Connector clients (issue 15)', function () {
  const auth = (): TimedBotFrameworkAuthentication => new TimedBotFrameworkAuthentication({}, 5000);

  it('reuses one client for the same bot, serviceUrl and audience, turn after turn', async function () {
    const a = auth();
    const first = await a.createConnectorFactory(identity('bot-a')).create('https://s/', 'x');
    const again = await a.createConnectorFactory(identity('bot-a')).create('https://s/', 'x');
    expect(again).to.equal(first);
  });

  it('never shares a client between bot identities, serviceUrls or audiences', async function () {
    const a = auth();
    const base = await a.createConnectorFactory(identity('bot-a')).create('https://s/', 'x');
    const other = [
      await a.createConnectorFactory(identity('bot-b')).create('https://s/', 'x'),
      await a.createConnectorFactory(identity('bot-a')).create('https://t/', 'x'),
      await a.createConnectorFactory(identity('bot-a')).create('https://s/', 'y'),
      await a.createConnectorFactory(identity('bot-a')).create('https://s/'),
    ];
    for (const client of other) expect(client).to.not.equal(base);
    expect(new Set(other).size).to.equal(other.length);
  });

  it('keeps a bounded number of clients (many serviceUrls do not grow memory)', async function () {
    const a = auth();
    const factory = a.createConnectorFactory(identity('bot-a'));
    const first = await factory.create('https://s0/', 'x');
    for (let i = 1; i <= CONNECTOR_CLIENT_CACHE_SIZE; i++)
      await factory.create(`https://s${i}/`, 'x');
    // The least recently used was let go: asking again builds a new one.
    expect(await factory.create('https://s0/', 'x')).to.not.equal(first);
  });

  it('gives every client the outbound timeout policy, once', async function () {
    const a = auth();
    const factory = a.createConnectorFactory(identity('bot-a'));
    await factory.create('https://s/', 'x');
    const client = (await factory.create('https://s/', 'x')) as unknown as {
      client: { pipeline: { getOrderedPolicies(): { name: string }[] } };
    };
    const names = client.client.pipeline.getOrderedPolicies().map((p) => p.name);
    expect(names.filter((n) => n === 'fagstotteOutboundTimeout')).to.have.length(1);
  });
});

describe('User Token clients (issue 15)', function () {
  it('reuses one per bot identity, never across identities', async function () {
    const a = new TimedBotFrameworkAuthentication({}, 5000);
    const first = await a.createUserTokenClient(identity('bot-a'));
    expect(await a.createUserTokenClient(identity('bot-a'))).to.equal(first);
    expect(await a.createUserTokenClient(identity('bot-b'))).to.not.equal(first);
  });
});
