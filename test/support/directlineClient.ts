/**
 * What Microsoft's botframework-directlinejs needs in Node 20 that a browser has: a global
 * XMLHttpRequest (rxjs 5's ajax uses it) and a WebSocket service (read even with webSocket: false).
 * Test-only; browsers have the real ones.
 */
import { DirectLine } from 'botframework-directlinejs';

/**
 * A minimal XMLHttpRequest on fetch: exactly what rxjs 5's ajax (used by directlinejs) touches.
 * Test-only; browsers have the real one.
 */
export class FetchXMLHttpRequest {
  readyState = 0;
  status = 0;
  response: unknown = null;
  responseText = '';
  responseType = '';
  timeout = 0;
  withCredentials = false;
  readonly upload = {};
  onreadystatechange: ((this: FetchXMLHttpRequest, event: unknown) => void) | null = null;
  onerror: ((this: FetchXMLHttpRequest, event: unknown) => void) | null = null;
  ontimeout: ((this: FetchXMLHttpRequest, event: unknown) => void) | null = null;
  private method = 'GET';
  private url = '';
  private readonly headers: Record<string, string> = {};
  private responseHeaders: Headers | undefined;
  private readonly controller = new AbortController();
  private timedOut = false;

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
    this.readyState = 1;
  }

  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }

  getResponseHeader(name: string): string | null {
    return this.responseHeaders?.get(name) ?? null;
  }

  abort(): void {
    this.controller.abort();
  }

  send(body?: string): void {
    const timer =
      this.timeout > 0
        ? setTimeout(() => {
            this.timedOut = true;
            this.controller.abort();
          }, this.timeout)
        : undefined;
    void fetch(this.url, {
      method: this.method,
      headers: this.headers,
      body: body ?? null,
      signal: this.controller.signal,
    })
      .then(async (res) => {
        const text = await res.text();
        this.status = res.status;
        this.responseHeaders = res.headers;
        this.responseText = text;
        if (this.responseType === 'json') {
          try {
            this.response = text ? (JSON.parse(text) as unknown) : null;
          } catch {
            this.response = null;
          }
        } else {
          this.response = text;
        }
        this.readyState = 4;
        this.onreadystatechange?.call(this, { type: 'readystatechange' });
      })
      .catch((error: unknown) => {
        this.readyState = 4;
        if (this.timedOut) this.ontimeout?.call(this, { type: 'timeout' });
        else if (!this.controller.signal.aborted) this.onerror?.call(this, error);
      })
      .finally(() => clearTimeout(timer));
  }
}

/** directlinejs reads the WebSocket service even with webSocket: false; Node 20 has no global one. */
export class NoWebSocket {
  constructor() {
    throw new Error('WebSocket is not used: the embedded Direct Line polls');
  }
}

/** Installs the XMLHttpRequest shim for the duration of a suite; returns the undo function. */
export function installXhr(): () => void {
  const had = 'XMLHttpRequest' in globalThis;
  if (!had) Reflect.set(globalThis, 'XMLHttpRequest', FetchXMLHttpRequest);
  return () => {
    if (!had) Reflect.deleteProperty(globalThis, 'XMLHttpRequest');
  };
}

/** The official client against an embedded Direct Line at `domain` (…/v3/directline), polling. */
export function createDirectLineClient(
  domain: string,
  credentials: { secret: string } | { token: string },
): DirectLine {
  return new DirectLine({
    ...credentials,
    domain,
    webSocket: false,
    // directlinejs refuses less than 200 ms (it would fall back to 1000 ms).
    pollingInterval: 200,
    WebSocket: NoWebSocket as unknown as typeof WebSocket,
  });
}
