import { expect } from 'chai';
import { createStorage } from '../../src/channel/state.js';
import { loadConfig } from '../../src/shared/config.js';
import { startAzurite, type Azurite } from '../support/azurite.js';
import { allText, startConversation } from '../support/transcript.js';

describe('STORAGE=blob (Azure Blob Storage, emulated by Azurite on loopback)', function () {
  this.timeout(60_000);
  let azurite: Azurite;

  before(async function () {
    azurite = await startAzurite();
  });

  after(async function () {
    await azurite?.stop();
  });

  it('keeps a conversation in the middle of a flow across a restart of the bot', async function () {
    const config = loadConfig({
      STORAGE: 'blob',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
    });
    const before = await startConversation({ storage: createStorage(config) });
    expect(allText(await before.say('Søk i rutinene'))).to.match(/Hva lurer du på\?/);

    // A new bot process: new runtime, new storage client, same container.
    const after = await startConversation({ storage: createStorage(config) });
    const replies = await after.say('hjelp');
    expect(replies[0]?.text).to.match(/Hjelp: Søk i rutinene/);
  });
});
