/** JSON error bodies owned by the HTTP layer: `{ "error": { "code", "message" } }`, no internals. */
import type { Response } from 'restify';

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.send(status, errorBody(code, message));
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * A field path for an error message, built only from names that look like field names: a key the
 * caller made up (which may be a fødselsnummer in any encoding) is shown as "…", never echoed.
 */
export function fieldPath(path: readonly PropertyKey[]): string {
  const shown = path.map((s) =>
    typeof s === 'number' ? String(s) : typeof s === 'string' && IDENTIFIER.test(s) ? s : '…',
  );
  return shown.join('.') || 'body';
}
