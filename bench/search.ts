/**
 * npm run bench:search — search quality and speed on test/fixtures/search-queries.json for
 * (a) Fagstøtte's search, (b) fuse.js with default options, (c) MiniSearch with default (BM25)
 * options, over the same items (title, summary, body, keywords). Prints a Markdown table.
 * Latency: every query timed over many rounds after a warm-up; mean and p99 per query.
 * Hit rates and latency are over the answerable queries; then "no sure answer" on the
 * off-topic queries (hits: []) per split: dev (calibrated on) and held-out (never tuned on).
 * Scale: the same engine over the knowledge base replicated SCALE times (BENCH_SCALE, default 50;
 * copies get new ids), mean and p99 per query over every query of the set, answerable or not,
 * to show how a query's cost grows with the number of items.
 */
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadKnowledge } from '../src/domain/knowledge/load.js';
import {
  CONFIDENT_KNOWN,
  CONFIDENT_SCORE,
  createSearchEngine,
} from '../src/domain/knowledge/search.js';

interface QuerySet {
  queries: { q: string; hits: string[]; split?: 'held-out' }[];
}

type Engine = (q: string) => string[];

const root = path.resolve(import.meta.dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const SCALE = Number(process.env.BENCH_SCALE ?? 50);
const SCALE_ROUNDS = Number(process.env.BENCH_SCALE_ROUNDS ?? 5);

const kb = await loadKnowledge(path.join(root, 'knowledge'));
const fullSet = JSON.parse(
  readFileSync(path.join(root, 'test', 'fixtures', 'search-queries.json'), 'utf8'),
) as QuerySet;
const set = { queries: fullSet.queries.filter((q) => q.hits.length > 0) };
const docs = kb.items.map((i) => ({
  id: i.id,
  title: i.title,
  summary: i.summary,
  body: i.body,
  keywords: i.keywords.join(' '),
}));

const ours = createSearchEngine(kb);
// A second instance, used once, measures a cold engine (no word-match cache yet).
const coldOurs = createSearchEngine(kb);
const fuse = new Fuse(docs, { keys: ['title', 'summary', 'body', 'keywords'] });
const mini = new MiniSearch({
  fields: ['title', 'summary', 'body', 'keywords'],
  storeFields: ['id'],
});
mini.addAll(docs);

const top3Ours =
  (e: typeof ours): Engine =>
  (q) =>
    e.search(q, { limit: 3 }).hits.map((h) => h.item.id);
const top3Fuse: Engine = (q) => fuse.search(q, { limit: 3 }).map((r) => r.item.id);
const top3Mini: Engine = (q) =>
  mini
    .search(q)
    .slice(0, 3)
    .map((r) => String(r.id));

/** name, engine, a fresh instance for the cold run (fuse.js and MiniSearch keep no query cache). */
const engines: [string, Engine, Engine][] = [
  ['Fagstøtte (fuse.js + BM25F, Norwegian)', top3Ours(ours), top3Ours(coldOurs)],
  ['fuse.js, default options', top3Fuse, top3Fuse],
  ['MiniSearch, default BM25', top3Mini, top3Mini],
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const rows: string[] = [];
for (const [name, run, runCold] of engines) {
  // Cold: every query once on an engine that has answered nothing yet.
  let cold = 0;
  for (const { q } of set.queries) {
    const t0 = performance.now();
    runCold(q);
    cold += performance.now() - t0;
  }
  let at1 = 0;
  let at3 = 0;
  for (const { q, hits } of set.queries) {
    const top = run(q);
    if (top[0] !== undefined && hits.includes(top[0])) at1++;
    if (top.some((id) => hits.includes(id))) at3++;
  }
  for (const { q } of set.queries) run(q); // warm-up
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const { q } of set.queries) {
      const t0 = performance.now();
      run(q);
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  const n = set.queries.length;
  rows.push(
    `| ${name} | ${((100 * at1) / n).toFixed(1)} % | ${((100 * at3) / n).toFixed(1)} % | ${mean.toFixed(3)} ms | ${percentile(times, 99).toFixed(3)} ms | ${(cold / n).toFixed(3)} ms |`,
  );
}

console.log(
  `Query set: ${set.queries.length} queries, ${kb.items.length} items; ${ROUNDS} timed rounds; Node ${process.version}\n`,
);
console.log('| engine | hit@1 | hit@3 | mean latency | p99 latency | mean, first run (cold) |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(r);

// "No sure answer": positive = the search is not confident. Precision over every query the
// search was unsure of; recall over the off-topic queries; answerable queries wrongly flagged.
console.log(
  `\nNo sure answer (confident: score ≥ ${CONFIDENT_SCORE} and known share ≥ ${CONFIDENT_KNOWN}):\n`,
);
console.log(
  '| part | answerable | off-topic | precision | recall | answerable flagged unsure | off-topic answered |',
);
console.log('|---|---|---|---|---|---|---|');
for (const split of ['dev', 'held-out'] as const) {
  const part = fullSet.queries.filter((q) => (q.split ?? 'dev') === split);
  let tp = 0;
  let fp = 0;
  let off = 0;
  for (const { q, hits } of part) {
    const unsure = !ours.search(q, { limit: 3 }).confident;
    if (hits.length === 0) off++;
    if (unsure && hits.length === 0) tp++;
    if (unsure && hits.length > 0) fp++;
  }
  const answerable = part.length - off;
  const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
  console.log(
    `| ${split} | ${answerable} | ${off} | ${pct(tp / Math.max(1, tp + fp))} (${tp}/${tp + fp}) | ${pct(tp / Math.max(1, off))} (${tp}/${off}) | ${pct(fp / Math.max(1, answerable))} (${fp}) | ${off - tp} |`,
  );
}

// --- scale: the knowledge base replicated SCALE times ---------------------------------------------
{
  const items = Array.from({ length: SCALE }, (_, copy) =>
    kb.items.map((item) => (copy === 0 ? item : { ...item, id: `${item.id}-x${copy}` })),
  ).flat();
  const t0 = performance.now();
  const big = createSearchEngine({ ...kb, items });
  const built = performance.now() - t0;
  const all = fullSet.queries.map((q) => q.q);
  for (const q of all) big.search(q, { limit: 3 }); // warm-up
  const times: number[] = [];
  for (let r = 0; r < SCALE_ROUNDS; r++) {
    for (const q of all) {
      const t1 = performance.now();
      big.search(q, { limit: 3 });
      times.push(performance.now() - t1);
    }
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(
    `\nScale: ${SCALE}× the knowledge base (${items.length} items), ${all.length} queries × ${SCALE_ROUNDS} rounds; index built in ${built.toFixed(0)} ms\n`,
  );
  console.log('| items | mean per query | p50 | p99 |');
  console.log('|---|---|---|---|');
  console.log(
    `| ${items.length} | ${mean.toFixed(3)} ms | ${percentile(times, 50).toFixed(3)} ms | ${percentile(times, 99).toFixed(3)} ms |`,
  );
}
