/**
 * GET /api/v1/learning/summary (issue 17): per Opplæring module, how many learners finished a
 * sitting and how many passed — counts only, never who. Only when LEARNING_SUMMARY_KEY is set,
 * and only with `Authorization: Bearer <LEARNING_SUMMARY_KEY>`; without the setting the route
 * does not exist.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import type { LearningModule } from '../domain/learning/schema.js';
import type { LearningSummary } from '../domain/learning/summary.js';
import { sendError } from './errors.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

export function registerLearningSummary(
  server: Server,
  deps: {
    readonly key: string | undefined;
    readonly modules: readonly LearningModule[];
    readonly summary: () => Promise<LearningSummary>;
  },
): void {
  if (deps.key === undefined) return;
  const expected = digest(deps.key);
  server.get('/api/v1/learning/summary', async (req: Request, res: Response) => {
    const header = req.header('authorization') ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!timingSafeEqual(digest(given), expected)) {
      sendError(
        res,
        401,
        'unauthorized',
        'GET /api/v1/learning/summary needs Authorization: Bearer <LEARNING_SUMMARY_KEY>',
      );
      return;
    }
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
