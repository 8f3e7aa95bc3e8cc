/**
 * `npm run build`, after tsc: copies every file under src/ that tsc does not emit (the chat's
 * texts and label files, the Web Chat page's HTML, CSS and script) to the same place under
 * dist/src/, so `npm run start:prod` finds them next to the compiled code.
 */
import { cpSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../src/shared/paths.js';

const root = packageRoot(import.meta.dirname);
const from = path.join(root, 'src');
const to = path.join(root, 'dist', 'src');
let copied = 0;
for (const file of readdirSync(from, { recursive: true, encoding: 'utf8' })) {
  const source = path.join(from, file);
  if (statSync(source).isDirectory() || file.endsWith('.ts')) continue;
  cpSync(source, path.join(to, file));
  copied += 1;
}
process.stdout.write(`copied ${copied} asset file(s) from src/ to dist/src/\n`);
