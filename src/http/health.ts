/** GET /healthz (liveness: the process serves HTTP) and GET /readyz (knowledge loaded). */
import type { Server } from 'restify';

export interface Readiness {
  /** Set once knowledge/ is loaded and validated; undefined while starting. */
  knowledgeVersion?: string;
}

export function registerHealth(server: Server, readiness: Readiness): void {
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });
  server.get('/readyz', (_req, res, next) => {
    if (readiness.knowledgeVersion === undefined) {
      res.send(503, { status: 'starting' });
    } else {
      res.send(200, { status: 'ready', knowledge: { version: readiness.knowledgeVersion } });
    }
    next();
  });
}
