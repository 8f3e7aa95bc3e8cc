/**
 * `npm run fuzz`: the long fuzz run of issue 13 ("No request can take Fagstøtte down or make it
 * repeat a fødselsnummer"). The CI test (test/fuzz/fuzz.test.ts) sends 3,200 requests to an
 * in-process server; this run starts the real server as a child process
 * (`node --import tsx src/main.ts`, PORT=<free port>, HOST=127.0.0.1, LOG_LEVEL=warn, the rate
 * limits raised so the traffic stays meaningful, everything else at its default) and sends
 * 10,000 requests per category from the same seeded generators (test/support/fuzz.ts), one
 * category after the other: /api/messages, Direct Line, the JSON API, raw HTTP oddities.
 *
 * Settings (flag or environment variable):
 *   --per-category N   FUZZ_PER_CATEGORY   requests per category (default 10000; `npm run fuzz -- 500`)
 *   --seed N           FUZZ_SEED           generator seed (default that of the CI test)
 *   --minutes N        FUZZ_MINUTES        hard time limit for the whole run (default 20)
 *   --concurrency N    FUZZ_CONCURRENCY    requests in flight (default 8; 32 more for slow turns)
 *   --dl-pool N        FUZZ_DL_POOL        Direct Line conversations reused (default 32, at most 60)
 *
 * Bounded on purpose: all traffic goes to 127.0.0.1 (a serviceUrl is 127.0.0.1:9 or no URL at
 * all); /api/messages uses 200 conversation ids and 20 user ids, cycling; Direct Line reuses a pool
 * of at most 60 conversations (so the store's 64 MiB total never evicts one of them) and starts at
 * most 100 others; the run stops at the time limit.
 *
 * Memory is read before each category and after every 10 % of it, two ways: the child's resident
 * memory (VmRSS in /proc/<pid>/status, what the host sees) and its live memory (heap used plus
 * external memory right after a full garbage collection, reported by bench/support/heapProbe.ts,
 * which the run preloads into the child with --expose-gc and asks with SIGUSR2). RSS alone is a
 * noisy measure of a leak: V8 collects old space late, so RSS climbs in a sawtooth for minutes on a
 * server that holds nothing. With L0 … L10 the live memory and R0 … R10 the RSS before the category
 * and after each tenth, the first half is warm-up (caches and the bounded stores fill); the
 * category FAILS when
 *   (a) the live memory grew by more than 10 % (plus 2 MiB) over the second half
 *       (L10 > 1.10·L5 + 2 MiB: something is kept per request), or
 *   (b) RSS grew by more than 25 % over the second half (R10 > 1.25·R5: memory outside V8's heap).
 *
 * The run exits 1 when any of these holds, and 0 otherwise:
 *   - a 5xx answer (GET /readyz's 503 and the README's 501 for an unhandled invoke excepted);
 *   - a request not answered within 15 s (30 s for a turn retrying an unreachable serviceUrl), or
 *     a failed connection;
 *   - an answer other than the one the request calls for (413, 415, 400 for deep JSON …), or an
 *     error body that is not `{ error: { code, message } }`;
 *   - a planted fødselsnummer in a response, a stored Direct Line activity or a log line;
 *   - the child died, stopped answering GET /healthz, or did not shut down cleanly on SIGTERM;
 *   - a file left in the child's temporary folder;
 *   - the memory criterion above;
 *   - the time limit cut the run short (the run is then incomplete).
 *
 * At the end it prints the per-category table and a summary block in Markdown for the README.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';
import { maskPatientIds } from '../src/domain/safety/patientId.js';
import {
  CATEGORIES,
  CATEGORY_LABELS,
  CHUNK,
  DEFAULT_FUZZ_SEED,
  DEFAULT_LIMITS,
  PlantedNumbers,
  ViolationLog,
  createDirectLinePool,
  emptyStats,
  excerpt,
  fetchKnownIds,
  formatCount,
  histogram,
  indexedCases,
  markdownTable,
  readBackPool,
  runCases,
  type CaseFeed,
  type Category,
  type CategoryStats,
  type FuzzOptions,
} from '../test/support/fuzz.js';

const root = path.resolve(import.meta.dirname, '..');

// ---------------------------------------------------------------------------------------------
// Settings

function flag(name: string): string | undefined {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === `--${name}`) return args[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  // A bare number is the requests per category (`npm run fuzz -- 500`).
  if (name === 'per-category') return args.find((a) => /^\d+$/.test(a));
  return undefined;
}

function intSetting(name: string, env: string, fallback: number, min: number, max: number): number {
  const raw = flag(name) ?? process.env[env];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    process.stderr.write(`--${name} / ${env} must be a whole number ${min}..${max} (got ${raw})\n`);
    process.exit(2);
  }
  return n;
}

const settings = {
  perCategory: intSetting('per-category', 'FUZZ_PER_CATEGORY', 10_000, 1, 1_000_000),
  seed: intSetting('seed', 'FUZZ_SEED', DEFAULT_FUZZ_SEED, 0, 2_147_483_646),
  minutes: intSetting('minutes', 'FUZZ_MINUTES', 20, 1, 600),
  concurrency: intSetting('concurrency', 'FUZZ_CONCURRENCY', 8, 1, 64),
  dlPool: intSetting('dl-pool', 'FUZZ_DL_POOL', 32, 2, 60),
  slowConcurrency: 32,
  messageConversations: 200,
  anonymousConversations: 100,
};

// ---------------------------------------------------------------------------------------------
// The child process

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The child's resident set size in KiB (VmRSS), or undefined once it is gone. */
function rssKiB(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] === undefined ? undefined : Number(m[1]);
  } catch {
    return undefined;
  }
}

