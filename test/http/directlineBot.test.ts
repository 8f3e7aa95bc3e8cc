/**
 * A full conversation with the real bot through the embedded Direct Line endpoint of the real
 * server, using Microsoft's own client (botframework-directlinejs), as Web Chat does.
 */
import type { DirectLine, Message } from 'botframework-directlinejs';
import { expect } from 'chai';
import { createDirectLineClient, installXhr } from '../support/directlineClient.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** Collects the bot's messages and resolves when `count` of them have arrived. */
function botMessages(client: DirectLine): {
  next(count: number): Promise<Message[]>;
  stop(): void;
} {
  const received: Message[] = [];
  const waiters: { count: number; resolve: (a: Message[]) => void }[] = [];
  const subscription = client.activity$.subscribe((a) => {
    if (a.type === 'message' && a.from.id === 'fagstotte') {
      received.push(a);
      for (const w of [...waiters]) {
        if (received.length >= w.count) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(received.slice(0, w.count));
        }
      }
    }
  });
  return {
    stop: () => subscription.unsubscribe(),
    next: (count) =>
      new Promise((resolve) => {
        if (received.length >= count) resolve(received.slice(0, count));
        else waiters.push({ count, resolve });
      }),
  };
}

function post(client: DirectLine, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    client
      .postActivity({ type: 'message', text, from: { id: 'ignored' } })
      .subscribe(() => resolve(), reject);
  });
}

for (const secret of [undefined, 's'.repeat(40)]) {
  describe(`Direct Line with the real bot (${secret ? 'DIRECT_LINE_SECRET set' : 'local, no secret'})`, function () {
    this.timeout(30_000);
    let server: TestServer;
    let uninstall: () => void;
    let client: DirectLine | undefined;
    let stop: (() => void) | undefined;

    before(async function () {
      uninstall = installXhr();
      server = await startTestServer(secret ? { DIRECT_LINE_SECRET: secret } : {});
    });

    after(async function () {
      stop?.();
      client?.end();
      await server.close();
      uninstall();
    });

    it('welcomes, answers "hjelp", runs the search flow and "avbryt"', async function () {
      // The Web Chat page's way in: a token from /webchat/token.
      // With the secret set, the front end's sign-in header is what earns a token.
      const tokenRes = await fetch(`${server.url}/webchat/token`, {
        method: 'POST',
        headers: secret ? { 'X-MS-CLIENT-PRINCIPAL-ID': 'user-1' } : {},
      });
      expect(tokenRes.status).to.equal(200);
      const { token } = (await tokenRes.json()) as { token: string };
      client = createDirectLineClient(`${server.url}/v3/directline`, { token });
      const messages = botMessages(client);
      stop = () => messages.stop();

      const welcome = await messages.next(2);
      expect(welcome[0]?.text).to.match(/Hei! Jeg er \*\*Fagstøtte\*\*/);
      expect(welcome[1]?.attachments?.[0]?.contentType).to.equal(
        'application/vnd.microsoft.card.adaptive',
      );

      await post(client, 'hjelp');
      expect((await messages.next(3))[2]?.text).to.match(/Slik bruker du Fagstøtte/);

      await post(client, '5');
      expect((await messages.next(4))[3]?.text).to.match(/Hva lurer du på\?/);

      await post(client, 'avbryt');
      expect((await messages.next(5))[4]?.text).to.match(/Greit, jeg har avbrutt/);
    });
  });
}

describe('Direct Line switched off (DIRECT_LINE_ENABLED=false)', function () {
  it('serves neither the Web Chat page nor /v3/directline, but still /api/messages', async function () {
    const server = await startTestServer({ DIRECT_LINE_ENABLED: 'false' });
    try {
      expect((await fetch(`${server.url}/`)).status).to.equal(404);
      expect(
        (await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST' })).status,
      ).to.equal(404);
      expect((await fetch(`${server.url}/healthz`)).status).to.equal(200);
    } finally {
      await server.close();
    }
  });
});
