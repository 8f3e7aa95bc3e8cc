/**
 * Routes open only to a configured key: `Authorization: Bearer <key>`, compared in constant time
 * (digests of equal length, so neither content nor length leaks). A wrong or missing key is
 * answered 401 naming the setting, never the key.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'restify';
import { sendError } from './errors.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** A check for `key`: true when the request carries it; otherwise it has answered 401. */
export function bearerGuard(
  key: string,
  refusal: string,
): (req: Request, res: Response) => boolean {
  const expected = digest(key);
  return (req, res) => {
    const header = req.header('authorization') ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (timingSafeEqual(digest(given), expected)) return true;
    sendError(res, 401, 'unauthorized', refusal);
    return false;
  };
}