const mib = (kib: number | undefined): string =>
  kib === undefined ? '–' : `${(kib / 1024).toFixed(0)} MiB`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const planted = new PlantedNumbers();
const log = { lines: 0, errors: 0, warnings: 0, leaks: [] as string[], leakLines: 0 };
const lastLines: string[] = [];

const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
// The child's own temporary folder: any file left in it (an upload) is counted at the end.
const tmp = mkdtempSync(path.join(os.tmpdir(), 'fagstotte-fuzz-'));
const heapProbe = pathToFileURL(path.join(root, 'bench', 'support', 'heapProbe.ts')).href;
const child = spawn(
  process.execPath,
  ['--expose-gc', '--import', 'tsx', '--import', heapProbe, 'src/main.ts'],
  {
    cwd: root,
    // A clean environment: nothing from the shell or a developer's .env changes the server.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TMPDIR: tmp,
      DOTENV_CONFIG_PATH: path.join(tmp, 'no.env'),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_TOKENS_PER_MINUTE: '100000',
      RATE_LIMIT_ACTIVITIES_PER_MINUTE: '100000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
const pid = child.pid ?? 0;
let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
/** How the child exited (read through a function: it changes while the run awaits). */
const exitState = (): typeof exited => exited;
const exit = new Promise<void>((resolve) => {
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    resolve();
  });
});

/** Callers waiting for the heap probe's next answer. */
const heapWaiters: ((kib: number | undefined) => void)[] = [];

/** The child's live memory in KiB (heap used + external after a full GC), via the heap probe. */
function liveKiB(): Promise<number | undefined> {
  if (exited) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      const i = heapWaiters.indexOf(done);
      if (i >= 0) heapWaiters.splice(i, 1);
      resolve(undefined);
    }, 10_000);
    function done(kib: number | undefined): void {
      clearTimeout(timer);
      resolve(kib);
    }
    heapWaiters.push(done);
    child.kill('SIGUSR2');
  });
}

/** Every line the child writes is counted and searched for planted numbers. */
function watch(stream: NodeJS.ReadableStream): void {
  readline.createInterface({ input: stream }).on('line', (line) => {
    const probe = /^FUZZ-HEAP (-?\d+) (-?\d+)$/.exec(line);
    if (probe) {
      const used = Number(probe[1]);
      const external = Number(probe[2]);
      heapWaiters.shift()?.(used < 0 ? undefined : Math.round((used + external) / 1024));
      return;
    }
    log.lines += 1;
    if (line.includes('"level":"error"')) log.errors += 1;
    else if (line.includes('"level":"warn"')) log.warnings += 1;
    const found = planted.find(line);
    if (found.length > 0) {
      log.leakLines += 1;
      if (log.leaks.length < 5) log.leaks.push(maskPatientIds(excerpt(line, found), '‹fnr›'));
    }
    lastLines.push(maskPatientIds(line.slice(0, 400), '‹fnr›'));
    if (lastLines.length > 20) lastLines.shift();
  });
}
watch(child.stdout);
watch(child.stderr);

