/**
 * GET /api/v1/learning/summary (issue 17): per Opplæring module, how many learners finished a
 * sitting and how many passed — counts only, never who. Only when LEARNING_SUMMARY_KEY is set,
 * and only with `Authorization: Bearer <LEARNING_SUMMARY_KEY>`; without the setting the route
 * does not exist.
 */
import type { Request, Response, Server } from 'restify';
import type { LearningModule } from '../domain/learning/schema.js';
import type { LearningSummary } from '../domain/learning/summary.js';
import { bearerGuard } from './bearer.js';

export function registerLearningSummary(
  server: Server,
  deps: {
    readonly key: string | undefined;
    readonly modules: readonly LearningModule[];
    readonly summary: () => Promise<LearningSummary>;
  },
): void {
  if (deps.key === undefined) return;
  const allowed = bearerGuard(
    deps.key,
    'GET /api/v1/learning/summary needs Authorization: Bearer <LEARNING_SUMMARY_KEY>',
  );
  server.get('/api/v1/learning/summary', async (req: Request, res: Response) => {
    if (!allowed(req, res)) return;
    const counts = await deps.summary();
    res.send(200, {
      modules: deps.modules.map((m) => ({
        id: m.id,
        title: m.title,
        started: counts[m.id]?.started ?? 0,
        passed: counts[m.id]?.passed ?? 0,
      })),
      note: 'Antall personer per modul, ingen opplysninger om hvem.',
    });
  });
}
