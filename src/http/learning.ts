/**
 * GET /api/v1/learning/summary (issue 17): per Opplæring module, how many learners finished a
 * sitting and how many passed — counts, not who; names and passed modules only of learners who
 * opted in themselves («del resultatene mine»). Only when LEARNING_SUMMARY_KEY is set, and only
 * with `Authorization: Bearer <LEARNING_SUMMARY_KEY>`; without the setting the route does not
 * exist.
 */
import type { Request, Response, Server } from 'restify';
import type { LearningModule } from '../domain/learning/schema.js';
import type { LearningSummary, SharedLearner } from '../domain/learning/summary.js';
import { bearerGuard } from './bearer.js';

export function registerLearningSummary(
  server: Server,
  deps: {
    readonly key: string | undefined;
    readonly modules: readonly LearningModule[];
    readonly summary: () => Promise<LearningSummary>;
    readonly people: () => Promise<readonly SharedLearner[]>;
  },
): void {
  if (deps.key === undefined) return;
  const allowed = bearerGuard(
    deps.key,
    'GET /api/v1/learning/summary needs Authorization: Bearer <LEARNING_SUMMARY_KEY>',
  );
  server.get('/api/v1/learning/summary', async (req: Request, res: Response) => {
    if (!allowed(req, res)) return;
    const [counts, people] = await Promise.all([deps.summary(), deps.people()]);
    const known = new Set(deps.modules.map((m) => m.id));
    res.send(200, {
      modules: deps.modules.map((m) => ({
        id: m.id,
        title: m.title,
        started: counts[m.id]?.started ?? 0,
        passed: counts[m.id]?.passed ?? 0,
      })),
      // Only those who chose to share, with the modules they passed.
      people: people.map((p) => ({
        name: p.name,
        passed: Object.entries(p.modules)
          .filter(([id]) => known.has(id))
          .map(([id, r]) => ({ module: id, date: r.passedAt, score: r.score })),
      })),
      note: 'Antall personer per modul. Navn vises bare for dem som selv har valgt å dele resultatene sine.',
    });
  });
}
