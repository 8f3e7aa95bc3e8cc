/**
 * Norwegian search over the rule knowledge base.
 *
 * How a query is answered:
 * 1. Normalise (case, æ/ae, ø/oe, å/aa, accents, hyphens) and drop stop words (lexicon.yaml).
 * 2. Expand: abbreviations both ways from the glossary (TSB ↔ tverrfaglig spesialisert
 *    rusbehandling) and synonym groups from the lexicon (selvmord ↔ suicid ↔ …).
 * 3. Match each term against the index vocabulary: exactly; as a word stem or compound part
 *    ("selvmord" finds "selvmordsrisiko", "pasienten" finds "pasient"); and, when neither hits,
 *    fuzzily with fuse.js (typos: "selvmordsrsiko", "habilitring").
 * 4. Rank with BM25F over title, keywords, summary and body (weights below), requiring the item
 *    to cover enough of what was asked. Scores are 0..1, results deduplicated by id.
 */
import Fuse from 'fuse.js';
import type { KnowledgeBase } from './load.js';
import { createStopWords, fold, looseKey, tokenize } from './normalize.js';
import type { GlossaryEntry, KnowledgeItem } from './schema.js';

/** Field weights for BM25F: a term in the title says most about an item. */
export const fieldWeights = { title: 3, keywords: 2.5, summary: 1.6, body: 1 } as const;
type Field = keyof typeof fieldWeights;
const fields = Object.keys(fieldWeights) as Field[];

const K1 = 1.2;
const B = 0.75;
/** Weight of a term that came from expansion rather than from the user. */
const SYNONYM_WEIGHT = 0.7;
const GLOSSARY_WEIGHT = 0.85;
/** Minimum share of the query (idf-weighted) an item must cover to be a hit. */
const MIN_COVERAGE = 0.3;
/** A binding routine ranks slightly above guidance on the same words (staff must follow it). */
const MANDATORY_BOOST = 1.1;
/**
 * A search is confident (the bot presents its hits as answers) only when the best hit scores at
 * least CONFIDENT_SCORE and the knowledge base knows at least CONFIDENT_KNOWN of the question's
 * words (idf-weighted, an unknown word weighing as much as the rarest known one). Calibrated on
 * the development part of test/fixtures/search-queries.json only; README "Search" has the figures.
 */
export const CONFIDENT_SCORE = 0.35;
export const CONFIDENT_KNOWN = 0.52;
/** fuse.js threshold for typo matches (0 = exact, 1 = anything). */
const FUZZY_THRESHOLD = 0.34;

export interface SearchHit {
  readonly item: KnowledgeItem;
  /** 0..1: how well the item answers the query. */
  readonly score: number;
  /** 0..1: the idf-weighted share of the user's words this item matched. */
  readonly coverage: number;
}

export interface SearchResult {
  readonly query: string;
  readonly hits: readonly SearchHit[];
  /** Glossary entries whose abbreviation or expansion was asked about. */
  readonly glossary: readonly GlossaryEntry[];
  /** Close words from the knowledge base, for "did you mean" when nothing was found. */
  readonly suggestions: readonly string[];
  /**
   * 0..1: how much of the question the knowledge base's vocabulary knows at all (idf-weighted;
   * "parkering for pårørende" is mostly unknown: only "pårørende" is in the rules).
   */
  readonly known: number;
  /**
   * Whether the best hits answer the question (false: they are only the nearest items, or there
   * are none). See CONFIDENT_SCORE and CONFIDENT_KNOWN.
   */
  readonly confident: boolean;
}

export interface SearchEngine {
  search(query: string, options?: { limit?: number }): SearchResult;
  /** Items related to an item: its own `related` list first, then the most similar. */
  related(item: KnowledgeItem, limit?: number): KnowledgeItem[];
  /** A glossary entry by abbreviation (any case, variants included). */
  lookupAbbreviation(text: string): GlossaryEntry | undefined;
}

interface Doc {
  readonly item: KnowledgeItem;
  readonly tf: Record<Field, Map<string, number>>;
  readonly len: Record<Field, number>;
}

/** A query term: the index key, its weight, and which user term (index) it stands for. */
interface QueryTerm {
  readonly key: string;
  readonly weight: number;
  readonly origin: number;
}

/** A hit with the index of its document, for the tie-break. */
interface RankedHit extends SearchHit {
  readonly doc: number;
}

