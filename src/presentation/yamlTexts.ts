/**
 * A texts file of the chat in texts/nb/<name>.yaml, validated with its zod schema when loaded,
 * with a Mustache renderer for its templates (Markdown, not HTML: values are not escaped).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Mustache from 'mustache';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';

export interface YamlTexts<T> {
  readonly file: T;
  /** Renders one of the file's templates with `view`. */
  render(template: string, view?: Record<string, unknown>): string;
}

export function loadYamlTexts<S extends z.ZodType>(
  name: string,
  schema: S,
): YamlTexts<z.output<S>> {
  const file = path.join(
    path.dirname(fileURLToPath(import.meta.url)),
    'texts',
    'nb',
    `${name}.yaml`,
  );
  return {
    file: schema.parse(parseYaml(readFileSync(file, 'utf8'))),
    render: (template, view = {}) =>
      Mustache.render(template, view, {}, { escape: (v: string) => v }).trim(),
  };
}
