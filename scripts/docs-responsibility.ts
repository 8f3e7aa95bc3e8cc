/**
 * npm run docs:responsibility — rewrites the README's list of responsibility rules from
 * knowledge/responsibility.yaml (between the markers), so the documentation cannot drift.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadKnowledge } from '../src/domain/knowledge/load.js';
import { END, START, renderResponsibilityRules } from './lib/responsibilityDoc.js';

const root = path.resolve(import.meta.dirname, '..');
const kb = await loadKnowledge(path.join(root, 'knowledge'));
if (!kb.responsibility) throw new Error('knowledge/responsibility.yaml is missing');
const readme = path.join(root, 'README.md');
const text = readFileSync(readme, 'utf8');
const from = text.indexOf(START);
const to = text.indexOf(END);
if (from < 0 || to < from) throw new Error(`README.md has no ${START} … ${END} block`);
const block = renderResponsibilityRules(kb.responsibility, kb.sources);
const updated = text.slice(0, from) + block + text.slice(to + END.length);
if (updated === text) {
  console.log('README.md: responsibility rules already up to date');
} else {
  writeFileSync(readme, updated);
  console.log('README.md: responsibility rules updated');
}
