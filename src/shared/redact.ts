/**
 * Conservative redaction of personal data in anything written to logs.
 *
 * Unlike src/domain/safety/patientId.ts (which masks only *valid* identity numbers in what the user
 * typed), this errs on the side of removing too much: every number that merely looks like a
 * fødselsnummer is removed, valid or not.
 *
 * - `[fnr]`: a run of exactly 11 digits (not part of a longer digit run), or 6 digits + one space,
 *   dot or hyphen + 5 digits.
 * - `[e-post]`: e-mail addresses.
 * - `[telefon]`: Norwegian 8-digit numbers (optionally +47 / 0047 first), written together or
 *   grouped with spaces as 2-2-2-2, 3-2-3 or 4-4; and international `+` numbers of 8–15 digits.
 *
 * Left untouched: ISO timestamps, UUIDs and long hex ids (trace ids, hashes), semantic versions,
 * HTTP status codes and other short numbers.
 *
 * Pure: no I/O, no dependencies.
 */

export const FNR_PLACEHOLDER = '[fnr]';
export const EMAIL_PLACEHOLDER = '[e-post]';
export const PHONE_PLACEHOLDER = '[telefon]';

/** Space characters accepted between digit groups: space, no-break space, narrow no-break space. */
const SP = '[ \\u00A0\\u202F]';

/**
 * Tokens that are never redacted: UUIDs and hex ids of 32+ characters (trace ids, hashes), which
 * may contain digit runs that would otherwise look like a fødselsnummer or phone number.
 */
const PROTECTED =
  /(?<![\w-])(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32,})(?![\w-])/gi;

/** E-mail. The look-behind makes a match start only at the start of a local part (linear time). */
const EMAIL =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@(?:[\p{L}\p{N}-]+\.)+\p{L}{2,}(?![\p{L}\p{N}-])/gu;

/** International number: `+`, then 8–15 digits, optionally split by single spaces or hyphens. */
const INTERNATIONAL_PHONE = new RegExp(`(?<![\\w+])\\+\\d(?:(?:${SP}|-)?\\d){7,14}(?!\\d)`, 'g');

/** 11 digits together, or 6 + separator + 5, not inside a longer digit run. */
const FNR_LIKE = new RegExp(`(?<!\\d)\\d{6}(?:${SP}|[.-])?\\d{5}(?!\\d)`, 'g');

/**
 * Norwegian number. It may not touch a letter or digit, follow a dot (`1.0.0-rc.12345678`), nor
 * continue or be continued by a number such as a decimal (`3,14159265`) or an id (`2026-12345678`).
 */
const NORWEGIAN_PHONE = new RegExp(
  '(?<![\\w.]|\\d[,-])' +
    `(?:(?:\\+|00)47${SP}?)?` +
    `(?:\\d{8}|\\d{2}(?:${SP}\\d{2}){3}|\\d{3}${SP}\\d{2}${SP}\\d{3}|\\d{4}${SP}\\d{4})` +
    '(?![\\w]|[.,-]\\d)',
  'g',
);

function redactSegment(segment: string): string {
  let out = segment;
  if (out.includes('@')) out = out.replace(EMAIL, EMAIL_PLACEHOLDER);
  // Cheap exit: every pattern below needs digits.
  if (!/\d{2}/.test(out)) return out;
  out = out.replace(INTERNATIONAL_PHONE, PHONE_PLACEHOLDER);
  out = out.replace(FNR_LIKE, FNR_PLACEHOLDER);
  out = out.replace(NORWEGIAN_PHONE, PHONE_PLACEHOLDER);
  return out;
}

/** `text` with fødselsnummer-like numbers, e-mail addresses and phone numbers replaced. */
export function redact(text: string): string {
  if (!/[\d@]/.test(text)) return text;
  let out = '';
  let from = 0;
  for (const m of text.matchAll(PROTECTED)) {
    out += redactSegment(text.slice(from, m.index)) + m[0];
    from = m.index + m[0].length;
  }
  return out + redactSegment(text.slice(from));
}

export interface RedactDeepOptions {
  /** Containers nested deeper than this are replaced by `'[depth limit]'`. Default 10. */
  readonly maxDepth?: number;
}

const CIRCULAR = '[circular]';
const DEPTH_LIMIT = '[depth limit]';

/**
 * A copy of `value` where every string (at any depth) is passed through `redact`. Object keys are
 * left alone. The input is never modified.
 *
 * - An integer of exactly 11 digits (a fødselsnummer stored as a number) becomes `'[fnr]'`; other
 *   numbers are kept.
 *
 * - Errors become `{ name, message, stack, ...own enumerable fields, cause? }`, all redacted.
 * - Arrays, plain objects and class instances (own enumerable fields) are walked; Maps become
 *   objects or entry arrays, Sets become arrays, Dates become ISO strings.
 * - Binary data (Buffer, typed arrays) becomes `'[binary N bytes]'`: it might hold text.
 * - A reference back to an ancestor becomes `'[circular]'`; too deep nesting `'[depth limit]'`.
 */
export function redactDeep(value: unknown, options: RedactDeepOptions = {}): unknown {
  const maxDepth = options.maxDepth ?? 10;
  const ancestors = new Set<object>();

  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redact(v);
    // An 11-digit integer may be a fødselsnummer stored as a number.
    if (typeof v === 'number' || typeof v === 'bigint') {
      return /^-?\d{11}$/.test(String(v)) ? FNR_PLACEHOLDER : v;
    }
    if (v === null || typeof v !== 'object') {
      return typeof v === 'function' ? `[function ${v.name || 'anonymous'}]` : v;
    }
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
    if (v instanceof RegExp) return redact(String(v));
    if (v instanceof URL) return redact(v.href);
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return `[binary ${v.byteLength} bytes]`;
    if (ancestors.has(v)) return CIRCULAR;
    if (depth >= maxDepth) return DEPTH_LIMIT;

    ancestors.add(v);
    try {
      if (Array.isArray(v)) return v.map((item: unknown) => walk(item, depth + 1));
      if (v instanceof Set) return [...v].map((item: unknown) => walk(item, depth + 1));
      if (v instanceof Map) {
        const entries = [...v.entries()] as [unknown, unknown][];
        return entries.every(([k]) => typeof k === 'string')
          ? Object.fromEntries(entries.map(([k, item]) => [k, walk(item, depth + 1)]))
          : entries.map(([k, item]) => [walk(k, depth + 1), walk(item, depth + 1)]);
      }
      const out: Record<string, unknown> = {};
      if (v instanceof Error) {
        out.name = redact(String(v.name));
        out.message = redact(v.message);
        if (v.stack !== undefined) out.stack = redact(v.stack);
      }
      for (const key of Object.keys(v)) {
        let item: unknown;
        try {
          item = (v as Record<string, unknown>)[key];
        } catch {
          item = '[unreadable]';
        }
        out[key] = walk(item, depth + 1);
      }
      if (v instanceof Error && v.cause !== undefined && !('cause' in out)) {
        out.cause = walk(v.cause, depth + 1);
      }
      return out;
    } finally {
      ancestors.delete(v);
    }
  };

  return walk(value, 0);
}
