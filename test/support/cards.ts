/**
 * Checks on Adaptive Cards as a user meets them: is the card valid Adaptive Cards 1.5 (parsed
 * and validated by Microsoft's adaptivecards library, the renderer Web Chat uses), and how much
 * text does it show before anything is opened (text behind Action.ShowCard or in an element with
 * isVisible: false does not count; button titles do).
 */
import { createRequire } from 'node:module';

// The package's ES module build imports without file extensions and does not load in Node; its
// UMD bundle does (parsing and validation need no DOM).
interface SerializationContext {
  targetVersion: unknown;
  readonly eventCount: number;
  getEventAt(i: number): { message: string };
}
interface AdaptiveCardsLib {
  AdaptiveCard: new () => {
    parse(json: unknown, context: SerializationContext): void;
    toJSON(context?: SerializationContext): unknown;
    validateProperties(): { validationEvents: { message: string }[] };
  };
  SerializationContext: new () => SerializationContext;
  Versions: { v1_5: unknown };
  CardElement: { langProperty: { regEx?: RegExp } };
}
const ac = createRequire(import.meta.url)(
  'adaptivecards/dist/adaptivecards.js',
) as AdaptiveCardsLib;
// The library's `lang` pattern (/^[a-z]{2,3}$/gi) has the global flag, so every second exec() of
// the same value fails from a stale lastIndex: use the same pattern without it.
const langProperty = ac.CardElement.langProperty;
if (langProperty.regEx) langProperty.regEx = new RegExp(langProperty.regEx.source, 'i');

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Problems with a card: parse warnings, validation errors, inputs without label/errorMessage. */
export function cardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const context = new ac.SerializationContext();
  context.targetVersion = ac.Versions.v1_5;
  const parsed = new ac.AdaptiveCard();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const e of parsed.validateProperties().validationEvents) problems.push(e.message);
  if (!isObject(card) || card.version !== '1.5') problems.push('version is not 1.5');
  walk(card, (node, path) => {
    const type = node.type;
    if (typeof type === 'string' && type.startsWith('Input.')) {
      if (typeof node.label !== 'string' || node.label === '') problems.push(`${path}: no label`);
      if (typeof node.errorMessage !== 'string' || node.errorMessage === '')
        problems.push(`${path}: no errorMessage`);
    }
    if (type === 'TextBlock' && node.wrap !== true)
      problems.push(`${path}: TextBlock without wrap`);
    if (type === 'TextBlock' && typeof node.text === 'string' && node.text.trim() === '')
      problems.push(`${path}: empty TextBlock`);
    // A block of its own that starts «2. » is a one-item markdown list: it shows «1.».
    const line = type === 'TextBlock' ? node.text : type === undefined ? node.title : undefined;
    if (typeof line === 'string' && /^\d+\. /.test(line) && !line.includes('\n'))
      problems.push(`${path}: «${line.slice(0, 20)}» would be numbered 1 (use numbered())`);
  });
  return problems;
}

function walk(node: unknown, visit: (node: Json, path: string) => void, path = '$'): void {
  if (Array.isArray(node)) node.forEach((n, i) => walk(n, visit, `${path}[${i}]`));
  else if (isObject(node)) {
    visit(node, path);
    for (const [k, v] of Object.entries(node)) walk(v, visit, `${path}.${k}`);
  }
}

/** Markdown emphasis and list markers are not characters a reader sees. */
function plain(text: string): string {
  return text.replace(/\*\*|__/g, '').replace(/^- /gm, '');
}

/** The text a card shows before any toggle is opened, one piece per line. */
export function visibleTexts(card: unknown): string[] {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!isObject(node) || node.isVisible === false) return;
    switch (node.type) {
      case 'TextBlock':
      case 'TextRun':
        if (typeof node.text === 'string') out.push(plain(node.text));
        return;
      case 'FactSet':
        for (const f of Array.isArray(node.facts) ? node.facts : [])
          if (isObject(f)) out.push(`${String(f.title)} ${String(f.value)}`);
        return;
      case 'Action.ShowCard':
        // The button is seen; its card only after a click.
        if (typeof node.title === 'string') out.push(node.title);
        return;
      default:
        if (typeof node.type === 'string' && node.type.startsWith('Action.')) {
          if (typeof node.title === 'string') out.push(node.title);
          return;
        }
        if (typeof node.type === 'string' && node.type.startsWith('Input.')) {
          if (typeof node.label === 'string') out.push(node.label);
        }
        for (const [k, v] of Object.entries(node)) if (k !== 'selectAction') visit(v);
    }
  };
  visit(card);
  return out;
}

/** Visible characters of a card (see visibleTexts). */
export function visibleChars(card: unknown): number {
  return visibleTexts(card).reduce((n, t) => n + [...t].length, 0);
}

/** The cards in a card's ShowCard actions, by button title. */
export function shownCards(card: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  walk(card, (node) => {
    if (node.type === 'Action.ShowCard' && typeof node.title === 'string')
      out.set(node.title, node.card);
  });
  return out;
}

/** The FHIR resource behind a card's «Vis FHIR-ressurs» toggle (the JSON text run). */
export function fhirFromCard(card: unknown, title = 'Vis FHIR-ressurs'): Record<string, unknown> {
  const shown = shownCards(card).get(title);
  const blocks = (isObject(shown) && Array.isArray(shown.body) ? shown.body : []) as Json[];
  const runs = blocks.flatMap((b) => (Array.isArray(b.inlines) ? (b.inlines as Json[]) : []));
  const json = runs.find((r) => r.fontType === 'Monospace');
  if (typeof json?.text !== 'string') throw new Error(`no FHIR resource behind «${title}»`);
  return JSON.parse(json.text) as Record<string, unknown>;
}
