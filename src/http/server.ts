/**
 * createServer builds the restify server with every route but does not listen, so tests start it
 * on port 0. Bodies are limited (restify's default is unlimited), parse errors and unknown routes
 * answer JSON `{ error: { code, message } }`, and an error never takes the server down.
 */
import restify, { type Request, type Response, type Server } from 'restify';
import type { BotRuntime } from '../channel/runtime.js';
import type { Config } from '../shared/config.js';
import type { Logger } from '../shared/logger.js';
import { registerHealth, type Readiness } from './health.js';
import { registerMessages } from './messages.js';
import {
  registerContentTypeGuard,
  registerDepthGuard,
  registerEncodingGuard,
  registerRequestTimeout,
  registerSecurityHeaders,
  registerUpgradeRefusal,
  timeoutMessage,
} from './limits.js';
import { maskPatientIds } from '../domain/safety/patientId.js';
import { registerMetrics } from './metrics.js';

export interface ServerDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly runtime: BotRuntime;
  readonly readiness: Readiness;
  /** Extra route groups (embedded Direct Line, Web Chat page, JSON API). */
  readonly routes?: readonly ((server: Server) => void)[];
}

const statusCodes: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** The request path, percent-decoded where possible, with every fødselsnummer masked. */
export function loggablePath(req: Request): string {
  const raw = req.path().slice(0, 512);
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // keep the raw path: a malformed escape is not a number
  }
  return maskPatientIds(decoded);
}

export function createServer(deps: ServerDeps): Server {
  const server = restify.createServer({ name: 'fagstotte', handleUncaughtExceptions: false });
  server.pre(restify.plugins.pre.dedupeSlashes());
  registerSecurityHeaders(server);
  registerRequestTimeout(server, deps.config.http.requestTimeoutMs);
  registerEncodingGuard(server);
  registerContentTypeGuard(server);
  registerUpgradeRefusal(server);
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(
    restify.plugins.bodyParser({
      maxBodySize: deps.config.http.maxBodyBytes,
      mapParams: false,
      mapFiles: false,
      keepExtensions: false,
      rejectUnknown: true,
    }),
  );
  registerDepthGuard(server, deps.config.http.maxJsonDepth);

  // Own every error body: a code and a short message, never a stack or internal text.
  server.on(
    'restifyError',
    (req: Request, _res: Response, err: Error & { statusCode?: number }, cb: () => void) => {
      const status = err.statusCode ?? 500;
      const code = statusCodes[status] ?? 'internal';
      const message =
        status === 413
          ? `Request body larger than ${deps.config.http.maxBodyBytes} bytes`
          : status === 408
            ? timeoutMessage(deps.config.http.requestTimeoutMs)
            : status === 400
              ? 'Malformed request body: expected valid JSON'
              : status === 404
                ? 'No such route'
                : status === 405
                  ? 'Method not allowed on this route'
                  : status >= 500
                    ? 'Internal error'
                    : maskPatientIds(err.message || code);
      // The path is the caller's text: decoded, then masked, before it is logged.
      const path = loggablePath(req);
      if (status >= 500) {
        deps.logger.error('HTTP error', {
          error: { name: err.name, message: maskPatientIds(err.message) },
          path,
        });
      } else deps.logger.warn('HTTP client error', { status, path });
      Object.assign(err, { toJSON: () => ({ error: { code, message } }) });
      cb();
    },
  );

  registerHealth(server, deps.readiness);
  registerMetrics(server, deps.runtime.metrics, deps.config.metricsToken);
  registerMessages(server, deps.runtime);
  for (const register of deps.routes ?? []) register(server);
  return server;
}
