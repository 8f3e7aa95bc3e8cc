/**
 * Privacy guard: finds Norwegian national identity numbers (fødselsnummer, D-nummer, H-nummer and
 * synthetic test numbers) in free text, so they can be masked before anything stores, logs or
 * echoes them.
 *
 * A candidate is 11 digits, written together or in groups with separators between them (spaces,
 * tabs, newlines, zero-width characters, dots, slashes, hyphens: `010199 12345`,
 * `01 01 99 123 45`, `010199/12345`), in any script's digits (full-width too). A candidate that is
 * part of a longer unbroken digit run (an account number, an order id) is ignored. Only candidates that pass validation count: both control digits (including
 * Skatteetaten's rule for numbers issued from 2032, where the first control digit may be computed
 * with remainder 0–3) and a real birth date. Validation is delegated to @navikt/fnrvalidator.
 *
 * Pure TypeScript: no I/O, no logging, no SDK.
 */
import { getType, idnr } from '@navikt/fnrvalidator';

/** The kind of number, as classified by @navikt/fnrvalidator. */
export type PatientIdKind = 'fnr' | 'dnr' | 'hnr' | 'tnr' | 'dnr-and-hnr' | 'dnr-and-tnr';

/** Where a valid identity number was found: `text.slice(start, end)` is the number as written. */
export interface PatientIdMatch {
  readonly start: number;
  readonly end: number;
  readonly kind: PatientIdKind;
}

/** The default text that replaces a masked number (shown to the user, so Norwegian). */
export const PATIENT_ID_REPLACEMENT = '[fødselsnummer fjernet]';

/**
 * Characters that may stand between the digit groups of a number as people write, paste or
 * disguise it: any white space (space, tab, newline, no-break spaces), zero-width characters,
 * dot, slash, hyphen and dashes. At most three in a row.
 */
const SEPARATOR = /^[\s\u00A0\u2007\u202F\u200B-\u200D\u2060\uFEFF./\-\u2010-\u2015\u2212]{1,3}$/u;

/** A run of decimal digits in any script (ASCII, full-width …). */
const DIGITS = /\p{Nd}+/gu;

/**
 * ASCII digits for a run of decimal digits in any script ("０１" → "01"): NFKC maps full-width
 * and mathematical digits; for other scripts a digit's value is its distance from the block's
 * zero (every Unicode decimal-digit block is ten consecutive code points).
 */
function asciiDigits(run: string): string {
  let out = '';
  for (const d of run.normalize('NFKC')) {
    if (d >= '0' && d <= '9') {
      out += d;
      continue;
    }
    const code = d.codePointAt(0) ?? 48;
    let value = 0;
    while (value < 9 && /\p{Nd}/u.test(String.fromCodePoint(code - value - 1))) value++;
    out += String(value);
  }
  return out;
}

interface Group {
  readonly start: number;
  readonly end: number;
  readonly digits: string;
}

/** The kind of an 11-digit string if it is a valid identity number, otherwise undefined. */
function validKind(digits: string): PatientIdKind | undefined {
  const result = idnr(digits);
  if (result.status !== 'valid') return undefined;
  const kind: PatientIdKind = getType(digits);
  return kind;
}

/**
 * Every valid identity number in `text`, in order of appearance, never overlapping.
 * The text's digit groups are chained when only separators stand between them; any run of whole
 * groups in a chain that holds exactly 11 digits is a candidate ("01019912345", "010199 12345",
 * "01 01 99 123 45", "010199/12345", "0101\u200B9912345", full-width digits). A single group of
 * more than 11 digits (an account number, an order id) holds no candidate.
 */
export function findPatientIds(text: string): PatientIdMatch[] {
  const groups: Group[] = [...text.matchAll(DIGITS)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    digits: asciiDigits(m[0]),
  }));
  const matches: PatientIdMatch[] = [];
  let i = 0;
  while (i < groups.length) {
    let found: PatientIdMatch | undefined;
    let next = i + 1;
    let digits = '';
    for (let j = i; j < groups.length && digits.length < 11; j++) {
      const g = groups[j];
      const prev = groups[j - 1];
      if (!g) break;
      if (j > i && prev && !SEPARATOR.test(text.slice(prev.end, g.start))) break;
      digits += g.digits;
      if (digits.length === 11) {
        const kind = validKind(digits);
        const first = groups[i];
        if (kind && first) {
          found = { start: first.start, end: g.end, kind };
          next = j + 1;
        }
      }
    }
    if (found) matches.push(found);
    i = next;
  }
  return matches;
}

/** True when `text` contains at least one valid identity number. */
export function containsPatientId(text: string): boolean {
  return findPatientIds(text).length > 0;
}

/** `text` with every valid identity number replaced by `replacement`; all else is unchanged. */
export function maskPatientIds(text: string, replacement = PATIENT_ID_REPLACEMENT): string {
  const matches = findPatientIds(text);
  if (matches.length === 0) return text;
  let out = '';
  let from = 0;
  for (const { start, end } of matches) {
    out += text.slice(from, start) + replacement;
    from = end;
  }
  return out + text.slice(from);
}

/**
 * Stricter, for text that is passed on to other people (a konsultasjon request to a team): every
 * valid identity number, and also any other run of eleven digits (with or without single spaces,
 * dots or dashes between them) — a mistyped fødselsnummer still identifies a patient. Phone
 * numbers (eight digits) and short numbers are kept.
 */
export function maskPatientIdsStrict(text: string, replacement = PATIENT_ID_REPLACEMENT): string {
  return maskPatientIds(text, replacement).replace(/(?<!\d)\d(?:[ .-]?\d){10}(?!\d)/g, replacement);
}

/**
 * `value` with every valid identity number masked in every string it holds (objects and arrays
 * copied, other values kept). Walks iteratively, so no nesting depth can overflow the stack.
 */
export function maskPatientIdsDeep(value: unknown, replacement = PATIENT_ID_REPLACEMENT): unknown {
  const mask = (v: unknown): unknown =>
    typeof v === 'string' ? maskPatientIds(v, replacement) : v;
  if (value === null || typeof value !== 'object') return mask(value);
  const root: unknown = Array.isArray(value) ? [] : {};
  const stack: [unknown, Record<string, unknown> | unknown[]][] = [
    [value, root as Record<string, unknown> | unknown[]],
  ];
  while (stack.length > 0) {
    const [from, to] = stack.pop() as [unknown, Record<string, unknown> | unknown[]];
    const isArray = Array.isArray(to);
    for (const [k, v] of Object.entries(from as Record<string, unknown>)) {
      let out: unknown = mask(v);
      if (v !== null && typeof v === 'object') {
        out = Array.isArray(v) ? [] : {};
        stack.push([v, out as Record<string, unknown> | unknown[]]);
      }
      // Keys are masked too ({"<fnr>": …} is as revealing as a value). defineProperty, so a
      // "__proto__" key stays a plain key and never changes the copy's prototype.
      Object.defineProperty(to, isArray ? k : maskPatientIds(k, replacement), {
        value: out,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return root;
}
