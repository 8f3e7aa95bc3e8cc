/**
 * Coverage of the seeds' key rules by the knowledge base: every rule of kind requirement, law,
 * responsibility, routine or time-limit in the seed-rule catalogue
 * (docs/seeds/seed-rules.md, a copy of ../shared/domain/seed-rules.md) is covered when a knowledge item cites the same seed file with
 * overlapping lines, or is listed with a reason in knowledge/coverage-exceptions.yaml.
 * Used by `npm run kb:coverage` and by a test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { KnowledgeBase } from '../../src/domain/knowledge/load.js';

export const keyKinds = ['requirement', 'law', 'responsibility', 'routine', 'time-limit'] as const;

export interface SeedRule {
  readonly slug: string;
  readonly kind: string;
  readonly cites: readonly { readonly file: string; readonly from: number; readonly to: number }[];
}

export { catalogueFile } from './seeds.js';

/** The catalogue's items: `**\`slug\`** — area — *kind* — [scope]` then a `**Source:**` line. */
export function parseCatalogue(text: string): SeedRule[] {
  const rules: SeedRule[] = [];
  let current: { slug: string; kind: string } | undefined;
  for (const line of text.split('\n')) {
    const head = /^\*\*`([a-z0-9-]+)`\*\* — .*? — \*([a-z-]+)\*/.exec(line);
    if (head?.[1] && head[2]) {
      current = { slug: head[1], kind: head[2] };
      continue;
    }
    if (current && line.startsWith('**Source:**')) {
      const cites = [...line.matchAll(/`(\d{3}_[0-9a-f]+\.txt)`[^;]*?l\. (\d+)(?:–(\d+))?/g)].map(
        (m) => ({ file: m[1] ?? '', from: Number(m[2]), to: Number(m[3] ?? m[2]) }),
      );
      rules.push({ ...current, cites });
      current = undefined;
    }
  }
  return rules;
}

const exceptionsSchema = z
  .object({
    exceptions: z
      .array(z.object({ slug: z.string().min(3), reason: z.string().trim().min(20) }).strict())
      .default([]),
  })
  .strict();

export function loadExceptions(knowledgeDir: string): Map<string, string> {
  const file = path.join(knowledgeDir, 'coverage-exceptions.yaml');
  const parsed = exceptionsSchema.parse(parseYaml(readFileSync(file, 'utf8')));
  return new Map(parsed.exceptions.map((e) => [e.slug, e.reason]));
}

export interface Coverage {
  readonly rule: SeedRule;
  /** items citing overlapping lines of the same seed file */
  readonly items: readonly string[];
  readonly exception?: string;
}

export function coverage(
  kb: KnowledgeBase,
  rules: readonly SeedRule[],
  exceptions: ReadonlyMap<string, string>,
): Coverage[] {
  const fileOf = new Map(
    [...kb.sources.values()].flatMap((s) => (s.file ? [[s.id, path.basename(s.file)]] : [])),
  );
  const cited = kb.items.flatMap((item) =>
    item.sources.flatMap((c) => {
      const file = fileOf.get(c.source);
      const m = c.lines ? /^(\d+)(?:-(\d+))?$/.exec(c.lines) : null;
      if (!file || !m) return [];
      return [{ item: item.id, file, from: Number(m[1]), to: Number(m[2] ?? m[1]) }];
    }),
  );
  return rules
    .filter((r) => (keyKinds as readonly string[]).includes(r.kind))
    .map((rule) => {
      const items = [
        ...new Set(
          cited
            .filter((c) =>
              rule.cites.some((r) => r.file === c.file && c.from <= r.to && r.from <= c.to),
            )
            .map((c) => c.item),
        ),
      ];
      const exception = exceptions.get(rule.slug);
      return { rule, items, ...(exception === undefined ? {} : { exception }) };
    });
}
