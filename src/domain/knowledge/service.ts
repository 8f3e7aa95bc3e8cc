/**
 * The knowledge base as the bot and the API use it: search, items with resolved sources, areas,
 * glossary. Built once at start-up from the validated KnowledgeBase.
 */
import { decide, type Decision } from '../responsibility/decide.js';
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
  const inArea = (area: Area): KnowledgeItem[] =>
    kb.items
      .filter((i) => i.area === area || i.alsoAreas?.includes(area))
      .sort((a, b) => a.title.localeCompare(b.title, 'nb'));
  return {
    ...engine,
    kb,
    item: (id) => kb.itemsById.get(id),
    sourcesOf: (item) => resolveSources(kb, item),
    itemsInArea: inArea,
    areasWithItems: () => areas.filter((a) => inArea(a).length > 0),
    glossarySource: (entry) => resolveSources(kb, entry)[0],
    responsibilityTable: table,
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
