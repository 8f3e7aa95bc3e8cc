/**
 * GET / serves the Web Chat page (Norwegian, with the privacy note); the Web Chat bundle is served
 * from the installed botframework-webchat package (no CDN). The page talks to the embedded
 * Direct Line endpoint of this same server.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'restify';

const here = path.dirname(fileURLToPath(import.meta.url));

function webChatBundlePath(): string {
  // The package's exports do not expose dist/; resolve its CommonJS entry and walk to dist/.
  const entry = createRequire(import.meta.url).resolve('botframework-webchat');
  return path.join(path.dirname(entry), '..', 'dist', 'webchat.js');
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

export function registerWebChat(server: Server): void {
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
      '/webchat/webchat.js',
      {
        body: readFileSync(webChatBundlePath()),
        type: 'text/javascript; charset=utf-8',
        cache: 'public, max-age=86400',
      },
    ],
  ]);
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
