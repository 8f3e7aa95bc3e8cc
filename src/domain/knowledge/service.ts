/**
 * The knowledge base as the bot and the API use it: search, items with resolved sources, areas,
 * glossary. Built once at start-up from the validated KnowledgeBase.
 */
import { auditcQuestionnaireResponse, type QuestionnaireResponse } from '../auditc/fhir.js';
import type { AuditcConfig } from '../auditc/schema.js';
import { scoreAuditc, type AuditcResult, type Sex } from '../auditc/score.js';
import { decide, type Decision } from '../responsibility/decide.js';
import { createAcuteRiskDetector, type AcuteRiskDetector } from '../safety/acuteRisk.js';
import type { Facts } from '../responsibility/facts.js';
import type { ResponsibilityTable } from '../responsibility/table.js';
import { resolveCitation, resolveSources, type ResolvedCitation } from './citations.js';
import type { KnowledgeBase } from './load.js';
import { areas, type Area, type GlossaryEntry, type KnowledgeItem } from './schema.js';
import { createSearchEngine, type SearchEngine } from './search.js';

export interface KnowledgeService extends SearchEngine {
  readonly kb: KnowledgeBase;
  item(id: string): KnowledgeItem | undefined;
  sourcesOf(item: Pick<KnowledgeItem, 'sources'>): ResolvedCitation[];
  /** Items whose area or alsoAreas include `area`, by title. */
  itemsInArea(area: Area): KnowledgeItem[];
  /** Areas that have at least one item. */
  areasWithItems(): Area[];
  glossarySource(entry: GlossaryEntry): ResolvedCitation | undefined;
  /** The responsibility decision table (knowledge/responsibility.yaml). */
  readonly responsibilityTable: ResponsibilityTable;
  /** Decides which unit owns the patient; every reason with its sources resolved. */
  decideResponsibility(facts: Facts): ResolvedDecision;
  /** AUDIT-C questions, cut-offs and follow-up (knowledge/auditc.yaml). */
  readonly auditc: AuditcConfig;
  /** Scores an AUDIT-C screening and builds its FHIR QuestionnaireResponse (no patient identity). */
  screenAuditc(answers: readonly number[], sex: Sex, at?: Date): ScreeningResult;
  /** Acute suicide-risk signals in a message (knowledge/safety.yaml). */
  readonly acuteRisk: AcuteRiskDetector;
  /** Knowledge items to offer with the acute routine. */
  readonly acuteRoutineItems: readonly KnowledgeItem[];
  /** The acute routine's actions, each with its sources resolved. */
  readonly acuteActions: readonly ResolvedSafetyAction[];
  /** The possible tier: its safety line (each part with the sources of its action) and question. */
  readonly possibleRisk: {
    readonly lines: readonly ResolvedSafetyAction[];
    readonly question: string;
  };
}

/** A line of the acute routine (or of the possible tier's safety line) with its sources. */
export interface ResolvedSafetyAction {
  readonly id: string;
  readonly text: string;
  readonly sources: readonly ResolvedCitation[];
}

export interface ScreeningResult extends Omit<AuditcResult, 'followUp' | 'sources'> {
  readonly followUp: readonly {
    readonly text: string;
    readonly sources: readonly ResolvedCitation[];
    readonly items: readonly string[];
  }[];
  readonly sources: readonly ResolvedCitation[];
  readonly questionnaireResponse: QuestionnaireResponse;
}

export interface ResolvedDecision extends Omit<Decision, 'reasons'> {
  readonly reasons: readonly {
    readonly text: string;
    readonly sources: readonly ResolvedCitation[];
  }[];
}

export function createKnowledgeService(kb: KnowledgeBase): KnowledgeService {
  const engine = createSearchEngine(kb);
  const table = kb.responsibility;
  if (!table) throw new Error('knowledge/responsibility.yaml is missing');
  const auditc = kb.auditc;
  if (!auditc) throw new Error('knowledge/auditc.yaml is missing');
  const safety = kb.safety;
  if (!safety) throw new Error('knowledge/safety.yaml is missing');
  const acuteActions: ResolvedSafetyAction[] = safety.actions.map((a) => ({
    id: a.id,
    text: a.text,
    sources: a.sources.map((c) => resolveCitation(kb, c)),
  }));
  const inArea = (area: Area): KnowledgeItem[] =>
    kb.items
      .filter((i) => i.area === area || i.alsoAreas?.includes(area))
      .sort((a, b) => a.title.localeCompare(b.title, 'nb'));
  // A health trust's own routine is shown before the regional plans and other regions' models
  // (issue 16): among the hits, local routines first, each group in the engine's order.
  const local = new Set(
    kb.items
      .filter((i) => i.sources.some((c) => kb.sources.get(c.source)?.authority === 'local-routine'))
      .map((i) => i.id),
  );
  const search: SearchEngine['search'] = (query, options) => {
    const result = engine.search(query, options);
    if (local.size === 0) return result;
    const isLocal = (h: (typeof result.hits)[number]): boolean => local.has(h.item.id);
    return {
      ...result,
      hits: [...result.hits.filter(isLocal), ...result.hits.filter((h) => !isLocal(h))],
    };
  };
  return {
    ...engine,
    search,
    kb,
    item: (id) => kb.itemsById.get(id),
    sourcesOf: (item) => resolveSources(kb, item),
    itemsInArea: inArea,
    areasWithItems: () => areas.filter((a) => inArea(a).length > 0),
    glossarySource: (entry) => resolveSources(kb, entry)[0],
    responsibilityTable: table,
    auditc,
    acuteRisk: createAcuteRiskDetector(safety),
    acuteRoutineItems: safety.routine.items.flatMap((id) => kb.itemsById.get(id) ?? []),
    acuteActions,
    possibleRisk: {
      lines: safety.possible.lines.map((line) => ({
        id: line.action,
        text: line.text,
        sources: acuteActions.find((a) => a.id === line.action)?.sources ?? [],
      })),
      question: safety.possible.question,
    },
    screenAuditc(answers, sex, at = new Date()) {
      const r = scoreAuditc(auditc, answers, sex);
      return {
        ...r,
        followUp: r.followUp.map((f) => ({
          ...f,
          sources: f.sources.map((c) => resolveCitation(kb, c)),
        })),
        sources: r.sources.map((c) => resolveCitation(kb, c)),
        questionnaireResponse: auditcQuestionnaireResponse(auditc, r, at),
      };
    },
    decideResponsibility(facts) {
      const d = decide(table, facts);
      return {
        ...d,
        reasons: d.reasons.map((r) => ({
          text: r.text,
          sources: r.sources.map((c) => resolveCitation(kb, c)),
        })),
      };
    },
  };
}
