/**
 * Per-key rate limits (rate-limiter-flexible, in memory, fixed one-minute windows; a key's record
 * is dropped when its window ends, so the store is bounded by the keys seen in one minute).
 * Used per client address (web chat tokens, new Direct Line conversations) and per conversation
 * (posted activities), so the limits hold however fast the conversation storage is.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Request, Response } from 'restify';
import { sendError } from './errors.js';

export interface Limiter {
  /** Takes one unit for the key; false (and Retry-After set on res) when the key is over its limit. */
  take(key: string, res: Response): Promise<boolean>;
}

export function createLimiter(perMinute: number): Limiter {
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  return {
    async take(key, res) {
      try {
        await limiter.consume(key, 1);
        return true;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        res.header('Retry-After', String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))));
        res.header('Cache-Control', 'no-store');
        sendError(res, 429, 'too_many_requests', 'Too many requests; try again shortly');
        return false;
      }
    },
  };
}

/**
 * The client's address: the socket's peer, or, behind a trusted reverse proxy (TRUST_PROXY), the
 * last X-Forwarded-For entry — the one the nearest proxy appended, which a client cannot forge.
 * A port (Azure App Service appends one) and an IPv4-mapped IPv6 prefix are removed.
 */
export function clientAddress(req: Request, trustProxy: boolean): string {
  let address = req.socket.remoteAddress ?? 'unknown';
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const list = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
    const last = list
      .map((s) => s.trim())
      .filter(Boolean)
      .at(-1);
    if (last) address = last;
  }
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed?.[1]) address = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(address)) address = address.replace(/:\d+$/, '');
  return address.replace(/^::ffff:/i, '').slice(0, 64);
}
