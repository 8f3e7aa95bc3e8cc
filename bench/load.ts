/**
 * npm run bench:load — HTTP throughput and latency of Fagstøtte against a bare echo bot built from
 * the same botbuilder and restify packages (bench/echoBot.ts), both on 127.0.0.1, driven by
 * autocannon in this process.
 *
 * Each scenario runs next to its own echo run (echo first for one scenario, the scenario first for
 * the next, so drift on a shared machine hits both sides alike) and is reported as a ratio to it:
 * - search turn: POST /api/messages, a knowledge question, deliveryMode expectReplies, a new
 *   conversation id per request (as issue 15 measured it);
 * - dialog turn: a new conversation starts AUDIT-C from the menu, then answers its first question
 *   (two requests per conversation, both counted);
 * - menu: «meny» in a new conversation;
 * - GET /api/v1/knowledge/search and POST /api/v1/audit-c.
 * Bounded: BENCH_SECONDS (default 10) per run, BENCH_CONNECTIONS (default 20), loopback only.
 * Prints a Markdown table and writes it to bench/results/load.md. BENCH_PROFILE=1 runs Fagstøtte
 * with --cpu-prof (profile in bench/results/profile/, git-ignored) to find hot spots; BENCH_ONLY=text
 * runs only the scenarios whose name contains the text. BENCH_BASELINE=<checkout> also starts
 * that checkout's Fagstøtte (e.g. a git worktree of main) and runs every scenario on it too, next
 * to this one and the echo run, in rotating order: before and after in the same run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { format } from 'prettier';

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
}
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p97_5: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;

// autocannon ships no types; the few fields used here are declared above.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const root = path.resolve(import.meta.dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const PROFILE = process.env.BENCH_PROFILE === '1';
const BASELINE = process.env.BENCH_BASELINE;
/** Only the scenarios whose name contains this (e.g. BENCH_ONLY=search). */
const ONLY = process.env.BENCH_ONLY ?? '';

/** Knowledge questions from the development part of the query set, asked in turn. */
const QUESTIONS = [
  'hvem har hovedansvaret phv, tsb eller habilitering',
  'tvil om pasienten skal til tsb eller dps',
  'bup aldersgrense',
  'må vi spørre om alkohol ved innleggelse?',
  'kort intervensjon alkohol veileder',
  'skal vi kartlegge rus på dps?',
];

let sequence = 0;
const nextId = (): string => `bench-${process.pid}-${++sequence}`;

