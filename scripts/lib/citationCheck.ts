/**
 * A cheap guard against citation drift: an item's cited seed lines must contain at least one of
 * its key terms (a word of one of its keywords, folded; a word of 6+
 * letters also matches on its first 6 letters, so "henvisning" finds "henvise"). Items where that
 * cannot hold are listed with a reason in knowledge/citation-check-allow.yaml.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { KnowledgeBase } from '../../src/domain/knowledge/load.js';
import { fold } from '../../src/domain/knowledge/normalize.js';

const allowSchema = z
  .object({
    allow: z
      .array(z.object({ item: z.string().min(3), reason: z.string().trim().min(20) }).strict())
      .default([]),
  })
  .strict();

export function loadCitationAllowList(knowledgeDir: string): Map<string, string> {
  const file = path.join(knowledgeDir, 'citation-check-allow.yaml');
  const parsed = allowSchema.parse(parseYaml(readFileSync(file, 'utf8')));
  return new Map(parsed.allow.map((a) => [a.item, a.reason]));
}

/** Items whose cited seed lines contain none of their key terms. */
export function citationDrift(
  kb: KnowledgeBase,
  seedsDir: string,
  allow: ReadonlyMap<string, string>,
): string[] {
  const lines = new Map<string, string[]>();
  const seedLines = (file: string): string[] => {
    let l = lines.get(file);
    if (!l) {
      l = readFileSync(path.join(seedsDir, file), 'utf8').split('\n');
      lines.set(file, l);
    }
    return l;
  };
  const problems: string[] = [];
  for (const item of kb.items) {
    if (allow.has(item.id)) continue;
    const cited = item.sources.flatMap((c) => {
      const src = kb.sources.get(c.source);
      const m = c.lines ? /^(\d+)(?:-(\d+))?$/.exec(c.lines) : null;
      if (!src?.file || !m) return [];
      const from = Number(m[1]);
      const to = Number(m[2] ?? m[1]);
      // Two lines of slack either side: a sentence often wraps across the range's edge.
      return [
        seedLines(path.basename(src.file))
          .slice(Math.max(0, from - 3), to + 2)
          .join(' '),
      ];
    });
    if (cited.length === 0) continue;
    const text = ` ${fold(cited.join(' ')).replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
    const terms = (item.keywords ?? [])
      .flatMap((k) => fold(k).split(/[^\p{L}\p{N}]+/u))
      .filter((w) => w.length >= 4);
    const found = terms.some((w) => text.includes(w.length >= 6 ? w.slice(0, 6) : ` ${w}`));
    if (!found) problems.push(`${item.id}: its cited seed lines contain none of its key terms`);
  }
  return problems;
}
