/**
 * JSON API over the knowledge base (documented in the README). Input is validated with zod; a
 * bad request gets 400 naming the parameter. Query text is never logged, and a fødselsnummer in
 * it is masked before it is searched or echoed.
 */
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { areas, type KnowledgeItem } from '../domain/knowledge/schema.js';
import type { KnowledgeService } from '../domain/knowledge/service.js';
import type { ResolvedCitation } from '../domain/knowledge/citations.js';
import { auditcInputSchema } from '../domain/auditc/score.js';
import { factsSchema } from '../domain/responsibility/facts.js';
import { maskPatientIds } from '../domain/safety/patientId.js';
import { fieldPath, sendError } from './errors.js';

const searchQuery = z.object({
  q: z
    .string({ error: 'q is required' })
    .trim()
    .min(1, 'q must not be empty')
    .max(500, 'q must be at most 500 characters'),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be 1..20')
    .max(20, 'limit must be 1..20')
    .default(5),
});

const areaQuery = z.object({
  area: z.enum(areas, { error: `area must be one of: ${areas.join(', ')}` }).optional(),
});

/** The longest text POST /api/v1/safety/check reads (a chat message, not a document). */
export const MAX_SAFETY_TEXT = 2000;

const safetyBody = z
  .object({
    text: z
      .string({ error: 'text is required and must be a string' })
      .min(1, 'text must not be empty')
      .max(MAX_SAFETY_TEXT, `text must be at most ${MAX_SAFETY_TEXT} characters`),
  })
  .strict();

const idParam = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,100}$/, 'id must be a kebab-case id'),
});

function badRequest(res: Response, error: z.ZodError): void {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || 'query';
  sendError(res, 400, 'bad_request', `${field}: ${issue?.message ?? 'invalid'}`);
}

/** The short form of a source in the decision and screening answers. */
function sourceSummary(c: ResolvedCitation): Record<string, unknown> {
  return {
    document: c.document,
    section: c.section,
    heading: c.heading,
    issuer: c.issuer,
    authority: c.authority,
    external: c.external,
  };
}

/** Each cited section once (two line ranges of one section read the same). */
function uniqueSources(citations: readonly ResolvedCitation[]): Record<string, unknown>[] {
  const sources = new Map<string, Record<string, unknown>>();
  for (const c of citations) sources.set(`${c.source}|${c.section}`, sourceSummary(c));
  return [...sources.values()];
}

/** 400 for a JSON body: names the field (or the unknown field) that is wrong. */
function badBody(res: Response, error: z.ZodError): void {
  const issue = error.issues[0];
  const unknownKeys = issue?.code === 'unrecognized_keys' ? issue.keys : undefined;
  const field = unknownKeys
    ? unknownKeys.map((k) => fieldPath([k])).join(', ')
    : fieldPath(issue?.path ?? []);
  const message =
    unknownKeys !== undefined
      ? 'unknown field'
      : issue?.code === 'invalid_type' && issue.path.length === 0
        ? 'the body must be a JSON object'
        : (issue?.message ?? 'invalid');
  // Field names come from the caller: only ones that look like field names are repeated.
  sendError(res, 400, 'bad_request', maskPatientIds(`${field}: ${message}`));
}

function summaryJson(k: KnowledgeService, item: KnowledgeItem): Record<string, unknown> {
  return {
    id: item.id,
    title: item.title,
    area: item.area,
    summary: item.summary,
    mandatory: item.mandatory,
    sources: k.sourcesOf(item),
  };
}

function send(res: Response, body: unknown): void {
  res.header('Cache-Control', 'no-store');
  res.send(200, body);
}

