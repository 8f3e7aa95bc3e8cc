import { expect } from 'chai';
import { createStorage } from '../../src/channel/state.js';
import { loadConfig } from '../../src/shared/config.js';
import { startAzurite, type Azurite } from '../support/azurite.js';
import { startTestServer } from '../support/server.js';
import { allText, startConversation } from '../support/transcript.js';

describe('Azure Blob Storage, emulated by Azurite on loopback', function () {
  this.timeout(60_000);
  let azurite: Azurite;

  before(async function () {
    azurite = await startAzurite();
  });

  after(async function () {
    await azurite?.stop();
  });

  describe('STORAGE=blob', function () {
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

  describe('GET /readyz probes the conversation storage', function () {
    it('is ready when the blob store answers a write and a read', async function () {
      const server = await startTestServer({
        STORAGE: 'blob',
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      });
      try {
        const res = await fetch(`${server.url}/readyz`);
        expect(res.status).to.equal(200);
        expect(await res.json()).to.include({ status: 'ready' });
      } finally {
        await server.close();
      }
    });

    it('answers 503 with the reason, and no key, when the storage key is wrong', async function () {
      const wrongKey = Buffer.from('not the account key, not at all').toString('base64');
      const connectionString = azurite.connectionString.replace(
        /AccountKey=[^;]+;/,
        `AccountKey=${wrongKey};`,
      );
      const server = await startTestServer({
        STORAGE: 'blob',
        AZURE_STORAGE_CONNECTION_STRING: connectionString,
      });
      try {
        const res = await fetch(`${server.url}/readyz`);
        expect(res.status).to.equal(503);
        const body = (await res.json()) as { status: string; reason: string };
        expect(body.status).to.equal('unavailable');
        expect(body.reason).to.match(/^storage: /);
        expect(JSON.stringify(body)).not.to.include(wrongKey);
      } finally {
        await server.close();
      }
    });

    it('answers 503 when the storage does not answer at all', async function () {
      const server = await startTestServer({
        STORAGE: 'blob',
        AZURE_STORAGE_CONNECTION_STRING:
          'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=AAAA;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;',
      });
      try {
        const res = await fetch(`${server.url}/readyz`);
        expect(res.status).to.equal(503);
        expect(await res.json()).to.include({ status: 'unavailable' });
      } finally {
        await server.close();
      }
    });
  });
});