function stopChild(): void {
  if (exited === undefined) child.kill('SIGKILL');
}
process.on('SIGINT', () => {
  stopChild();
  rmSync(tmp, { recursive: true, force: true });
  process.exit(130);
});

async function waitUntilReady(): Promise<void> {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    if (exited) throw new Error(`the server exited during start-up (${JSON.stringify(exited)})`);
    try {
      const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error('the server did not become ready within 60 s');
}

// ---------------------------------------------------------------------------------------------
// The run

const started = Date.now();
const deadline = started + settings.minutes * 60_000;
const stats = Object.fromEntries(CATEGORIES.map((c) => [c, emptyStats()])) as Record<
  Category,
  CategoryStats
>;
const violations = new ViolationLog();
const rss = Object.fromEntries(CATEGORIES.map((c) => [c, [] as (number | undefined)[]])) as Record<
  Category,
  (number | undefined)[]
>;
const live = Object.fromEntries(CATEGORIES.map((c) => [c, [] as (number | undefined)[]])) as Record<
  Category,
  (number | undefined)[]
>;
const seconds = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
const failures: string[] = [];
const storedLeaks: string[] = [];
let healthAfter: number | string = '–';
let shutdown = '–';
let rssStart: number | undefined;
let rssEnd: number | undefined;
let liveStart: number | undefined;
let liveEnd: number | undefined;

process.stdout.write(
  `Fuzz run: seed ${settings.seed}, ${formatCount(settings.perCategory)} requests per category, ` +
    `${settings.concurrency} in flight, time limit ${settings.minutes} min; server pid ${pid} on ${baseUrl}\n`,
);

try {
  await waitUntilReady();
  const options: FuzzOptions = {
    limits: DEFAULT_LIMITS,
    dlPool: settings.dlPool,
    messageConversations: settings.messageConversations,
    knownIds: await fetchKnownIds(baseUrl),
  };
  const pool = await createDirectLinePool(baseUrl, settings.dlPool);
  const ctx = {
    baseUrl,
    pool,
    timeoutMs: 15_000,
    slowTimeoutMs: 30_000,
    creationBudget: { remaining: settings.anonymousConversations },
  };
  rssStart = rssKiB(pid);
  liveStart = await liveKiB();

  for (const category of CATEGORIES) {
    if (exited || Date.now() > deadline) break;
    const samples = rss[category];
    // Live-memory samples are promises while the run goes on (onDone cannot wait).
    const liveSamples: Promise<number | undefined>[] = [liveKiB()];
    await liveSamples[0];
    samples.push(rssKiB(pid));
    const step = Math.ceil(settings.perCategory / 10);
    let from = 0;
    const feed: CaseFeed = () => {
      if (from >= settings.perCategory) return undefined;
      const n = Math.min(CHUNK, settings.perCategory - from);
      const batch = indexedCases(category, options, settings.seed, from, n);
      from += n;
      return batch;
    };
    const t0 = Date.now();
    const sent = await runCases(feed, ctx, planted, stats, violations, {
      seed: settings.seed,
      concurrency: settings.concurrency,
      slowConcurrency: settings.slowConcurrency,
      deadline,
      stop: () => exited !== undefined,
      onDone: (done) => {
        if (done % step !== 0 || samples.length > 10) return;
        samples.push(rssKiB(pid));
        liveSamples.push(liveKiB());
        process.stdout.write(
          `  ${category.padEnd(10)} ${String(Math.round((100 * done) / settings.perCategory)).padStart(3)} %` +
            `  ${formatCount(done).padStart(9)}  RSS ${mib(samples.at(-1))}` +
            `  ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
        );
      },
    });
    if (sent === settings.perCategory) {
      while (samples.length < 11) {
        samples.push(rssKiB(pid));
        liveSamples.push(liveKiB());
      }
    }
    live[category] = await Promise.all(liveSamples);
    seconds[category] = (Date.now() - t0) / 1000;
  }

  // Let queued Direct Line turns finish, then read back what the pool's conversations hold.
  await sleep(2000);
  if (!exited) {
    for (const text of await readBackPool(baseUrl, pool)) {
      const found = planted.find(text);
      if (found.length > 0) storedLeaks.push(maskPatientIds(excerpt(text, found), '‹fnr›'));
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(15_000) });
      healthAfter = res.status;
    } catch (err) {
      healthAfter = (err as Error).name;
    }
  }
  rssEnd = rssKiB(pid);
  liveEnd = await liveKiB();
} catch (err) {
  failures.push(`the run stopped: ${(err as Error).message}`);
}

// Shut down as an orchestrator would (SIGTERM), and see whether the server closes cleanly.
const died = exited;
if (!exited) {
  const t0 = Date.now();
  child.kill('SIGTERM');
  const outcome = await Promise.race([exit.then(() => 'exited'), sleep(15_000).then(() => 'no')]);
  if (outcome === 'exited') {
    const code = exitState()?.code ?? null;
    shutdown = `exit ${code ?? exitState()?.signal ?? '?'} after ${((Date.now() - t0) / 1000).toFixed(1)} s`;
    if (code !== 0) failures.push(`the server did not shut down cleanly on SIGTERM (${shutdown})`);
  } else {
    shutdown = 'still running 15 s after SIGTERM (killed)';
    failures.push(`the server ${shutdown}`);
    stopChild();
  }
}
// tsx keeps its compile cache in TMPDIR (tsx-<uid>): that is the loader's, not the server's.
const filesLeft = readdirSync(tmp).filter((name) => !/^tsx-\d+$/.test(name));
rmSync(tmp, { recursive: true, force: true });

// ---------------------------------------------------------------------------------------------
// Verdict

/** The memory criterion of the header for one category, or undefined when it passes. */
function memoryGrowth(
  rssSamples: readonly (number | undefined)[],
  liveSamples: readonly (number | undefined)[],
): string | undefined {
  const pct = (g: number): string => `${(100 * g).toFixed(1)} %`;
  const l5 = liveSamples[5];
  const l10 = liveSamples[10];
  if (liveSamples.length < 11 || l5 === undefined || l10 === undefined) {
    if (rssSamples.length >= 11) return 'the live memory could not be read (heap probe)';
  } else if (l10 > 1.1 * l5 + 2048) {
    return `live memory grew by ${pct(l10 / l5 - 1)} over the second half (${mib(l5)} → ${mib(l10)}; more than 10 % + 2 MiB)`;
  }
  const r5 = rssSamples[5];
  const r10 = rssSamples[10];
  if (r5 !== undefined && r10 !== undefined && r10 > 1.25 * r5) {
    return `RSS grew by ${pct(r10 / r5 - 1)} over the second half (more than 25 %)`;
  }
  return undefined;
}

const total = CATEGORIES.reduce((n, c) => n + stats[c].requests, 0);
if (died) {
  failures.push(
    `the server died during the run (${JSON.stringify(died)}); its last lines:\n    ${lastLines.join('\n    ')}`,
  );
}
for (const c of CATEGORIES) {
  if (stats[c].requests < settings.perCategory && !died) {
    failures.push(
      `${c}: only ${formatCount(stats[c].requests)} of ${formatCount(settings.perCategory)} requests sent (time limit of ${settings.minutes} min)`,
    );
  }
  const growth = memoryGrowth(rss[c], live[c]);
  if (growth) failures.push(`${c}: ${growth}`);
}
if (violations.total > 0) {
  failures.push(`${formatCount(violations.total)} request(s) broke a rule (listed above)`);
}
if (storedLeaks.length > 0) {
  failures.push(
    `${storedLeaks.length} page(s) of stored Direct Line activities hold a planted fødselsnummer`,
  );
}
if (log.leakLines > 0) {
  failures.push(`${formatCount(log.leakLines)} log line(s) hold a planted fødselsnummer`);
}
if (healthAfter !== 200 && !died) failures.push(`GET /healthz after the run: ${healthAfter}`);
if (filesLeft.length > 0) {
  failures.push(
    `${filesLeft.length} file(s) left in the server's temporary folder: ${filesLeft.slice(0, 5).join(', ')}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Report

const minutes = ((Date.now() - started) / 60_000).toFixed(1);
const rows = CATEGORIES.map((c) => {
  const s = stats[c];
  const samples = rss[c];
  return [
    CATEGORY_LABELS[c],
    formatCount(s.requests),
    histogram(s.statuses),
    formatCount(s.serverErrors),
    formatCount(s.hangs),
    formatCount(s.connectionFailures),
    formatCount(s.otherViolations),
    formatCount(s.echoes),
    `${(s.slowest / 1000).toFixed(1)} s`,
    `${seconds[c].toFixed(0)} s`,
    `${mib(samples[0])} → ${mib(samples.at(-1))}`,
    `${mib(live[c][0])} → ${mib(live[c].at(-1))}`,
  ];
});

const HEADERS = [
  'category',
  'requests',
  'status codes',
  '5xx',
  'hangs',
  'connection failures',
  'other violations',
  'echoed numbers',
  'slowest',
  'time',
  'RSS before → after',
  'live memory before → after',
];
/** The columns of the README summary (by index into HEADERS and each row). */
const SUMMARY_COLUMNS = [0, 1, 2, 3, 4, 5, 7, 10, 11];
process.stdout.write('\nPer category:\n\n');
process.stdout.write(`${markdownTable(HEADERS, rows)}\n`);

const tenths = [
  'category',
  ...Array.from({ length: 11 }, (_, i) => (i === 0 ? 'before' : `${i * 10} %`)),
];
process.stdout.write('\nRSS (VmRSS of the server) before each category and after every tenth:\n\n');
process.stdout.write(
  `${markdownTable(
    tenths,
    CATEGORIES.map((c) => [c, ...Array.from({ length: 11 }, (_, i) => mib(rss[c][i]))]),
  )}\n`,
);
process.stdout.write(
  '\nLive memory (heap used + external after a full GC), at the same points:\n\n',
);
process.stdout.write(
  `${markdownTable(
    tenths,
    CATEGORIES.map((c) => [c, ...Array.from({ length: 11 }, (_, i) => mib(live[c][i]))]),
  )}\n`,
);

process.stdout.write(
  `\nServer log: ${formatCount(log.lines)} lines (${formatCount(log.errors)} error, ${formatCount(log.warnings)} warn); ` +
    `planted numbers: ${formatCount(planted.size)}; GET /healthz after the run: ${healthAfter}; ` +
    `SIGTERM: ${shutdown}; files left in TMPDIR: ${filesLeft.length}\n`,
);
if (violations.total > 0) {
  process.stdout.write(`\nViolations (numbers shown as ‹fnr›):\n${violations.format()}\n`);
}
if (log.leaks.length > 0) process.stdout.write(`\nLog lines:\n  ${log.leaks.join('\n  ')}\n`);
if (storedLeaks.length > 0) {
  process.stdout.write(
    `\nStored Direct Line activities:\n  ${storedLeaks.slice(0, 5).join('\n  ')}\n`,
  );
}

const verdict = failures.length === 0 ? 'PASS' : `FAIL (${failures.length} reason(s))`;
const summary = [
  `Fuzz run (\`npm run fuzz\`, seed ${settings.seed}, ${formatCount(settings.perCategory)} requests per category, ` +
    `Node ${process.version}, ${os.cpus().length} CPUs, ${new Date().toISOString().slice(0, 10)}): ` +
    `${formatCount(total)} requests in ${minutes} min; server RSS ${mib(rssStart)} → ${mib(rssEnd)}, live memory ${mib(liveStart)} → ${mib(liveEnd)}; ${verdict}.`,
  '',
  markdownTable(
    SUMMARY_COLUMNS.map((i) => HEADERS[i] ?? ''),
    rows.map((r) => SUMMARY_COLUMNS.map((i) => r[i] ?? '')),
  ),
].join('\n');
process.stdout.write(`\n--- summary (Markdown, for the README) ---\n\n${summary}\n\n--- end ---\n`);

if (failures.length > 0) {
  process.stdout.write(`\nFAIL:\n  - ${failures.join('\n  - ')}\n`);
  process.exitCode = 1;
} else {
  process.stdout.write('\nPASS\n');
}
