/**
 * Privacy guard: finds Norwegian national identity numbers (fødselsnummer, D-nummer, H-nummer and
 * synthetic test numbers) in free text, so they can be masked before anything stores, logs or
 * echoes them.
 *
 * A candidate is 11 digits written together (`01019912345`) or as 6 + 5 digits with one space,
 * dot or hyphen between (`010199 12345`, `010199.12345`, `010199-12345`); a non-breaking space
 * counts as a space. A candidate that is part of a longer digit run (an account number, an order
 * id) is ignored. Only candidates that pass validation count: both control digits (including
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
 * 6 digits, an optional single separator, 5 digits; not preceded or followed by a digit.
 * Separators: space, no-break space (U+00A0), narrow no-break space (U+202F), dot, hyphen.
 */
const CANDIDATE = /(?<!\d)(\d{6})[ \u00A0\u202F.-]?(\d{5})(?!\d)/g;

/** The kind of an 11-digit string if it is a valid identity number, otherwise undefined. */
function validKind(digits: string): PatientIdKind | undefined {
  const result = idnr(digits);
  if (result.status !== 'valid') return undefined;
  const kind: PatientIdKind = getType(digits);
  return kind;
}

/** Every valid identity number in `text`, in order of appearance, never overlapping. */
export function findPatientIds(text: string): PatientIdMatch[] {
  const matches: PatientIdMatch[] = [];
  const re = new RegExp(CANDIDATE.source, CANDIDATE.flags);
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const kind = validKind(`${m[1] ?? ''}${m[2] ?? ''}`);
    if (kind) {
      matches.push({ start: m.index, end: m.index + m[0].length, kind });
    } else {
      // Not valid: look again from the next character, so no later candidate is skipped.
      re.lastIndex = m.index + 1;
    }
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
