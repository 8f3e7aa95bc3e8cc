/**
 * Seeded fuzz test of the HTTP server (issue 13: "No request can take Fagstøtte down or make it
 * repeat a fødselsnummer"). About 3,200 random requests, generated with fast-check from a fixed
 * seed (test/support/fuzz.ts), go to the real app on 127.0.0.1 (in-process, in-memory log), eight
 * at a time: Bot Framework activities to /api/messages, the embedded Direct Line against a pool of
 * conversations, the JSON API, and raw HTTP oddities (content types, encodings, malformed JSON,
 * wrong methods, long URLs, broken requests over raw sockets).
 *
 * Then: no answer is 5xx (GET /readyz may be 503, and an invoke the bot does not handle 501, as
 * the README says), every request is answered within 15 s, every answer the request settles (413,
 * 415, 400 for deep JSON …) is that answer, every error body is `{ error: { code, message } }`, no
 * planted valid fødselsnummer comes back in a response, a stored Direct Line activity or a log
 * line, the server still answers GET /healthz, leaves no temporary file and still closes.
 *
 * A failure names the seed, the category, the request's index and its kind; rerun with
 * `FUZZ_SEED=<seed> npx mocha --grep "^Fuzz: "`. Numbers in failure messages are
 * shown as ‹fnr›. The long run is `npm run fuzz` (bench/fuzz.ts).
 */
import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { maskPatientIds } from '../../src/domain/safety/patientId.js';
import {
  CATEGORIES,
  DEFAULT_FUZZ_SEED,
  DEFAULT_LIMITS,
  PlantedNumbers,
  ViolationLog,
  createDirectLinePool,
  emptyStats,
  excerpt,
  feedOf,
  fetchKnownIds,
  indexedCases,
  interleave,
  readBackPool,
  runCases,
  type Category,
  type CategoryStats,
  type FuzzOptions,
  type Violation,
} from '../support/fuzz.js';
import { startTestServer, type TestServer } from '../support/server.js';

const SEED = Number(process.env.FUZZ_SEED ?? DEFAULT_FUZZ_SEED);

