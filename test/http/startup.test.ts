/**
 * The real entry point (src/main.ts) as a child process: it starts and serves, stops cleanly on
 * SIGTERM, and refuses to start on a wrong setting or a wrong knowledge file, naming it. And the
 * production build: `npm run build`, then `node dist/src/main.js` started from another folder.
 */
import { expect } from 'chai';
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { teamsActivity } from '../support/server.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

interface Run {
  readonly child: ChildProcessWithoutNullStreams;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

function run(
  env: Record<string, string>,
  command: { file: string; args: string[]; cwd: string } = {
    file: tsx,
    args: ['src/main.ts'],
    cwd: root,
  },
): Run {
  const child = spawn(command.file, command.args, {
    cwd: command.cwd,
    // A clean environment: no .env values or CI settings leak in besides what the test sets.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', ...env },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForLine(r: Run, pattern: RegExp, ms = 20_000): Promise<RegExpMatchArray> {
  const end = Date.now() + ms;
  for (;;) {
    const match = r.output().match(pattern);
    if (match) return match;
    if (Date.now() > end)
      throw new Error(`Timed out waiting for ${String(pattern)}:\n${r.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Start-up and shutdown of the real process', function () {
  this.timeout(40_000);

  it('starts, becomes ready, and exits 0 on SIGTERM', async function () {
    const r = run({});
    const [, url] = await waitForLine(r, /"message":"Listening".*"url":"([^"]+)"/);
    await waitForLine(r, /"message":"Knowledge loaded"/);
    expect((await fetch(`${url}/readyz`)).status).to.equal(200);
    r.child.kill('SIGTERM');
    expect(await r.exited).to.equal(0);
    expect(r.output()).to.match(/"message":"Shutting down".*"signal":"SIGTERM"/);
  });

  it('refuses to start with a wrong setting and names the variable', async function () {
    const r = run({ PORT: 'abc', LOG_LEVEL: 'loud' });
    expect(await r.exited).to.equal(1);
    expect(r.output()).to.match(/PORT: must be a port number/);
    expect(r.output()).to.match(/LOG_LEVEL: must be error, warn, info or debug/);
  });

  it('refuses to start with a wrong knowledge file and names file and field', async function () {
    const r = run({ KNOWLEDGE_DIR: 'test/support/fixtures/kb-bad-authority' });
    expect(await r.exited).to.equal(1);
    expect(r.output()).to.match(/kb-bad-authority\/sources\.yaml/);
    expect(r.output()).to.match(/sources\[1\]\.authority/);
  });
});

describe('The production build (npm run build, npm run start:prod)', function () {
  this.timeout(180_000);

  it('builds, starts from another folder, serves a turn and the Web Chat page, and exits 0 on SIGTERM', async function () {
    await promisify(execFile)('npm', ['run', 'build'], { cwd: root });
    // What `npm run start:prod` runs, started where the package is not.
    const r = run(
      {},
      {
        file: process.execPath,
        args: [path.join(root, 'dist', 'src', 'main.js')],
        cwd: os.tmpdir(),
      },
    );
    const [, url] = await waitForLine(r, /"message":"Listening".*"url":"([^"]+)"/);
    await waitForLine(r, /"message":"Knowledge loaded"/);
    expect((await fetch(`${url}/readyz`)).status).to.equal(200);
    const turn = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(teamsActivity({ text: 'hjelp' })),
    });
    expect(turn.status).to.equal(200);
    expect(JSON.stringify(await turn.json())).to.match(/Slik bruker du Fagstøtte/);
    for (const asset of ['/', '/webchat/app.js', '/webchat/page.css', '/webchat/patient-id.js'])
      expect((await fetch(`${url}${asset}`)).status, asset).to.equal(200);
    r.child.kill('SIGTERM');
    expect(await r.exited).to.equal(0);
  });
});
