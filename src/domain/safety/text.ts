/**
 * Text normalisation for the acute-risk detector. A message becomes a list of tokens, each with
 * its place in the original text (so the bot can show what it reacted to), its clause (commas,
 * full stops and words such as "men" end a clause), a folded form and a Norwegian stem:
 *
 *   "Hu vil itte leve meir!"  →  hun · vil · ikke · leve · mer   (stems: hun vil ikk lev mer)
 *
 * Folding: lower case, æ/ø/å and accents to plain letters, and the lossy "o for ø, a for å" key,
 * so "døø", "doe" and "do" meet. Dialect, nynorsk and abbreviation forms are mapped by the word
 * table in knowledge/safety.yaml ("itte" → "ikke", "smv" → "selvmord", "od" → "overdose");
 * compound prefixes are split ("selvmordstanker" → "selvmord" + "tanker"); emoji in the table
 * become words. Stems come from the Snowball Norwegian stemmer (@orama/stemmers). Pure.
 */
import { stemmer } from '@orama/stemmers/norwegian';
import { fold, looseKey } from '../knowledge/normalize.js';
import { withinDistance } from './fuzzy.js';

export interface Token {
  /** Position in the original message: `text.slice(start, end)` is what the user typed. */
  readonly start: number;
  readonly end: number;
  /** Folded (lossy) form after the word table. */
  readonly norm: string;
  /** Norwegian stem of `norm`. */
  readonly stem: string;
  /** Clause number, counted from 0 (commas, full stops and clause words end a clause). */
  readonly clause: number;
  /** Sentence number, counted from 0 (full stops, ! ? and line breaks end a sentence). */
  readonly sentence: number;
  /** A filler word ("å"): skipped in matching unless a phrase names it. */
  readonly filler: boolean;
  /** The number the token stands for ("40", "førti"), if any. */
  readonly value?: number;
}

export interface Normaliser {
  tokens(text: string): Token[];
  /** The folded form of one word, as used for table keys (no stemming, no mapping). */
  key(word: string): string;
}

export interface NormaliserConfig {
  /** Folded word → replacement (one or more words). */
  readonly words: Readonly<Record<string, string>>;
  /** Emoji → replacement word(s). */
  readonly emoji: Readonly<Record<string, string>>;
  /** Compound prefixes split off a longer word ("selvmords" + "tanker"). */
  readonly compounds: readonly { readonly prefix: string; readonly as: string }[];
  /** Words skipped in matching unless a phrase names them ("å"). */
  readonly fillers: readonly string[];
  /** Words that end a clause ("men", "og"). */
  readonly clauseBreaks: readonly string[];
  /** A number after one of these words is a label, not an amount ("kl 12", "rom 14"). */
  readonly numberLabels?: readonly string[];
  /** A number before one of these words is not a count of pills ("17 år", "1000 mg"). */
  readonly numberUnits?: readonly string[];
  /** Words kept as spelled, not loosened ("noe" would otherwise read as "no", i.e. "nå"). */
  readonly keepSpelling?: readonly string[];
}

// "1:1" and "22:30" are one token (a ratio or a clock time), not two numbers and a clause break.
const WORD = /\p{N}+:\p{N}+|[\p{L}\p{N}]+|\p{Extended_Pictographic}|[.!?;:,\n]/gu;
const BREAK = /^[.!?;:,\n]$/;
const SENTENCE_END = /^[.!?\n]$/;
const ORDINAL_DOT = /(?:^|[^\p{N}])\p{N}{1,2}\. \p{Ll}$/u;
/** Longest message part examined; longer input is cut (the HTTP layers cap it well below). */
export const MAX_DETECT_CHARS = 8000;

export function stemOf(word: string): string {
  return /^\d+$/.test(word) ? word : stemmer(word);
}

export function createNormaliser(config: NormaliserConfig): Normaliser {
  // Real words the loose spelling would turn into another word ("noe" is not "no", nynorsk "nå").
  const keep = new Set((config.keepSpelling ?? []).map(fold));
  const foldWord = (word: string): string => {
    const folded = fold(word);
    return keep.has(folded) ? folded : looseKey(folded);
  };
  const words = new Map<string, string[]>();
  for (const [from, to] of Object.entries(config.words)) {
    words.set(foldWord(from), to.split(/\s+/).map(foldWord).filter(Boolean));
  }
  const emoji = new Map(Object.entries(config.emoji));
  const compounds = config.compounds.map((c) => ({
    prefix: foldWord(c.prefix),
    as: foldWord(c.as),
  }));
  const fillers = new Set(config.fillers.map(foldWord));
  const breaks = new Set(config.clauseBreaks.map(foldWord));
  const labels = new Set((config.numberLabels ?? []).map(foldWord));
  const units = new Set((config.numberUnits ?? []).map(foldWord));

  /** Splits a known compound prefix off a longer word, allowing one typo in the prefix. */
  function splitCompound(word: string): string[] {
    for (const { prefix, as } of compounds) {
      for (const k of [prefix.length, prefix.length - 1, prefix.length + 1]) {
        if (word.length - k < 3 || k < 5) continue;
        const head = word.slice(0, k);
        if (head === prefix || withinDistance(head, prefix, 1)) return [as, word.slice(k)];
      }
    }
    return [word];
  }

  function expand(raw: string): string[] {
    const folded = foldWord(raw);
    if (folded === '') return [];
    const mapped = words.get(folded);
    if (mapped) return mapped;
    const parts = splitCompound(folded);
    return parts.flatMap((p) => words.get(p) ?? [p]);
  }

  return {
    key: foldWord,
    tokens(text) {
      const out: Token[] = [];
      let clause = 0;
      let sentence = 0;
      const input = text.length > MAX_DETECT_CHARS ? text.slice(0, MAX_DETECT_CHARS) : text;
      for (const m of input.matchAll(WORD)) {
        const raw = m[0];
        const start = m.index;
        const end = start + raw.length;
        // "17. mai", "3. etasje": an ordinal's full stop ends nothing.
        if (raw === '.' && ORDINAL_DOT.test(input.slice(Math.max(0, start - 6), end + 2))) continue;
        if (BREAK.test(raw)) {
          clause++;
          if (SENTENCE_END.test(raw)) sentence++;
          continue;
        }
        const replaced = emoji.get(raw);
        const parts = replaced ? replaced.split(/\s+/).map(foldWord) : expand(raw);
        for (const norm of parts) {
          if (breaks.has(norm)) {
            clause++;
            continue;
          }
          const value = /^\d{1,6}$/.test(norm) ? Number(norm) : undefined;
          out.push({
            start,
            end,
            norm,
            stem: stemOf(norm),
            clause,
            sentence,
            filler: fillers.has(norm),
            ...(value === undefined ? {} : { value }),
          });
        }
      }
      // "kl 12", "rom 14", "17 år", "1000 mg": numbers, but not amounts.
      return out.map((t, i) =>
        t.value !== undefined &&
        (labels.has(out[i - 1]?.norm ?? '') || units.has(out[i + 1]?.norm ?? ''))
          ? withoutValue(t)
          : t,
      );
    },
  };
}

function withoutValue(token: Token): Token {
  const rest: Token = { ...token };
  delete (rest as { value?: number }).value;
  return rest;
}
