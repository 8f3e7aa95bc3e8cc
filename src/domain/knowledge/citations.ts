/** Resolves an item's citations against sources.yaml: document, section, and whose rule it is. */
import type { KnowledgeBase } from './load.js';
import type { Authority, Citation, KnowledgeItem } from './schema.js';

export interface ResolvedCitation {
  readonly source: string;
  readonly document: string;
  readonly file?: string;
  readonly url?: string;
  readonly section: string;
  readonly heading: string;
  readonly lines?: string;
  readonly issuer: string;
  readonly region: string;
  readonly authority: Authority;
  readonly external: boolean;
  readonly validUntil?: string;
}

export function resolveCitation(kb: Pick<KnowledgeBase, 'sources'>, c: Citation): ResolvedCitation {
  const s = kb.sources.get(c.source);
  if (!s) throw new Error(`Unknown source "${c.source}"`); // the loader already guarantees this
  return {
    source: s.id,
    document: s.title,
    ...(s.file !== undefined && { file: s.file }),
    ...(s.url !== undefined && { url: s.url }),
    section: c.section,
    heading: c.heading,
    ...(c.lines !== undefined && { lines: c.lines }),
    issuer: s.issuer,
    region: s.region,
    authority: s.authority,
    external: s.external,
    ...(s.validUntil !== undefined && { validUntil: s.validUntil }),
  };
}

export function resolveSources(
  kb: Pick<KnowledgeBase, 'sources'>,
  item: Pick<KnowledgeItem, 'sources'>,
): ResolvedCitation[] {
  return item.sources.map((c) => resolveCitation(kb, c));
}
