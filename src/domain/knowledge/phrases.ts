/**
 * Does a question name a phrase ("barn som pårørende", "BUP eller TSB", "AUDIT-C")? Typo-tolerant
 * and generic, so the trigger phrases stay data (menu.yaml) and no misspelling is listed: both
 * sides are folded (case, æ/ø/å, accents, hyphens: "audit-c" = "audit c") and compared word by
 * word, consecutive words in order. A question word matches a phrase word when it is the same,
 * within the typo distance allowed for the phrase word's length (safety/fuzzy.ts: 1 from five
 * letters, 2 from eight; "pårørnde" → "pårørende"), or, from five letters, an inflection or
 * compound starting with it ("ansvaret" → "ansvar…", "selvmordsrisiko" → "selvmord…").
 */
import { allowedDistance, withinDistance } from '../safety/fuzzy.js';
import { looseKey, tokenize } from './normalize.js';

/** A text's words as the matching compares them (folded, loose æ/ø/å). */
export const phraseWords = (text: string): string[] => tokenize(text).map(looseKey);
const words = phraseWords;

function wordMatches(said: string, wanted: string): boolean {
  if (said === wanted) return true;
  if (wanted.length >= 5 && said.startsWith(wanted)) return true;
  const max = allowedDistance(wanted.length);
  return max > 0 && withinDistance(said, wanted, max);
}

/** True when `phrase` occurs in `text` as consecutive words, typos and inflections allowed. */
export function mentionsPhrase(text: string, phrase: string): boolean {
  return mentionsWords(words(text), words(phrase));
}

/**
 * mentionsPhrase on words already split with phraseWords, so fixed phrases (menu titles,
 * synonyms) are normalised once and a question once per turn, not once per phrase.
 */
export function mentionsWords(said: readonly string[], wanted: readonly string[]): boolean {
  if (wanted.length === 0) return false;
  for (let start = 0; start + wanted.length <= said.length; start++) {
    if (wanted.every((w, i) => wordMatches(said[start + i] ?? '', w))) return true;
  }
  return false;
}
