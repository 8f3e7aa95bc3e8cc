/**
 * Typo tolerance for the acute-risk detector: which vocabulary words a typed word may be a
 * misspelling of. Distance is Damerau-Levenshtein in its "optimal string alignment" form (an
 * insertion, deletion, substitution or swap of two neighbouring letters costs 1). The allowed
 * distance depends on the vocabulary word's length: 1 from 5 letters, 2 from 8 letters, none
 * below 5 (short words are too close to ordinary words).
 *
 * Candidates are found with a symmetric-deletion index (the idea behind SymSpell): every string
 * made by deleting up to two letters of a vocabulary word points back to it, so a typed word
 * needs only its own deletions looked up, not a comparison with every vocabulary word. Pure.
 */

/** The largest distance allowed for a vocabulary word of this length. */
export function allowedDistance(length: number): number {
  if (length >= 8) return 2;
  if (length >= 5) return 1;
  return 0;
}

/** True when the optimal-string-alignment distance between a and b is at most `max`. */
export function withinDistance(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  if (a === b) return true;
  const n = b.length;
  let prevPrev: number[] = [];
  let prev: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (prevPrev[j - 2] ?? 0) + 1);
      }
      row.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return false;
    prevPrev = prev;
    prev = row;
  }
  return (prev[n] ?? Infinity) <= max;
}

/** Every string made by deleting up to `depth` letters of `word` (the word itself included). */
function deletions(word: string, depth: number): Set<string> {
  const out = new Set<string>([word]);
  let frontier = [word];
  for (let d = 0; d < depth; d++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (let i = 0; i < w.length; i++) {
        const del = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(del)) {
          out.add(del);
          next.push(del);
        }
      }
    }
    frontier = next;
  }
  return out;
}

export interface TypoIndex {
  /** Vocabulary words (other than `word` itself) that `word` is within the allowed distance of. */
  near(word: string): readonly string[];
}

/**
 * An index over `vocabulary`. Results are cached per word in a bounded map (`cacheSize` entries,
 * oldest dropped first), so a long-running process never grows it without limit.
 */
export function createTypoIndex(vocabulary: Iterable<string>, cacheSize = 5000): TypoIndex {
  const index = new Map<string, string[]>();
  for (const word of new Set(vocabulary)) {
    const depth = allowedDistance(word.length);
    if (depth === 0) continue;
    for (const del of deletions(word, depth)) {
      const list = index.get(del);
      if (list) list.push(word);
      else index.set(del, [word]);
    }
  }
  const cache = new Map<string, readonly string[]>();
  return {
    near(word) {
      const cached = cache.get(word);
      if (cached) return cached;
      const found = new Set<string>();
      if (word.length >= 4 && word.length <= 40) {
        for (const del of deletions(word, 2)) {
          for (const candidate of index.get(del) ?? []) {
            if (
              candidate !== word &&
              withinDistance(word, candidate, allowedDistance(candidate.length))
            ) {
              found.add(candidate);
            }
          }
        }
      }
      const result = [...found];
      if (cache.size >= cacheSize) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      cache.set(word, result);
      return result;
    },
  };
}
