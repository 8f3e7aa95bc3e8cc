/**
 * npm run kb:coverage — how many of the seeds' key rules (requirement, law, responsibility,
 * routine, time-limit in docs/seeds/seed-rules.md, a copy of ../shared/domain/seed-rules.md) the knowledge base covers, per seed,
 * and which are uncovered (or excepted, with the reason in knowledge/coverage-exceptions.yaml).
 * Exit 1 when a key rule is neither covered nor excepted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadKnowledge } from '../src/domain/knowledge/load.js';
import { catalogueFile, coverage, loadExceptions, parseCatalogue } from './lib/coverage.js';

const dir = path.resolve(import.meta.dirname, '..', 'knowledge');
const kb = await loadKnowledge(dir, process.env.ORG ? { org: process.env.ORG } : {});
const result = coverage(
  kb,
  parseCatalogue(readFileSync(catalogueFile, 'utf8')),
  loadExceptions(dir),
);
const bySeed = new Map<string, { covered: number; excepted: number; open: string[] }>();
for (const c of result) {
  const seed = c.rule.cites[0]?.file.slice(0, 3) ?? '?';
  const row = bySeed.get(seed) ?? { covered: 0, excepted: 0, open: [] };
  if (c.items.length > 0) row.covered++;
  else if (c.exception) row.excepted++;
  else row.open.push(c.rule.slug);
  bySeed.set(seed, row);
}
console.log('seed  key rules  covered  excepted  uncovered');
for (const [seed, r] of [...bySeed].sort()) {
  const total = r.covered + r.excepted + r.open.length;
  console.log(
    `${seed}   ${String(total).padStart(9)}  ${String(r.covered).padStart(7)}  ${String(r.excepted).padStart(8)}  ${String(r.open.length).padStart(9)}`,
  );
}
const covered = result.filter((c) => c.items.length > 0).length;
const excepted = result.filter((c) => c.items.length === 0 && c.exception).length;
const open = result.filter((c) => c.items.length === 0 && !c.exception);
console.log(
  `\n${covered} of ${result.length} key rules covered (${((100 * covered) / result.length).toFixed(1)} %), ${excepted} excepted with a reason, ${open.length} open`,
);
for (const c of open)
  console.log(
    `  uncovered: ${c.rule.slug} (${c.rule.kind}) ${c.rule.cites.map((x) => `${x.file.slice(0, 3)} ${x.from}-${x.to}`).join(', ')}`,
  );
if (open.length > 0) process.exit(1);
