/**
 * npm run kb:check — validates knowledge/ exactly as start-up does, then checks that every area
 * has at least one item, that the responsibility table has no unreachable rule or unsourced
 * answer, and that every item's cited seed lines contain one of its key terms; prints counts per
 * area; and that every learning question was approved against its items as they are now.
 * Exit 1 on any problem.
 */
import path from 'node:path';
import { KnowledgeError, loadKnowledge, uncoveredAreas } from '../src/domain/knowledge/load.js';
import { areaLabels, areas } from '../src/domain/knowledge/schema.js';
import { tableProblems } from './lib/responsibilityDoc.js';
import { citationDrift, loadCitationAllowList } from './lib/citationCheck.js';
import { seedsDir } from './lib/seeds.js';
import { staleQuestions } from '../src/domain/learning/schema.js';

const dir = path.resolve(process.argv[2] ?? 'knowledge');

try {
  const kb = await loadKnowledge(dir, process.env.ORG ? { org: process.env.ORG } : {});
  const rows = areas.map((area) => {
    const primary = kb.items.filter((i) => i.area === area).length;
    const also = kb.items.filter((i) => i.alsoAreas?.includes(area)).length;
    return { area, label: areaLabels[area], primary, also };
  });
  console.log(
    `Knowledge base ${dir}: ${kb.items.length} items, ${kb.glossary.length} glossary entries, ${kb.sources.size} sources`,
  );
  console.log('');
  console.log('area'.padEnd(22) + 'items'.padStart(6) + '  +also');
  for (const r of rows)
    console.log(r.area.padEnd(22) + String(r.primary).padStart(6) + String(r.also).padStart(7));
  if (!kb.responsibility) {
    console.error('\nkb:check failed: knowledge/responsibility.yaml is missing');
    process.exit(1);
  }
  console.log(
    `\nresponsibility.yaml: ${kb.responsibility.rules.length} rules, ${kb.responsibility.notes.length} notes`,
  );
  const problems = tableProblems(kb.responsibility);
  if (problems.length > 0) {
    console.error(`\nkb:check failed: responsibility.yaml:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  const drift = citationDrift(kb, seedsDir, loadCitationAllowList(dir));
  if (drift.length > 0) {
    console.error(`\nkb:check failed: citation drift:\n  ${drift.join('\n  ')}`);
    process.exit(1);
  }
  const missing = uncoveredAreas(kb);
  if (missing.length > 0) {
    console.error(`\nkb:check failed: no item in area(s): ${missing.join(', ')}`);
    process.exit(1);
  }
  const stale = staleQuestions(kb.learning, kb.itemsById);
  console.log(
    `\nlearning: ${kb.learning.length} modules, ${kb.learning.reduce((n, m) => n + m.questions.length, 0)} questions`,
  );
  if (stale.length > 0) {
    console.error(
      `\nkb:check failed: learning questions not approved for their items as they are now — new, or an item changed since (review each, then npm run learning:approve -- <module> <question>):\n  ${stale
        .map((q) => `${q.module}/${q.question}: ${q.items.join(', ')}`)
        .join('\n  ')}`,
    );
    process.exit(1);
  }
  console.log('\nkb:check ok');
} catch (err) {
  if (err instanceof KnowledgeError) {
    console.error(`kb:check failed: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
