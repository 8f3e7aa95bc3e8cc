/**
 * Outbound calls to a channel (issue 13): a reply goes to the activity's serviceUrl through the
 * Bot Framework Connector, which set no timeout, so a serviceUrl that accepts the connection and
 * never answers held the request open for minutes. OUTBOUND_TIMEOUT_MS now bounds every call.
 */
import { expect } from 'chai';
import { createServer, type Server, type Socket } from 'node:net';
import { startTestServer, teamsActivity, type TestServer } from '../support/server.js';

describe('Outbound calls to a channel have a timeout (real server)', function () {
  this.timeout(60_000);
  let server: TestServer;
  let silent: Server;
  let silentUrl: string;
  const sockets: Socket[] = [];
  let connections = 0;

  before(async function () {
    // A "channel" that accepts connections and never answers.
    silent = createServer((socket) => {
      connections += 1;
      sockets.push(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    silentUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    server = await startTestServer({ OUTBOUND_TIMEOUT_MS: '1000' });
  });

  after(async function () {
    await server.close();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('gives up on a serviceUrl that never answers within a few timeouts, and keeps serving', async function () {
    const started = Date.now();
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        teamsActivity({ serviceUrl: silentUrl, deliveryMode: 'normal', text: 'hjelp' }),
      ),
    });
    const elapsed = Date.now() - started;
    expect(connections, 'the bot tried the serviceUrl').to.be.above(0);
    expect(res.status).to.be.oneOf([200, 500]);
    expect(elapsed).to.be.below(20_000);
    expect((await fetch(`${server.url}/healthz`)).status).to.equal(200);
    const lines = server.logLines().join('\n');
    expect(lines).to.match(/timeout|aborted/i);
  });
});
