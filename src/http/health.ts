/**
 * GET /healthz (liveness: the process serves HTTP) and GET /readyz (ready for turns: knowledge
 * loaded and the conversation storage answers a write and a read within a few seconds).
 */
import type { Server } from 'restify';

export interface Readiness {
  /** Set once knowledge/ is loaded and validated; undefined while starting. */
  knowledgeVersion?: string;
  /** Writes and reads a small record in the conversation storage; throws when it cannot. */
  probeStorage?: () => Promise<void>;
}

/** How long /readyz waits for the storage probe. */
export const STORAGE_PROBE_TIMEOUT_MS = 3000;

function withTimeout(probe: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    probe,
    new Promise<void>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export function registerHealth(server: Server, readiness: Readiness): void {
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });
  server.get('/readyz', async (_req, res) => {
    if (readiness.knowledgeVersion === undefined) {
      res.send(503, { status: 'starting' });
      return;
    }
    try {
      if (readiness.probeStorage)
        await withTimeout(readiness.probeStorage(), STORAGE_PROBE_TIMEOUT_MS);
    } catch (err) {
      // The reason names the failing part; never a connection string or a key.
      const name = err instanceof Error ? err.name : 'error';
      const code = (err as { code?: unknown }).code;
      const reason =
        typeof code === 'string' && /^[A-Za-z_]{2,40}$/.test(code) ? `${name} ${code}` : name;
      res.send(503, { status: 'unavailable', reason: `storage: ${reason}` });
      return;
    }
    res.send(200, { status: 'ready', knowledge: { version: readiness.knowledgeVersion } });
  });
}
