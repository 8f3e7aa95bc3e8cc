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
