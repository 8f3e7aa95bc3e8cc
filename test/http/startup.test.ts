/**
 * The real entry point (src/main.ts) as a child process: it starts and serves, stops cleanly on
 * SIGTERM, and refuses to start on a wrong setting or a wrong knowledge file, naming it.
 */
import { expect } from 'chai';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

interface Run {
  readonly child: ChildProcessWithoutNullStreams;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

function run(env: Record<string, string>): Run {
  const child = spawn(tsx, ['src/main.ts'], {
    cwd: root,
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
