/**
 * GET /metrics (issue 15): the app's counters and latency histograms in Prometheus text format —
 * counts and times only, never message text or identifiers. Only when METRICS_TOKEN is set, and
 * only with `Authorization: Bearer <METRICS_TOKEN>`; without the setting the route does not exist.
 */
import type { Request, Response, Server } from 'restify';
import type { Metrics } from '../shared/metrics.js';
import { bearerGuard } from './bearer.js';

export function registerMetrics(server: Server, metrics: Metrics, token: string | undefined): void {
  // Every request: its route pattern (never the path with its ids), status class and time.
  server.on('after', (req: Request, res: Response, route?: { path?: unknown }) => {
    const pattern = typeof route?.path === 'string' ? route.path : 'unmatched';
    metrics.httpRequest(pattern, res.statusCode, Math.max(0, Date.now() - req.time()) / 1000);
  });
  if (token === undefined) return;
  const allowed = bearerGuard(token, 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>');
  server.get('/metrics', async (req: Request, res: Response) => {
    if (!allowed(req, res)) return;
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.sendRaw(200, await metrics.registry.metrics());
  });
}
