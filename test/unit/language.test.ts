/**
 * Norwegian polish (issue 14): every text a user can see — the mustache templates and label files
 * of the chat, the visible fields of the knowledge files (titles, summaries, bodies, prompts,
 * options, notices, reasons …) and every string on every card the bot can send — is Norwegian
 * bokmål with «» quotes: no English words from a list of ones that slipped in before, no straight
 * double quotes, and one term for discharge («utskrivning», not «utskrivelse» or «utskriving»).
 * Search synonyms, source headings and document titles (quoted as the source writes them) and the
 * FHIR resource's code-system displays are not checked.
 */
import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { cardCatalogue } from '../support/cardCatalogue.js';
import { testKnowledge, texts } from '../support/transcript.js';

const root = path.resolve(import.meta.dirname, '..', '..');

/** Keys whose string values a user reads (in knowledge/ and src/presentation/texts/nb/). */
const VISIBLE_KEYS = new Set([
  'title',
  'summary',
  'body',
  'caveat',
  'caveats',
  'text',
  'prompt',
  'label',
  'intro',
  'nextStep',
  'note',
  'interpretation',
  'definition',
  'description',
  'help',
  'record',
  'question',
  'retry',
]);

/** English words that have appeared in the chat before (whole words, case-insensitive). */
const ENGLISH = [
  'the',
  'and',
  'yes',
  'no',
  'abstract',
  'term description',
  'screen',
  'click',
  'submit',
  'cancel',
  'error',
  'please',
  'sources',
  'checklist',
  'loading',
  'unknown',
  'true',
  'false',
  'undefined',
  'null',
  'times a month',
  'times a week',
  'never',
];
const english = new RegExp(`(?<![\\p{L}\\d./-])(${ENGLISH.join('|')})(?![\\p{L}\\d])`, 'iu');
const discharge = /\butskriv(?:else|elsen|ing|ingen)\b/iu;

interface Found {
  readonly where: string;
  readonly text: string;
}

function visibleStrings(value: unknown, where: string, key?: string): Found[] {
  if (typeof value === 'string')
    return key && VISIBLE_KEYS.has(key) ? [{ where, text: value }] : [];
  if (Array.isArray(value))
    return value.flatMap((v, i) => visibleStrings(v, `${where}[${i}]`, key));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) =>
      // A caveat may be { text, urgent }: its text is visible like a plain caveat.
      visibleStrings(v, `${where}.${k}`, k === 'text' && key === 'caveats' ? 'caveats' : k),
    );
  return [];
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => path.join(dir, f));
}

/** Without web addresses and e-mail (".no" is a domain, not a word). */
function withoutAddresses(text: string): string {
  return text.replace(/\bhttps?:\/\/\S+|\b[\w.-]+\.(?:no|org|com|io)\b\S*/giu, ' ');
}

function problems(found: readonly Found[]): string[] {
  return found.flatMap(({ where, text }) => {
    const plain = withoutAddresses(text);
    const out: string[] = [];
    const en = english.exec(plain);
    if (en) out.push(`${where}: English «${en[1]}» in «${text.slice(0, 120)}»`);
    if (plain.includes('"') || /[“”]/u.test(plain))
      out.push(`${where}: straight or English quotes in «${text.slice(0, 120)}»`);
    const d = discharge.exec(plain);
    if (d) out.push(`${where}: «${d[0]}» (write «utskrivning»)`);
    return out;
  });
}

describe('Norwegian polish (issue 14)', function () {
  it('the chat texts (mustache templates and label files) are Norwegian with «» quotes', function () {
    const dir = path.join(root, 'src', 'presentation', 'texts', 'nb');
    const found: Found[] = [];
    for (const file of readdirSync(dir)) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      if (file.endsWith('.mustache'))
        found.push({ where: file, text: text.replace(/\{\{[^}]*\}\}/g, ' ') });
      else if (file === 'labels.yaml')
        for (const [k, v] of Object.entries(parseYaml(text) as Record<string, string>))
          found.push({ where: `${file}.${k}`, text: v });
      else found.push(...visibleStrings(parseYaml(text), file));
    }
    expect(found.length).to.be.greaterThan(100);
    expect(problems(found)).to.deep.equal([]);
  });

  it('the visible fields of the knowledge files are Norwegian with «» quotes', function () {
    const found = yamlFiles(path.join(root, 'knowledge')).flatMap((file) => {
      const name = path.relative(root, file);
      const data = parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown>;
      // Not shown to users: the acute-risk detector's concepts and rules (described for
      // developers), and the source register (document titles as their publishers wrote them).
      if (name === path.join('knowledge', 'sources.yaml')) return [];
      if (name === path.join('knowledge', 'safety.yaml')) {
        const shown = Object.fromEntries(
          Object.entries(data).filter(([k]) => k !== 'concepts' && k !== 'rules'),
        );
        return visibleStrings(shown, name);
      }
      return visibleStrings(data, name);
    });
    expect(found.length).to.be.greaterThan(500);
    expect(problems(found)).to.deep.equal([]);
  });

  it('every card the bot can send shows Norwegian text (FHIR resources excepted)', async function () {
    const found: Found[] = [];
    const collect = (node: unknown, where: string): void => {
      if (Array.isArray(node)) node.forEach((n) => collect(n, where));
      else if (typeof node === 'object' && node !== null) {
        const o = node as Record<string, unknown>;
        if (o.fontType === 'Monospace') return; // the FHIR resource's JSON
        // Sources are cited as their publishers wrote them (some are English).
        if (o.type === 'Action.ShowCard' && o.title === texts.labels.showSources) return;
        if (typeof o.text === 'string' && /^(- )?(Kilde: |\[\d+\] )/.test(o.text)) return;
        for (const k of ['text', 'title', 'label', 'errorMessage', 'placeholder'])
          if (typeof o[k] === 'string' && !(k === 'text' && 'msteams' in o))
            found.push({ where, text: o[k] });
        for (const [k, v] of Object.entries(o)) if (k !== 'data') collect(v, where);
      }
    };
    for (const c of cardCatalogue(await testKnowledge())) collect(c.card, c.name);
    expect(problems(found).slice(0, 20)).to.deep.equal([]);
  });
});