export function registerKnowledgeApi(server: Server, knowledge: KnowledgeService): void {
  server.get('/api/v1/knowledge/search', (req: Request, res: Response, next) => {
    const parsed = searchQuery.safeParse(req.query ?? {});
    if (!parsed.success) {
      badRequest(res, parsed.error);
      return next();
    }
    const query = maskPatientIds(parsed.data.q);
    const result = knowledge.search(query, { limit: parsed.data.limit });
    send(res, {
      query,
      results: result.hits.map((h) => ({
        id: h.item.id,
        title: h.item.title,
        area: h.item.area,
        summary: h.item.summary,
        score: h.score,
        sources: knowledge.sourcesOf(h.item),
      })),
      glossary: result.glossary.map((g) => ({ abbr: g.abbr, expansion: g.expansion })),
      // false: the results are only the nearest items, not a sure answer (issue 14).
      confident: result.confident,
    });
    return next();
  });

  server.get('/api/v1/knowledge/:id', (req: Request, res: Response, next) => {
    const parsed = idParam.safeParse(req.params);
    if (!parsed.success) {
      badRequest(res, parsed.error);
      return next();
    }
    const item = knowledge.item(parsed.data.id);
    if (!item) {
      sendError(
        res,
        404,
        'not_found',
        `No knowledge item with id "${maskPatientIds(parsed.data.id)}"`,
      );
      return next();
    }
    send(res, {
      ...item,
      sources: knowledge.sourcesOf(item),
      related: knowledge.related(item, 3).map((r) => r.id),
    });
    return next();
  });

  server.get('/api/v1/knowledge', (req: Request, res: Response, next) => {
    const parsed = areaQuery.safeParse(req.query ?? {});
    if (!parsed.success) {
      badRequest(res, parsed.error);
      return next();
    }
    const { area } = parsed.data;
    const items = area ? knowledge.itemsInArea(area) : [...knowledge.kb.items];
    send(res, {
      ...(area && { area }),
      count: items.length,
      items: items.map((i) => summaryJson(knowledge, i)),
    });
    return next();
  });

  server.post('/api/v1/responsibility', (req: Request, res: Response, next) => {
    const parsed = factsSchema.safeParse(req.body);
    if (!parsed.success) {
      badBody(res, parsed.error);
      return next();
    }
    const d = knowledge.decideResponsibility(parsed.data);
    send(res, {
      unit: d.unit,
      collaborate: d.collaborate,
      reasons: d.reasons.map((r) => r.text),
      sources: uniqueSources(d.reasons.flatMap((r) => r.sources)),
      caveats: d.caveats,
      ...(d.nextStep === undefined ? {} : { nextStep: d.nextStep }),
      ruleId: d.ruleId,
      noteIds: d.noteIds,
      items: d.items,
    });
    return next();
  });

  server.post('/api/v1/audit-c', (req: Request, res: Response, next) => {
    const parsed = auditcInputSchema.safeParse(req.body);
    if (!parsed.success) {
      badBody(res, parsed.error);
      return next();
    }
    const r = knowledge.screenAuditc(parsed.data.answers, parsed.data.sex);
    send(res, {
      score: r.score,
      neverDrinks: r.neverDrinks,
      positive: r.positive,
      cutoff: r.cutoff,
      sex: r.sex,
      lowerCutoffUsed: r.lowerCutoffUsed,
      interpretation: r.interpretation,
      followUp: r.followUp.map((f) => f.text),
      sources: uniqueSources([...r.sources, ...r.followUp.flatMap((f) => f.sources)]),
      questionnaireResponse: r.questionnaireResponse,
    });
    return next();
  });

  server.post('/api/v1/safety/check', (req: Request, res: Response, next) => {
    const parsed = safetyBody.safeParse(req.body);
    if (!parsed.success) {
      badBody(res, parsed.error);
      return next();
    }
    // The text is never logged; a fødselsnummer is masked before it is read or echoed.
    const a = knowledge.acuteRisk.assess(maskPatientIds(parsed.data.text));
    const { lines, question } = knowledge.possibleRisk;
    const actions =
      a.tier === 'acute' ? knowledge.acuteActions : a.tier === 'possible' ? lines : [];
    send(res, {
      tier: a.tier,
      matched: a.matched.map((m) => ({ concept: m.concept, phrase: m.phrase })),
      actions: [...actions.map((x) => x.text), ...(a.tier === 'possible' ? [question] : [])],
      sources: uniqueSources(actions.flatMap((x) => x.sources)),
    });
    return next();
  });
}
