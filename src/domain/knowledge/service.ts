/**
 * The knowledge base as the bot and the API use it: search, items with resolved sources, areas,
 * glossary. Built once at start-up from the validated KnowledgeBase.
 */
import { resolveSources, type ResolvedCitation } from './citations.js';
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
}

export function createKnowledgeService(kb: KnowledgeBase): KnowledgeService {
  const engine = createSearchEngine(kb);
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
  };
}