function keys(text: string, stop: ReadonlySet<string>): string[] {
  return tokenize(text)
    .map(looseKey)
    .filter((t) => t.length > 1 && !stop.has(t));
}

/** Tokens as one string, padded, for `contains`: joined once per query, not once per phrase. */
const padded = (tokens: readonly string[]): string => ` ${tokens.join(' ')} `;

/** Does a phrase (space-joined keys, padded with spaces) occur as consecutive tokens? */
function contains(paddedTokens: string, paddedPhrase: string): boolean {
  return paddedTokens.includes(paddedPhrase);
}

export function createSearchEngine(
  kb: Pick<KnowledgeBase, 'items' | 'glossary' | 'lexicon'>,
): SearchEngine {
  const stop = createStopWords(kb.lexicon.stopWords);
  /** A phrase as the query sees it: folded, stop words dropped, space-joined. */
  const phraseKey = (text: string): string => keys(text, stop).join(' ');

  // --- index -------------------------------------------------------------------------------
  const docs: Doc[] = kb.items.map((item) => {
    const texts: Record<Field, string> = {
      title: item.title,
      keywords: item.keywords.join(' '),
      summary: item.summary,
      body: item.body,
    };
    const tf = {} as Record<Field, Map<string, number>>;
    const len = {} as Record<Field, number>;
    for (const f of fields) {
      const m = new Map<string, number>();
      const ks = keys(texts[f], stop);
      for (const k of ks) m.set(k, (m.get(k) ?? 0) + 1);
      tf[f] = m;
      len[f] = ks.length;
    }
    return { item, tf, len };
  });
  const avgLen = Object.fromEntries(
    fields.map((f) => [f, docs.reduce((s, d) => s + d.len[f], 0) / Math.max(1, docs.length) || 1]),
  ) as Record<Field, number>;
  const df = new Map<string, number>();
  for (const d of docs) {
    const seen = new Set<string>();
    for (const f of fields) for (const k of d.tf[f].keys()) seen.add(k);
    for (const k of seen) df.set(k, (df.get(k) ?? 0) + 1);
  }
  const vocabulary = [...df.keys()];
  const idf = (k: string): number => {
    const n = df.get(k) ?? 0;
    return Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
  };
  /**
   * Inverted index: key → the documents containing it, each with its precomputed BM25F term
   * contribution (field-weighted, length-normalised tf, saturated, times idf).
   */
  const postingLists = new Map<string, { doc: number; bm25: number }[]>();
  docs.forEach((d, doc) => {
    const keysOfDoc = new Set<string>();
    for (const f of fields) for (const k of d.tf[f].keys()) keysOfDoc.add(k);
    for (const k of keysOfDoc) {
      let tf = 0;
      for (const f of fields) {
        const n = d.tf[f].get(k);
        if (n) tf += (fieldWeights[f] * n) / (1 - B + (B * d.len[f]) / avgLen[f]);
      }
      const list = postingLists.get(k) ?? [];
      list.push({ doc, bm25: idf(k) * ((tf * (K1 + 1)) / (tf + K1)) });
      postingLists.set(k, list);
    }
  });
  /** The same postings as two flat arrays per key (documents in index order), for the query loop. */
  const postings = new Map(
    [...postingLists].map(([k, list]) => [
      k,
      { docs: Int32Array.from(list, (p) => p.doc), bm25: Float64Array.from(list, (p) => p.bm25) },
    ]),
  );
  // Typo tolerance: fuse.js over the vocabulary, one index per first letter (typos rarely hit
  // the first letter, and a bucket of a few hundred words keeps a fuzzy look-up well under 1 ms).
  const fuzzyBuckets = new Map<string, string[]>();
  for (const v of vocabulary) {
    const bucket = fuzzyBuckets.get(v.charAt(0)) ?? [];
    bucket.push(v);
    fuzzyBuckets.set(v.charAt(0), bucket);
  }
  const fuzzyIndex = new Map(
    [...fuzzyBuckets].map(([initial, words]) => [
      initial,
      new Fuse(words, {
        includeScore: true,
        threshold: FUZZY_THRESHOLD,
        minMatchCharLength: 3,
        ignoreLocation: true,
      }),
    ]),
  );
  const fuzzy = {
    search: (key: string, options: { limit: number }) =>
      fuzzyIndex.get(key.charAt(0))?.search(key, options) ?? [],
  };
  // Pretty forms of vocabulary words for "did you mean" (first spelling seen in titles/keywords).
  const display = new Map<string, string>();
  for (const item of kb.items) {
    for (const word of [...item.keywords, ...item.title.split(/\s+/)]) {
      const clean = word.replace(/[^\p{L}\p{N}-]/gu, '').toLocaleLowerCase('nb-NO');
      const k = looseKey(fold(clean));
      if (clean.length > 2 && !display.has(k)) display.set(k, clean);
    }
  }

  // --- expansion data ------------------------------------------------------------------------
  // Abbreviations are matched on every token, one-letter parts included ("CBT-E" ≠ "CBT").
  const abbrKey = (text: string): string => tokenize(text).map(looseKey).join(' ');
  const abbreviations = new Map<string, GlossaryEntry>();
  const expansions: { phrase: string; entry: GlossaryEntry }[] = [];
  for (const entry of kb.glossary) {
    for (const form of [entry.abbr, ...(entry.variants ?? [])])
      abbreviations.set(abbrKey(form), entry);
    const phrase = phraseKey(entry.expansion);
    if (phrase !== '') expansions.push({ phrase, entry });
  }
  const synonymGroups = kb.lexicon.synonyms.map((group) =>
    group.map((member) => ({ member: phraseKey(member), padded: ` ${phraseKey(member)} ` })),
  );
  // Normalised once here, not on every query: each phrase padded for `contains`, and what it adds.
  const abbreviationList = [...abbreviations].map(([phrase, entry]) => ({
    phrase,
    padded: ` ${phrase} `,
    entry,
    adds: phraseKey(entry.expansion),
  }));
  const expansionList = expansions.map(({ phrase, entry }) => ({
    phrase,
    padded: ` ${phrase} `,
    entry,
    adds: phraseKey(entry.abbr),
  }));

  function expand(
    userKeys: readonly string[],
    allTokens: readonly string[],
  ): { terms: QueryTerm[]; glossary: GlossaryEntry[] } {
    const terms: QueryTerm[] = userKeys.map((key, origin) => ({ key, weight: 1, origin }));
    const glossary = new Set<GlossaryEntry>();
    const add = (phrase: string, weight: number, origin: number): void => {
      for (const key of phrase.split(' ')) {
        if (key.length > 1 && !stop.has(key)) terms.push({ key, weight, origin });
      }
    };
    const originOf = (phrase: string): number => {
      const first = phrase.split(' ')[0] ?? '';
      return Math.max(0, userKeys.indexOf(first));
    };
    const allPadded = padded(allTokens);
    const userPadded = padded(userKeys);
    // Abbreviations asked → their expansion; expansions asked → the abbreviation.
    for (const { phrase, padded: p, entry, adds } of abbreviationList) {
      if (!contains(allPadded, p)) continue;
      glossary.add(entry);
      add(adds, GLOSSARY_WEIGHT, originOf(phrase));
    }
    for (const { phrase, padded: p, entry, adds } of expansionList) {
      if (contains(userPadded, p)) {
        glossary.add(entry);
        add(adds, GLOSSARY_WEIGHT, originOf(phrase));
      }
    }
    // Synonym groups: any member asked → the others.
    for (const group of synonymGroups) {
      const hit = group.find(({ padded: p }) => contains(userPadded, p))?.member;
      if (hit === undefined) continue;
      for (const { member } of group)
        if (member !== hit) add(member, SYNONYM_WEIGHT, originOf(hit));
    }
    return { terms, glossary: [...glossary] };
  }

  /** Index keys a query key matches, each with a similarity 0..1. */
  const matchCache = new Map<string, [string, number][]>();
  /**
   * How surely the index knows a query key: 1 for an exact, inflected or compound match; for a
   * typo match, 1 at a perfect fuse.js score falling to 0 at its threshold; 0 for no match.
   */
  const knownCache = new Map<string, number>();
  function match(key: string): [string, number][] {
    const cached = matchCache.get(key);
    if (cached) return cached;
    let known = 0;
    const found = new Map<string, number>();
    if (df.has(key)) found.set(key, 1);
    if (key.length >= 4) {
      for (const v of vocabulary) {
        if (v === key) continue;
        const short = Math.min(v.length, key.length);
        const long = Math.max(v.length, key.length);
        if (v.startsWith(key) || (v.length >= 5 && key.startsWith(v))) {
          // Inflection or compound with the word first: pasient/pasienten, selvmord/selvmordsrisiko.
          found.set(v, Math.max(found.get(v) ?? 0, 0.5 + 0.45 * (short / long)));
        } else if (key.length >= 5 && v.endsWith(key)) {
          // Compound with the word last: risiko/selvmordsrisiko.
          found.set(v, Math.max(found.get(v) ?? 0, 0.45 + 0.35 * (short / long)));
        }
      }
      if (found.size === 0) {
        for (const r of fuzzy.search(key, { limit: 3 })) {
          found.set(r.item, 0.8 * (1 - (r.score ?? 1)));
          known = Math.max(known, 1 - (r.score ?? 1) / FUZZY_THRESHOLD);
        }
      } else known = 1;
    }
    if (df.has(key)) known = 1;
    const list = [...found.entries()];
    if (matchCache.size > 5000) {
      matchCache.clear();
      knownCache.clear();
    }
    matchCache.set(key, list);
    knownCache.set(key, known);
    return list;
  }

  /**
   * Tie-break for equal scores: the order of the ids under `localeCompare`, ranked once here so a
   * query compares two integers (a stable sort, so equal ids keep the index order, as before).
   */
  const idRank = new Int32Array(docs.length);
  docs
    .map((_, doc) => doc)
    .sort((a, b) => (docs[a]?.item.id ?? '').localeCompare(docs[b]?.item.id ?? ''))
    .forEach((doc, rank) => {
      idRank[doc] = rank;
    });
  const rawScratch = new Float64Array(docs.length);
  const coveredScratch = new Float64Array(docs.length);
  const seen = new Int32Array(docs.length);
  const touchedMark = new Uint8Array(docs.length);
  const touched = new Int32Array(docs.length);
  /** Does a hit (score, doc) rank before hit b (higher score, then id)? */
  const before = (score: number, doc: number, b: RankedHit): boolean =>
    score > b.score || (score === b.score && (idRank[doc] ?? 0) < (idRank[b.doc] ?? 0));

  /**
   * The best `limit` items for the terms, best first. Only the documents in the postings of a
   * matched key are visited (cost grows with the matches, not with the knowledge base), and the
   * best are kept by insertion into a short sorted list instead of sorting every hit.
   */
  function score(
    terms: readonly QueryTerm[],
    originCount: number,
    limit: number,
    exclude?: string,
  ): SearchHit[] {
    // Expand each query term to index keys with weight = term weight × similarity.
    const expanded = new Map<string, { weight: number; origins: Set<number> }>();
    for (const t of terms) {
      for (const [k, sim] of match(t.key)) {
        const w = t.weight * sim;
        const cur = expanded.get(k);
        if (!cur) expanded.set(k, { weight: w, origins: new Set([t.origin]) });
        else {
          cur.weight = Math.max(cur.weight, w);
          cur.origins.add(t.origin);
        }
      }
    }
    // How much each user term is worth (rare words count more).
    const originWeight = new Array<number>(originCount).fill(0);
    for (const t of terms) {
      if (t.weight === 1)
        originWeight[t.origin] = Math.max(1, ...match(t.key).map(([k]) => idf(k)));
    }
    const totalOrigin = originWeight.reduce((a, b) => a + b, 0) || 1;

    if (limit <= 0) return [];
    // Per touched document: the raw BM25F sum, and the summed weight of the user terms it covers.
    // A term's weight is added the first time the document meets it (a bit in `seen`), so the sum
    // adds up in the same order, and to the same number, as summing a set of covered terms.
    // Scratch arrays are the engine's own (search is synchronous) and reset after each query.
    const wide = originCount > 31;
    const covered = wide ? new Map<number, Set<number>>() : undefined;
    let touchedCount = 0;
    for (const [k, { weight, origins }] of expanded) {
      const list = postings.get(k);
      if (!list) continue;
      const order = [...origins];
      let mask = 0;
      for (const o of order) mask |= 1 << o;
      const { docs: listDocs, bm25 } = list;
      for (let j = 0; j < listDocs.length; j++) {
        const doc = listDocs[j] ?? 0;
        if (touchedMark[doc] === 0) {
          touchedMark[doc] = 1;
          touched[touchedCount++] = doc;
        }
        rawScratch[doc] = (rawScratch[doc] ?? 0) + weight * (bm25[j] ?? 0);
        if (covered) {
          let set = covered.get(doc);
          if (!set) covered.set(doc, (set = new Set()));
          for (const o of order) set.add(o);
          continue;
        }
        const had = seen[doc] ?? 0;
        if ((had & mask) === mask) continue;
        for (const o of order) {
          if ((had & (1 << o)) === 0)
            coveredScratch[doc] = (coveredScratch[doc] ?? 0) + (originWeight[o] ?? 0);
        }
        seen[doc] = had | mask;
      }
    }
    const top: RankedHit[] = [];
    for (let i = 0; i < touchedCount; i++) {
      const doc = touched[i] ?? 0;
      const r = rawScratch[doc] ?? 0;
      let sum = coveredScratch[doc] ?? 0;
      rawScratch[doc] = 0;
      coveredScratch[doc] = 0;
      seen[doc] = 0;
      touchedMark[doc] = 0;
      const item = docs[doc]?.item;
      if (!item || r === 0 || item.id === exclude) continue;
      if (covered) {
        sum = 0;
        for (const o of covered.get(doc) ?? []) sum += originWeight[o] ?? 0;
      }
      const coverage = sum / totalOrigin;
      if (coverage < MIN_COVERAGE) continue;
      const raw = r * (0.5 + coverage) * (item.mandatory ? MANDATORY_BOOST : 1);
      // Map to 0..1: saturating in the raw score, scaled by how much of the question is covered.
      const score =
        Math.round(Math.min(1, (raw / (raw + 8)) * (0.4 + 0.6 * coverage)) * 1000) / 1000;
      const last = top[top.length - 1];
      if (top.length >= limit && last && !before(score, doc, last)) continue;
      const hit: RankedHit = { doc, item, coverage, score };
      let at = top.length;
      while (at > 0 && before(score, doc, top[at - 1] as RankedHit)) at--;
      top.splice(at, 0, hit);
      if (top.length > limit) top.pop();
    }
    return top.map(({ item, score, coverage }) => ({ item, score, coverage }));
  }

  /** The idf a word would have if no item contained it: the weight of an unknown word. */
  const unseenIdf = idf('') * Number(process.env.UW ?? 1);
  function knownShare(terms: readonly QueryTerm[], originCount: number): number {
    if (originCount === 0) return 0;
    const best = new Array<number>(originCount).fill(0);
    const weight = new Array<number>(originCount).fill(unseenIdf);
    for (const t of terms) {
      for (const [k, sim] of match(t.key)) {
        if (t.weight === 1 && sim === 1) weight[t.origin] = idf(k);
      }
      best[t.origin] = Math.max(best[t.origin] ?? 0, knownCache.get(t.key) ?? 0);
    }
    const total = weight.reduce((a, b) => a + b, 0);
    return best.reduce((sum, b, o) => sum + b * (weight[o] ?? 0), 0) / total;
  }

  return {
    search(query, options = {}) {
      const limit = options.limit ?? 10;
      const allTokens = tokenize(query).map(looseKey);
      // The same as keys(query): the tokens without one-letter words and stop words.
      const unique = [...new Set(allTokens.filter((t) => t.length > 1 && !stop.has(t)))];
      const { terms, glossary } = expand(unique, allTokens);
      const hits = unique.length === 0 ? [] : score(terms, unique.length, limit);
      const known = knownShare(terms, unique.length);
      const suggestions =
        hits.length > 0
          ? []
          : [
              ...new Set(
                unique.flatMap((k) =>
                  fuzzy
                    .search(k, { limit: 2 })
                    .filter((r) => (r.score ?? 1) < 0.5)
                    .map((r) => display.get(r.item) ?? r.item),
                ),
              ),
            ].slice(0, 5);
      const confident = (hits[0]?.score ?? 0) >= CONFIDENT_SCORE && known >= CONFIDENT_KNOWN;
      return { query, hits, glossary, suggestions, known, confident };
    },

    related(item, limit = 3) {
      const byId = new Map(kb.items.map((i) => [i.id, i]));
      const explicit = (item.related ?? []).flatMap((id) => byId.get(id) ?? []);
      const userKeys = [...new Set(keys([item.title, ...item.keywords].join(' '), stop))];
      // At most `limit` can be taken, after the explicit ones (which a similar item may repeat).
      const similar = score(
        userKeys.map((key, origin) => ({ key, weight: 1, origin })),
        userKeys.length,
        limit + explicit.length,
        item.id,
      ).map((h) => h.item);
      const out: KnowledgeItem[] = [];
      for (const candidate of [...explicit, ...similar]) {
        if (candidate.id !== item.id && !out.includes(candidate)) out.push(candidate);
        if (out.length >= limit) break;
      }
      return out;
    },

    lookupAbbreviation(text) {
      return abbreviations.get(abbrKey(text));
    },
  };
}
