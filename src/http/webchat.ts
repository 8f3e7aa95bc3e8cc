/**
 * GET / serves the Web Chat page (Norwegian, with the privacy note); the Web Chat bundle is served
 * from the installed botframework-webchat package (no CDN). The page talks to the embedded
 * Direct Line endpoint of this same server.
 *
 * Also served, all from installed packages and built once at start-up:
 * - /webchat/patient-id.js: a browser build of src/domain/safety/patientId.ts (the server's own
 *   detector, with @navikt/fnrvalidator), so the page masks a fødselsnummer before it is sent with
 *   exactly the server's logic. Bundled by esbuild, which tsx (the production runtime) depends on.
 * - /webchat/react.js and /webchat/react-dom.js: the installed React's UMD builds. Web Chat's
 *   bundle uses window.React when it is defined, so the page's own components (the "Kopier"
 *   button) share Web Chat's React.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'restify';

const here = path.dirname(fileURLToPath(import.meta.url));

const requireHere = createRequire(import.meta.url);

function webChatBundlePath(): string {
  // The package's exports do not expose dist/; resolve its CommonJS entry and walk to dist/.
  const entry = requireHere.resolve('botframework-webchat');
  return path.join(path.dirname(entry), '..', 'dist', 'webchat.js');
}

/** A file inside an installed package (resolved through its package.json, which it exports). */
function packageFile(name: string, file: string): string {
  return path.join(path.dirname(requireHere.resolve(`${name}/package.json`)), file);
}

/** The part of esbuild's API used here. */
interface Esbuild {
  buildSync(options: Record<string, unknown>): { outputFiles?: { text: string }[] };
}

/**
 * The privacy guard as a browser script: an IIFE that defines `window.FagstottePatientId` with
 * `maskPatientIds`, `containsPatientId` and `findPatientIds`. Built from the TypeScript source
 * (or, when running from a tsc build, its compiled JavaScript) with the esbuild that tsx brings:
 * tsx runs the server (`npm start`), so that esbuild is installed wherever the server runs.
 */
export function buildPatientIdScript(): string {
  const base = path.join(here, '..', 'domain', 'safety', 'patientId');
  const entry = existsSync(`${base}.ts`) ? `${base}.ts` : `${base}.js`;
  const esbuild = createRequire(requireHere.resolve('tsx/package.json'))('esbuild') as Esbuild;
  const result = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    globalName: 'FagstottePatientId',
    platform: 'browser',
    target: 'es2020',
    charset: 'utf8',
    write: false,
    logLevel: 'silent',
  });
  const text = result.outputFiles?.[0]?.text;
  if (!text) throw new Error('esbuild produced no browser build of patientId');
  return `// Built at start-up from src/domain/safety/patientId.ts and @navikt/fnrvalidator.\n${text}`;
}

const securityHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};

interface Asset {
  readonly body: Buffer;
  readonly type: string;
  readonly cache: string;
}

/**
 * Serves the Web Chat page and its assets. `teamUnits`: the units whose local team inbox page
 * (/team/<unit id>) exists (TEAM_INBOX_WEBCHAT); the page is the same, its script registers it.
 */
export function registerWebChat(server: Server, teamUnits: readonly string[] = []): void {
  const assets = new Map<string, Asset>([
    [
      '/',
      {
        body: readFileSync(path.join(here, 'webchat', 'index.html')),
        type: 'text/html; charset=utf-8',
        cache: 'no-cache',
      },
    ],
    [
      '/webchat/app.js',
      {
        body: readFileSync(path.join(here, 'webchat', 'app.js')),
        type: 'text/javascript; charset=utf-8',
        cache: 'no-cache',
      },
    ],
    [
      '/webchat/page.css',
      {
        body: readFileSync(path.join(here, 'webchat', 'page.css')),
        type: 'text/css; charset=utf-8',
        cache: 'no-cache',
      },
    ],
    [
      '/webchat/patient-id.js',
      {
        body: Buffer.from(buildPatientIdScript()),
        type: 'text/javascript; charset=utf-8',
        cache: 'no-cache',
      },
    ],
    [
      '/webchat/react.js',
      {
        body: readFileSync(packageFile('react', 'umd/react.production.min.js')),
        type: 'text/javascript; charset=utf-8',
        cache: 'public, max-age=86400',
      },
    ],
    [
      '/webchat/react-dom.js',
      {
        body: readFileSync(packageFile('react-dom', 'umd/react-dom.production.min.js')),
        type: 'text/javascript; charset=utf-8',
        cache: 'public, max-age=86400',
      },
    ],
    [
      '/webchat/webchat.js',
      {
        body: readFileSync(webChatBundlePath()),
        type: 'text/javascript; charset=utf-8',
        cache: 'public, max-age=86400',
      },
    ],
  ]);
  const page = assets.get('/');
  if (page && teamUnits.length > 0) {
    server.get('/team/:unit', (req, res, next) => {
      const unit: unknown = (req.params as Record<string, unknown> | undefined)?.unit;
      if (typeof unit !== 'string' || !teamUnits.includes(unit)) {
        res.send(404, {
          error: { code: 'not_found', message: 'No team inbox page for this unit' },
        });
        return next();
      }
      res.sendRaw(200, page.body, {
        'Content-Type': page.type,
        'Cache-Control': page.cache,
        ...securityHeaders,
      });
      return next();
    });
  }
  for (const [route, asset] of assets) {
    server.get(route, (_req, res, next) => {
      res.sendRaw(200, asset.body, {
        'Content-Type': asset.type,
        'Cache-Control': asset.cache,
        ...securityHeaders,
      });
      next();
    });
  }
}
