/**
 * Norwegian text normalisation for search: case folding, diacritics folding (æ→ae, ø→oe, å→aa,
 * é→e …), punctuation and hyphens to spaces, and stop-word removal. Users type "sjukehus",
 * "pårørende", "parorende", "paaroerende" and "ROP-pasient": all must meet the same index terms.
 */

const letterFolds: Record<string, string> = {
  æ: 'ae',
  ø: 'oe',
  å: 'aa',
  ä: 'ae',
  ö: 'oe',
  ü: 'u',
  ß: 'ss',
};

/** Lowercase, fold Norwegian letters and accents, keep letters/digits, single spaces. */
export function fold(text: string): string {
  return text
    .toLocaleLowerCase('nb-NO')
    .replace(/[æøåäöüß]/g, (c) => letterFolds[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}§]+/gu, ' ')
    .trim();
}

/**
 * Users often write "o"/"a" for ø/å without the second letter ("parorende", "barn som parorende").
 * A second, lossy key folds ae/oe/aa to a/o/a, so both spellings meet.
 */
export function looseKey(folded: string): string {
  return folded.replace(/aa/g, 'a').replace(/ae/g, 'a').replace(/oe/g, 'o');
}

export function tokenize(text: string): string[] {
  const folded = fold(text);
  return folded === '' ? [] : folded.split(' ');
}

export function createStopWords(words: readonly string[]): ReadonlySet<string> {
  return new Set(words.map((w) => looseKey(fold(w))));
}
