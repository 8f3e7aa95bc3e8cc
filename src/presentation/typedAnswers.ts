/**
 * Reading numbers in typed answers (SDK-free): ages ("4 og 12 år", "barna er 4 og 12") against
 * options that are age ranges ("0–5 år", "Under 18 år", "65 år eller eldre"), and frequencies
 * ("2-3 ganger i uka", "to til tre ganger i uken", "daglig") against options that are
 * frequencies ("To til fire ganger i måneden", "Fire ganger i uken eller mer"). The options'
 * labels are the only data: nothing here knows a questionnaire. A typed value is mapped only
 * when exactly one option contains it; otherwise the caller asks again.
 */

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  null: 0,
  en: 1,
  én: 1,
  ei: 1,
  ett: 1,
  to: 2,
  tre: 3,
  fire: 4,
  fem: 5,
  seks: 6,
  sju: 7,
  syv: 7,
  åtte: 8,
  ni: 9,
  ti: 10,
  elleve: 11,
  tolv: 12,
  tretten: 13,
  fjorten: 14,
  femten: 15,
  seksten: 16,
  sytten: 17,
};
const NUMBER = `(?:\\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})`;

function toNumber(token: string): number {
  return NUMBER_WORDS[token] ?? Number.parseInt(token, 10);
}

/** An inclusive range; `max` may be Infinity ("eller mer"). */
export interface Range {
  readonly min: number;
  readonly max: number;
}

function lower(text: string): string {
  return text.toLocaleLowerCase('nb-NO').replace(/\s+/g, ' ').trim();
}

/** The age range an option label names ("0–5 år", "Under 18 år", "65 år eller eldre"). */
export function ageRange(label: string): Range | undefined {
  const l = lower(label);
  let m = /^(\d{1,3}) ?[-–] ?(\d{1,3}) år$/.exec(l);
  if (m) return { min: Number(m[1]), max: Number(m[2]) };
  m = /^under (\d{1,3}) år$/.exec(l);
  if (m) return { min: 0, max: Number(m[1]) - 1 };
  m = /^(\d{1,3}) år eller eldre$/.exec(l);
  if (m) return { min: Number(m[1]), max: Number.POSITIVE_INFINITY };
  return undefined;
}

const AGE_FILLER =
  /(?:^|\s)(?:barna|barnet|barn|søsken|søsknene|de|han|hun|er|år|gamle|gammel|ca\.?|cirka|omtrent|henholdsvis|hhv\.?)(?=\s|$)/g;

/**
 * The number a part of an answer consists of, around filler words: "12", "12 år", "barna er 4",
 * "4-åring". Undefined when the part is anything else.
 */
export function numberPart(part: string): number | undefined {
  const rest = lower(part)
    .replace(/-?åring(?:er)?(?=\s|$)/g, ' ')
    .replace(AGE_FILLER, ' ')
    .replace(/[.,!?]/g, ' ')
    .trim();
  if (!new RegExp(`^${NUMBER}$`).test(rest)) return undefined;
  return toNumber(rest);
}

type Unit = 'day' | 'week' | 'month' | 'year';

const UNITS: readonly [RegExp, Unit][] = [
  [/^(?:dag|dagen|døgn|døgnet)$/, 'day'],
  [/^(?:uke|uka|uken|veke|veka)$/, 'week'],
  [/^(?:måned|måneden|mnd\.?|månad|månaden)$/, 'month'],
  [/^(?:år|året)$/, 'year'],
];

/** A frequency: from `min` to `max` times per `unit` (day → week and year → month are exact). */
export interface Frequency {
  readonly unit: 'week' | 'month';
  readonly min: number;
  readonly max: number;
}

function per(unit: Unit, min: number, max: number): Frequency {
  if (unit === 'day') return { unit: 'week', min: min * 7, max: max * 7 };
  if (unit === 'year') return { unit: 'month', min: min / 12, max: max / 12 };
  return { unit, min, max };
}

const FREQUENCY = new RegExp(
  `(?:^|\\s)(${NUMBER})(?: ?(?:-|–|til|eller) ?(${NUMBER}))? ?(?:gang|ganger|g\\.?)? ` +
    `(?:i|per|pr\\.?|om|hver|hvert|hver eneste) (?:en |ei |et )?(\\S+)` +
    `(?: eller (mer|flere|oftere|sjeldnere|mindre))?(?=\\s|$)`,
  'g',
);
const ADVERBS: readonly [RegExp, Unit][] = [
  [/(?:^|\s)(?:daglig|hver dag|hverdag|alle dager)(?= eller|\s|$)/, 'day'],
  [/(?:^|\s)(?:ukentlig|hver uke|en gang i uka)(?= eller|\s|$)/, 'week'],
  [/(?:^|\s)(?:månedlig|hver måned)(?= eller|\s|$)/, 'month'],
  [/(?:^|\s)(?:årlig|hvert år)(?= eller|\s|$)/, 'year'],
];

function unitOf(word: string): Unit | undefined {
  return UNITS.find(([re]) => re.test(word))?.[1];
}

function open(f: Frequency, more: string | undefined): Frequency {
  if (more === undefined) return f;
  return ['mer', 'flere', 'oftere'].includes(more)
    ? { ...f, max: Number.POSITIVE_INFINITY }
    : { ...f, min: 0 };
}

/**
 * The frequency a text names: "2-3 ganger i uka", "to til tre ganger i uken", "fire ganger i
 * uken eller mer", "månedlig eller sjeldnere", "daglig". Undefined when it names none, or names
 * more than one (or is a vague "noen ganger").
 */
export function frequency(text: string): Frequency | undefined {
  const l = lower(text).replace(/[,!?]/g, ' ').replace(/\s+/g, ' ');
  // "nesten daglig", "noen ganger", "omtrent ukentlig": too vague to map.
  if (/(?:^|\s)(?:nesten|noen|omtrent|ca\.?|cirka|kanskje)(?=\s|$)/.test(l)) return undefined;
  const found: Frequency[] = [];
  for (const m of l.matchAll(FREQUENCY)) {
    const unit = unitOf(m[3] ?? '');
    if (!unit || m[1] === undefined) continue;
    const a = toNumber(m[1]);
    const b = m[2] === undefined ? a : toNumber(m[2]);
    found.push(open(per(unit, Math.min(a, b), Math.max(a, b)), m[4]));
  }
  if (found.length === 0) {
    for (const [re, unit] of ADVERBS) {
      const m = new RegExp(`${re.source}(?: eller (mer|oftere|sjeldnere|mindre))?`).exec(l);
      if (m) found.push(open(per(unit, 1, 1), m[1]));
    }
  }
  return found.length === 1 ? found[0] : undefined;
}

/** Whether `inner` lies within `outer` (same unit). */
export function within(inner: Frequency, outer: Frequency): boolean {
  return inner.unit === outer.unit && inner.min >= outer.min && inner.max <= outer.max;
}
