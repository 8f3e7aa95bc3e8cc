/**
 * The layer rule (README, Architecture): the domain is plain TypeScript and never imports the Bot
 * Framework, HTTP, logging or templating libraries, nor any outer layer; only src/channel (and the
 * test harness) import botbuilder. ESLint enforces the same; this test gives a readable failure.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function tsFiles(dir: string): string[] {
  const abs = path.join(root, dir);
  return readdirSync(abs).flatMap((name) => {
    const rel = path.join(dir, name);
    return statSync(path.join(root, rel)).isDirectory()
      ? tsFiles(rel)
      : name.endsWith('.ts')
        ? [rel]
        : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gms)].map(
    (m) => m[1] ?? '',
  );
}

function violations(files: string[], forbidden: (spec: string, file: string) => boolean): string[] {
  return files.flatMap((file) =>
    imports(file)
      .filter((spec) => forbidden(spec, file))
      .map((spec) => `${file} imports "${spec}"`),
  );
}

const sdk = (spec: string): boolean => /^(botbuilder|botframework-|@microsoft\/agents-)/.test(spec);

describe('Architecture: the dependency rule', function () {
  it('src/domain imports no SDK, HTTP, logging or templating library and no outer layer', function () {
    const found = violations(tsFiles('src/domain'), (spec, file) => {
      if (sdk(spec) || /^(restify|winston|mustache)/.test(spec)) return true;
      if (!spec.startsWith('.')) return false;
      const target = path.relative(root, path.resolve(root, path.dirname(file), spec));
      return !(target.startsWith('src/domain') || target.startsWith('src/shared'));
    });
    expect(found, found.join('\n')).to.deep.equal([]);
  });

  it('src/shared and src/presentation import no SDK or HTTP library', function () {
    const found = violations(
      [...tsFiles('src/shared'), ...tsFiles('src/presentation')],
      (spec) => sdk(spec) || spec.startsWith('restify'),
    );
    expect(found, found.join('\n')).to.deep.equal([]);
  });

  it('outside src/channel, Bot Framework symbols come only through src/channel/sdk.ts', function () {
    const files = [...tsFiles('src'), ...tsFiles('dialogs')].filter(
      (f) => !f.startsWith(path.join('src', 'channel')),
    );
    const found = violations(files, (spec) => sdk(spec));
    expect(found, found.join('\n')).to.deep.equal([]);
  });
});
