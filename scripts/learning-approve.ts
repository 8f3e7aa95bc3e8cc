/**
 * npm run learning:approve -- <module id> [<question id> …] — after a content owner has reviewed a
 * learning question against its knowledge items, records the items' current content hashes in
 * the question's `approved` (all questions of the module when none is named). Keeps the YAML's
 * comments and layout. Prints what changed; run `npm run kb:check` after.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import { loadKnowledge } from '../src/domain/knowledge/load.js';
import { itemContentHash } from '../src/domain/learning/schema.js';

const dir = path.resolve('knowledge');
const [moduleId, ...questionIds] = process.argv.slice(2);
if (!moduleId) {
  console.error('Usage: npm run learning:approve -- <module id> [<question id> …]');
  process.exit(2);
}
const kb = await loadKnowledge(dir, process.env.ORG ? { org: process.env.ORG } : {});
const learnDir = path.join(dir, 'learning');
const file = readdirSync(learnDir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => path.join(learnDir, f))
  .find((f) => parseDocument(readFileSync(f, 'utf8')).get('id') === moduleId);
if (!file) {
  console.error(`No module "${moduleId}" in knowledge/learning/`);
  process.exit(1);
}
const doc = parseDocument(readFileSync(file, 'utf8'));
const questions = doc.get('questions');
if (!(questions instanceof YAMLSeq)) throw new Error(`${file}: no questions`);
let changed = 0;
for (const q of questions.items) {
  if (!(q instanceof YAMLMap)) continue;
  const id = String(q.get('id'));
  if (questionIds.length > 0 && !questionIds.includes(id)) continue;
  const items = (q.get('items') as YAMLSeq).items.map((x) =>
    String((x as { value?: unknown }).value ?? x),
  );
  const approved = Object.fromEntries(
    items.map((itemId) => {
      const item = kb.itemsById.get(itemId);
      if (!item) throw new Error(`${moduleId}/${id}: unknown item "${itemId}"`);
      return [itemId, itemContentHash(item)];
    }),
  );
  const current = (q.toJSON() as { approved?: unknown }).approved;
  const before = JSON.stringify(current ?? {});
  if (before !== JSON.stringify(approved)) {
    q.set('approved', doc.createNode(approved));
    changed += 1;
    console.log(`approved ${moduleId}/${id}: ${items.join(', ')}`);
  }
}
writeFileSync(file, doc.toString({ lineWidth: 100 }));
console.log(`${changed} question(s) approved in ${path.relative(process.cwd(), file)}`);