/** Requests per category: 3,200 in all, well under a minute on two cores. */
const COUNTS: Record<Category, number> = { messages: 900, directline: 900, api: 800, raw: 600 };
const TOTAL = Object.values(COUNTS).reduce((a, b) => a + b, 0);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('Fuzz: seeded random requests to the real server (issue 13)', function () {
  let server: TestServer | undefined;
  let tmp = '';
  const savedTmpdir = process.env.TMPDIR;
  const planted = new PlantedNumbers();
  const violations = new ViolationLog();
  const stats = Object.fromEntries(CATEGORIES.map((c) => [c, emptyStats()])) as Record<
    Category,
    CategoryStats
  >;
  let sent = 0;
  let storedLeaks: string[] = [];
  let logLeaks: string[] = [];
  let healthAfter = 0;
  let filesLeft: string[] = [];

  before(async function () {
    this.timeout(180_000);
    // The server's temporary files (multipart uploads) go to a folder of this run, checked after.
    tmp = mkdtempSync(path.join(os.tmpdir(), 'fagstotte-fuzz-'));
    process.env.TMPDIR = tmp;
    server = await startTestServer({
      RATE_LIMIT_TOKENS_PER_MINUTE: '100000',
      RATE_LIMIT_ACTIVITIES_PER_MINUTE: '100000',
    });
    const options: FuzzOptions = {
      limits: DEFAULT_LIMITS,
      dlPool: 12,
      messageConversations: 50,
      knownIds: await fetchKnownIds(server.url),
    };
    const pool = await createDirectLinePool(server.url, options.dlPool);
    const cases = interleave(CATEGORIES.map((c) => indexedCases(c, options, SEED, 0, COUNTS[c])));
    const started = performance.now();
    sent = await runCases(
      feedOf(cases),
      {
        baseUrl: server.url,
        pool,
        timeoutMs: 15_000,
        // A turn without expectReplies calls the unreachable serviceUrl: retries, ~11-15 s.
        slowTimeoutMs: 30_000,
        creationBudget: { remaining: 30 },
      },
      planted,
      stats,
      violations,
      { seed: SEED, concurrency: 8, slowConcurrency: 16 },
    );
    // Let queued Direct Line turns finish, then read back everything the conversations hold.
    await sleep(1500);
    for (const text of await readBackPool(server.url, pool)) {
      const found = planted.find(text);
      if (found.length > 0) storedLeaks.push(excerpt(text, found));
    }
    for (const line of server.logLines()) {
      const found = planted.find(line);
      if (found.length > 0) logLeaks.push(excerpt(line, found));
    }
    storedLeaks = storedLeaks.map((s) => maskPatientIds(s, '‹fnr›'));
    logLeaks = logLeaks.map((s) => maskPatientIds(s, '‹fnr›'));
    healthAfter = (await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(15_000) }))
      .status;
    filesLeft = readdirSync(tmp);
    restoreTmpdir();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `      fuzz: ${sent} requests (seed ${SEED}, ${planted.size} planted numbers) in ${seconds} s\n`,
    );
  });

  function restoreTmpdir(): void {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
  }

  /** Closes the server; resolves 'closed', or 'still open' when a connection holds it past 5 s. */
  let closing: Promise<string> | undefined;
  const close = (): Promise<string> => {
    closing ??= Promise.race([
      server ? server.close().then(() => 'closed') : Promise.resolve('closed'),
      sleep(5000).then(() => 'still open'),
    ]);
    return closing;
  };

  after(async function () {
    this.timeout(10_000);
    await close();
    restoreTmpdir();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** The violations of these rules, formatted with the seed ('' when there are none). */
  const report = (rules: readonly Violation['rule'][]): string => {
    const only = new ViolationLog();
    for (const [key, g] of violations.groups) {
      if ((rules as readonly string[]).includes(g.rule)) only.groups.set(key, g);
    }
    return only.total === 0
      ? ''
      : `fuzz seed ${SEED} (rerun: FUZZ_SEED=${SEED} npx mocha --grep "^Fuzz: "), ` +
          `${only.total} violation(s):\n${only.format()}`;
  };

  it(`sends every one of the ${TOTAL.toLocaleString('en-US')} generated requests`, function () {
    expect(sent).to.equal(TOTAL);
    expect(report(['client']), 'requests the fuzzer could not send').to.equal('');
  });

  it('never answers with a 5xx (GET /readyz may answer 503, an unhandled invoke 501)', function () {
    expect(report(['server-error'])).to.equal('');
  });

  it('answers every request within 15 s, without a failed connection', function () {
    expect(report(['hang', 'connection'])).to.equal('');
  });

  it('gives the answer the request calls for (413 over the body limit, 415 for a Content-Encoding, 400 for JSON deeper than 64 levels, 200 for a valid body …)', function () {
    expect(report(['status'])).to.equal('');
  });

  it('sends every error body as JSON { error: { code, message } }', function () {
    expect(report(['error-shape'])).to.equal('');
  });

  it('never repeats a planted fødselsnummer in a response', function () {
    expect(planted.size, 'numbers planted in the requests').to.be.above(500);
    expect(report(['echo'])).to.equal('');
  });

  it('never repeats a planted fødselsnummer in a stored Direct Line activity', function () {
    expect(storedLeaks.length, `seed ${SEED}:\n${storedLeaks.slice(0, 5).join('\n')}`).to.equal(0);
  });

  it('never writes a planted fødselsnummer to the log', function () {
    expect(logLeaks.length, `seed ${SEED}:\n${logLeaks.slice(0, 5).join('\n')}`).to.equal(0);
  });

  it('still answers GET /healthz with 200, with no prototype polluted and no temporary file left behind', function () {
    expect(healthAfter).to.equal(200);
    expect(Object.prototype).not.to.have.property('polluted');
    expect(filesLeft, `files left in the temporary folder (TMPDIR) by seed ${SEED}`).to.deep.equal(
      [],
    );
  });

  it('still shuts down within 5 s: no request left a connection open', async function () {
    this.timeout(10_000);
    expect(await close(), `app.close() after seed ${SEED}`).to.equal('closed');
  });
});
