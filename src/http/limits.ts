/**
 * Request limits at the HTTP boundary, before any route sees a body:
 * - a body with a Content-Encoding (gzip, deflate, br …) is refused with 415: no client of this
 *   service compresses requests, and a decoder would either crash the process on a bad stream or
 *   let a small request inflate past MAX_BODY_BYTES;
 * - a JSON body nested deeper than MAX_JSON_DEPTH is refused with 400 naming the limit, so no
 *   later recursive code (JSON.stringify, a walk) can overflow the stack. Measured iteratively;
 * - a request whose body has not fully arrived within REQUEST_TIMEOUT_MS of its headers is answered
 *   408 and its connection closed, so a client trickling a body cannot hold a connection for
 *   minutes (Node's own headersTimeout/requestTimeout are set to match as a backstop).
 */
import type { Duplex } from 'node:stream';
import type { Next, Request, Response, Server } from 'restify';

/** How deeply a value nests (a scalar is 0, `[]` and `{}` are 1), without recursion. */
export function jsonDepth(value: unknown, stopAbove = Number.POSITIVE_INFINITY): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    const here = depth + 1;
    if (here > max) max = here;
    if (max > stopAbove) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>))
      stack.push([child, here]);
  }
  return max;
}

function refuse(res: Response, status: number, code: string, message: string): void {
  res.status(status);
  res.header('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ error: { code, message } }));
}

/** Refuses encoded bodies before the body parser reads them. */
export function registerEncodingGuard(server: Server): void {
  server.pre((req: Request, res: Response, next: Next) => {
    const encoding = String(req.headers['content-encoding'] ?? '')
      .trim()
      .toLowerCase();
    // "identity" means no encoding; drop it so the body reader does not refuse it either.
    if (encoding === 'identity') delete req.headers['content-encoding'];
    else if (encoding !== '') {
      refuse(
        res,
        415,
        'unsupported_media_type',
        'Content-Encoding is not supported: send the body uncompressed',
      );
      return next(false);
    }
    return next();
  });
}

/** Refuses a parsed body nested deeper than `maxDepth`. */
export function registerDepthGuard(server: Server, maxDepth: number): void {
  server.use((req: Request, res: Response, next: Next) => {
    if (req.body !== undefined && jsonDepth(req.body, maxDepth) > maxDepth) {
      refuse(res, 400, 'bad_request', `Request body nested deeper than ${maxDepth} levels`);
      return next(false);
    }
    return next();
  });
}

/** Headers every response carries: no sniffing, no referrer, never framed, same-origin only. */
export function registerSecurityHeaders(server: Server): void {
  server.pre((_req: Request, res: Response, next: Next) => {
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Referrer-Policy', 'no-referrer');
    res.header('X-Frame-Options', 'DENY');
    res.header('Cross-Origin-Resource-Policy', 'same-origin');
    return next();
  });
}

/** Answers 408 and closes the connection when a body is still arriving after `timeoutMs`. */
export function registerRequestTimeout(server: Server, timeoutMs: number): void {
  // Backstops for what happens before a route runs (slow headers); Node checks them periodically.
  server.server.headersTimeout = Math.min(timeoutMs, 60_000);
  server.server.requestTimeout = timeoutMs + 1000;
  server.pre((req: Request, res: Response, next: Next) => {
    const timer = setTimeout(() => {
      if (req.complete || res.headersSent) return;
      res.setHeader('Connection', 'close');
      if (req.listenerCount('error') > 0) {
        // The body reader is waiting: fail it, so restify answers through its one error path.
        req.emit('error', Object.assign(new Error('request timeout'), { statusCode: 408 }));
      } else {
        refuse(res, 408, 'request_timeout', timeoutMessage(timeoutMs));
        req.socket.destroySoon();
      }
    }, timeoutMs);
    timer.unref();
    const clear = (): void => clearTimeout(timer);
    req.once('end', clear);
    res.once('close', clear);
    return next();
  });
}

export function timeoutMessage(timeoutMs: number): string {
  return `Request body not received within ${timeoutMs} ms`;
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;

/**
 * Only JSON bodies are read. restify's body parser would also read multipart (writing each file
 * part to the temp folder, past MAX_BODY_BYTES), form and CSV bodies (a bad CSV body was a 500
 * with the parser's text); no client of this service sends those.
 */
export function registerContentTypeGuard(server: Server): void {
  server.pre((req: Request, res: Response, next: Next) => {
    const length = Number(req.headers['content-length'] ?? 0);
    const hasBody = length > 0 || req.headers['transfer-encoding'] !== undefined;
    const mediaType = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim()
      .toLowerCase();
    if (hasBody && !JSON_MEDIA_TYPE.test(mediaType ?? '')) {
      res.setHeader('Connection', 'close');
      refuse(res, 415, 'unsupported_media_type', 'Content-Type must be application/json');
      return next(false);
    }
    return next();
  });
}

/**
 * A request to switch protocols (WebSocket) is answered 501 and closed: nothing here speaks
 * WebSocket (Direct Line is polling only), and unanswered upgrades held their sockets open.
 */
export function registerUpgradeRefusal(server: Server): void {
  server.server.on('upgrade', (_req: unknown, socket: Duplex) => {
    const body = JSON.stringify({
      error: {
        code: 'not_implemented',
        message: 'Protocol upgrades (WebSocket) are not supported',
      },
    });
    socket.on('error', () => undefined);
    socket.end(
      `HTTP/1.1 501 Not Implemented\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
