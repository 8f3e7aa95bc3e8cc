/**
 * Loads and validates knowledge/. Any problem stops start-up with a KnowledgeError that names the
 * file and the field (dot-path), e.g. `knowledge/sources.yaml: sources[2].authority: ...`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { sourcesFileSchema, type Source } from './schema.js';

export class KnowledgeError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'KnowledgeError';
  }
}

export interface KnowledgeBase {
  readonly sources: ReadonlyMap<string, Source>;
  /** A short fingerprint of the loaded content, shown by /readyz. */
  readonly version: string;
}

function dotPath(pathParts: readonly PropertyKey[]): string {
  return pathParts
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

async function readYaml(file: string, label: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new KnowledgeError(`${label}: cannot read file (${(err as Error).message})`, label);
  }
  try {
    return parseYaml(text, { prettyErrors: true });
  } catch (err) {
    throw new KnowledgeError(`${label}: invalid YAML: ${(err as Error).message}`, label);
  }
}

function validate<S extends z.ZodType>(schema: S, data: unknown, label: string): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) {
    const first = result.error.issues[0];
    const field = first ? dotPath(first.path) : '';
    const lines = result.error.issues.map((i) => `  ${dotPath(i.path) || '(root)'}: ${i.message}`);
    throw new KnowledgeError(`${label}: invalid content:\n${lines.join('\n')}`, label, field);
  }
  return result.data;
}

export async function loadKnowledge(dir: string): Promise<KnowledgeBase> {
  const label = (name: string): string => path.posix.join(path.basename(dir), name);
  const sourcesLabel = label('sources.yaml');
  const sourcesFile = validate(
    sourcesFileSchema,
    await readYaml(path.join(dir, 'sources.yaml'), sourcesLabel),
    sourcesLabel,
  );
  const sources = new Map<string, Source>();
  sourcesFile.sources.forEach((source, index) => {
    if (sources.has(source.id)) {
      throw new KnowledgeError(
        `${sourcesLabel}: sources[${index}].id: duplicate id "${source.id}"`,
        sourcesLabel,
        `sources[${index}].id`,
      );
    }
    sources.set(source.id, source);
  });
  const version = `sources:${sources.size}`;
  return { sources, version };
}