/** A Teams-shaped message activity (as test/support/server.ts teamsActivity), expectReplies. */
function activity(text: string, conversationId: string): string {
  return JSON.stringify({
    type: 'message',
    id: nextId(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    from: {
      id: '29:bench-user',
      name: 'Bench',
      aadObjectId: '00000000-0000-0000-0000-00000000000b',
    },
    conversation: {
      id: conversationId,
      conversationType: 'personal',
      tenantId: '00000000-0000-0000-0000-0000000000aa',
    },
    recipient: { id: '28:bot-app-id', name: 'Fagstøtte' },
    channelData: { tenant: { id: '00000000-0000-0000-0000-0000000000aa' } },
    locale: 'nb-NO',
    text,
    textFormat: 'plain',
    deliveryMode: 'expectReplies',
  });
}

const json = { 'content-type': 'application/json' };

/** One message per request, each in a new conversation. */
function messageRequest(text: (n: number) => string): AutocannonRequest {
  let n = 0;
  return {
    method: 'POST',
    path: '/api/messages',
    headers: json,
    setupRequest: (req) => ({ ...req, body: activity(text(n++), `a:bench-${nextId()}`) }),
  };
}

interface Scenario {
  readonly name: string;
  readonly requests: () => AutocannonRequest[];
  /** A check on one reply before the load, so a broken scenario is not measured. */
  readonly check: (body: string) => boolean;
  /** Measured on the dialog floor bot (bench/dialogFloorBot.ts), not on Fagstøtte. */
  readonly floor?: true;
}

const allScenarios: Scenario[] = [
  {
    name: 'dialog floor (bench/dialogFloorBot.ts: botbuilder-dialogs and state, no Fagstøtte)',
    requests: () => [messageRequest((n) => QUESTIONS[n % QUESTIONS.length] ?? '')],
    check: (body) => body.includes('Du skrev'),
    floor: true,
  },
  {
    name: 'search turn (POST /api/messages, a question)',
    requests: () => [messageRequest((n) => QUESTIONS[n % QUESTIONS.length] ?? '')],
    check: (body) => body.includes('AdaptiveCard'),
  },
  {
    name: 'dialog turn (start AUDIT-C, answer question 1)',
    requests: () => [
      {
        method: 'POST',
        path: '/api/messages',
        headers: json,
        setupRequest: (req, context) => {
          context.conversation = `a:bench-${nextId()}`;
          return {
            ...req,
            body: activity('AUDIT-C og tilsyn fra TSB', String(context.conversation)),
          };
        },
      },
      {
        method: 'POST',
        path: '/api/messages',
        headers: json,
        setupRequest: (req, context) => ({
          ...req,
          body: activity('Aldri', String(context.conversation)),
        }),
      },
    ],
    check: (body) => body.includes('activities'),
  },
  {
    name: 'menu (POST /api/messages, «meny»)',
    requests: () => [messageRequest(() => 'meny')],
    check: (body) => body.includes('AdaptiveCard'),
  },
  {
    name: 'GET /api/v1/knowledge/search',
    requests: () => {
      let n = 0;
      return [
        {
          method: 'GET',
          setupRequest: (req) => ({
            ...req,
            path: `/api/v1/knowledge/search?q=${encodeURIComponent(QUESTIONS[n++ % QUESTIONS.length] ?? '')}`,
          }),
        },
      ];
    },
    check: (body) => body.includes('"results"') || body.includes('"hits"'),
  },
  {
    name: 'POST /api/v1/audit-c',
    requests: () => [
      {
        method: 'POST',
        path: '/api/v1/audit-c',
        headers: json,
        body: JSON.stringify({ answers: [2, 1, 1], sex: 'male' }),
      },
    ],
    check: (body) => body.includes('questionnaireResponse'),
  },
];

const scenarios = allScenarios.filter((s) => s.name.includes(ONLY));

const echoScenario: Scenario = {
  name: 'echo bot (POST /api/messages)',
  requests: () => [messageRequest(() => 'hei')],
  check: (body) => body.includes('Echo: hei'),
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function start(
  args: string[],
  port: number,
  readyPath: string,
  cwd = root,
): Promise<{ url: string; child: ChildProcess }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1' };
  // No app id: the channel adapter accepts unauthenticated activities, as in the tests.
  for (const k of ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppTenantId']) delete env[k];
  const child = spawn(process.execPath, args, {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited: ${stderr}`);
    try {
      if ((await fetch(`${url}${readyPath}`)).ok) return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGTERM');
  throw new Error(`${args.join(' ')} did not become ready: ${stderr}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Sends a scenario's requests once, in order, and checks the last reply. */
async function verify(url: string, scenario: Scenario): Promise<void> {
  const context: Record<string, unknown> = {};
  let body = '';
  for (const r of scenario.requests()) {
    const req = r.setupRequest ? r.setupRequest({ ...r }, context) : r;
    const res = await fetch(`${url}${req.path ?? '/'}`, {
      method: req.method ?? 'GET',
      headers: req.headers ?? {},
      ...(req.body !== undefined ? { body: req.body } : {}),
    });
    body = await res.text();
    if (!res.ok) throw new Error(`${scenario.name}: HTTP ${res.status} ${body.slice(0, 300)}`);
  }
  if (!scenario.check(body))
    throw new Error(`${scenario.name}: unexpected reply ${body.slice(0, 300)}`);
}

async function measure(
  url: string,
  scenario: Scenario,
  seconds = SECONDS,
): Promise<AutocannonResult> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: scenario.requests(),
  });
}

// `npm run bench:load` builds first, so dist/ is this checkout (a stale dist/ would be measured).
if (!existsSync(path.join(root, 'dist', 'src', 'main.js'))) {
  throw new Error('dist/src/main.js is missing: run `npm run bench:load`, which builds first');
}
const appArgs = ['dist/src/main.js'];
if (PROFILE) {
  const dir = path.join(root, 'bench', 'results', 'profile');
  mkdirSync(dir, { recursive: true });
  appArgs.unshift('--cpu-prof', `--cpu-prof-dir=${dir}`);
}

const echo = await start(['--import', 'tsx', 'bench/echoBot.ts'], await freePort(), '/healthz');
const floor = scenarios.some((s) => s.floor)
  ? await start(['--import', 'tsx', 'bench/dialogFloorBot.ts'], await freePort(), '/healthz')
  : undefined;
/**
 * Fagstøtte (and the baseline) start afresh for every scenario: conversation state kept from the
 * scenario before (up to MEMORY_STORAGE_MAX_BYTES) makes garbage collection slower, so a checkout
 * that served more turns earlier would otherwise be slower in the next scenario.
 */
const startApps = async (): Promise<{
  app: Awaited<ReturnType<typeof start>>;
  base: Awaited<ReturnType<typeof start>> | undefined;
}> => ({
  app: await start(appArgs, await freePort(), '/readyz'),
  base: BASELINE
    ? await start(
        ['--import', 'tsx', 'src/main.ts'],
        await freePort(),
        '/readyz',
        path.resolve(BASELINE),
      )
    : undefined,
});
let running: Awaited<ReturnType<typeof startApps>> | undefined;
try {
  await verify(echo.url, echoScenario);
  await measure(echo.url, echoScenario, 2); // warm-up, not measured
  interface Row {
    label: string;
    r: AutocannonResult;
    e: AutocannonResult;
  }
  const rows: Row[] = [];
  for (const [i, scenario] of scenarios.entries()) {
    if (running) {
      await stop(running.app.child);
      if (running.base) await stop(running.base.child);
    }
    running = await startApps();
    const { base } = running;
    // The floor scenario runs on the floor bot, and has no baseline of its own.
    const app = scenario.floor && floor ? floor : running.app;
    const baseline = scenario.floor ? undefined : base;
    await verify(app.url, scenario);
    if (baseline) await verify(baseline.url, scenario);
    // Warm-up: JIT and caches, not measured.
    await measure(app.url, scenario, 1);
    if (baseline) await measure(baseline.url, scenario, 1);
    // The runs of one scenario, in an order that rotates from scenario to scenario.
    const runs: [string, string, Scenario][] = [
      ['echo', echo.url, echoScenario],
      ['this', app.url, scenario],
      ...(baseline ? [['baseline', baseline.url, scenario] as [string, string, Scenario]] : []),
    ];
    const shift = i % runs.length;
    const ordered = [...runs.slice(shift), ...runs.slice(0, shift)];
    const results = new Map<string, AutocannonResult>();
    for (const [name, url, s] of ordered) results.set(name, await measure(url, s));
    const e = results.get('echo') as AutocannonResult;
    for (const name of ['this', 'baseline']) {
      const r = results.get(name);
      if (!r) continue;
      const label = baseline
        ? `${scenario.name}, ${name === 'this' ? 'this checkout' : 'baseline'}`
        : scenario.name;
      rows.push({ label, r, e });
      process.stderr.write(
        `${label}: ${r.requests.average.toFixed(0)} req/s (echo ${e.requests.average.toFixed(0)})\n`,
      );
    }
  }

  const ms = (x: number): string => `${x.toFixed(1)} ms`;
  const pct = (x: number): string => `${(100 * x).toFixed(0)} %`;
  const lines = [
    `Node ${process.version}, ${os.cpus().length} cores (shared with other jobs: numbers are noisy; compare the ratios, each against the echo run next to it), ${CONNECTIONS} connections, ${SECONDS} s per run, ${new Date().toISOString().slice(0, 10)}; Fagstøtte from \`${appArgs.filter((a) => !a.startsWith('--cpu')).join(' ')}\`, started afresh for each scenario${BASELINE ? `; baseline: \`${BASELINE}\`` : ''}.`,
    '',
    '| scenario | req/s | p50 | p97.5 | p99 | echo req/s | echo p99 | throughput vs echo | p99 vs echo | non-2xx / errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      ({ label, r, e }) =>
        `| ${label} | ${r.requests.average.toFixed(0)} | ${ms(r.latency.p50)} | ${ms(r.latency.p97_5)} | ${ms(r.latency.p99)} | ${e.requests.average.toFixed(0)} | ${ms(e.latency.p99)} | ${pct(r.requests.average / e.requests.average)} | ${(r.latency.p99 / e.latency.p99).toFixed(2)}× | ${r.non2xx} / ${r.errors + r.timeouts} |`,
    ),
    '',
  ];
  const table = lines.join('\n');
  console.log(table);
  mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  // Formatted as `npm run lint` (Prettier) expects the committed file.
  writeFileSync(
    path.join(root, 'bench', 'results', 'load.md'),
    await format(`# npm run bench:load\n\n${table}`, { parser: 'markdown' }),
  );
} finally {
  if (running) {
    await stop(running.app.child);
    if (running.base) await stop(running.base.child);
  }
  await stop(echo.child);
  if (floor) await stop(floor.child);
}
