/**
 * All user-facing Norwegian texts: mustache templates in texts/nb/*.mustache and the menu in
 * texts/nb/menu.yaml, loaded once and checked: every TextId has a template, every template is
 * used, and the menu is validated with zod. Rendering a template with a missing variable throws.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Mustache from 'mustache';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export const textIds = [
  'konsultasjon-acute',
  'short-reply',
  'welcome',
  'menu-prompt',
  'menu-again',
  'help-general',
  'help-flow',
  'cancelled',
  'nothing-to-cancel',
  'coming-soon',
  'unknown-input',
  'patient-id-warning',
  'error-apology',
  'state-conflict',
  'search-prompt',
  'search-intro',
  'search-no-hit',
  'flow-offer',
  'glossary-answer',
  'citation',
  'area-list',
  'item-not-found',
  'auditc-intro',
  'auditc-sex',
  'auditc-score',
  'auditc-cutoff',
  'auditc-follow-up',
  'auditc-summary',
  'auditc-fhir',
  'acute-routine',
  'safety-possible',
  'safety-not-acute',
  'safety-check-retry',
  'konsultasjon-title',
  'konsultasjon-summary',
  'konsultasjon-next',
  'konsultasjon-promise',
  'konsultasjon-hmn-under18',
  'konsultasjon-contact',
  'konsultasjon-under18',
  'konsultasjon-pregnant',
  'konsultasjon-children',
  'konsultasjon-mental',
  'konsultasjon-fhir',
  'checklist-title',
  'checklist-text',
  'card-stale',
] as const;
export type TextId = (typeof textIds)[number];

export const menuEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z]+$/),
    title: z.string().min(1),
    description: z.string().min(1),
    help: z.string().min(1),
    synonyms: z.array(z.string().min(1)),
    status: z.enum(['available', 'coming-soon']),
    /** A search answer offers this flow when a hit is in one of these areas or a phrase is asked. */
    offeredFor: z
      .object({
        areas: z.array(z.string().min(1)).default([]),
        phrases: z.array(z.string().min(2)).default([]),
      })
      .strict()
      .optional(),
  })
  .strict();
export type MenuEntry = z.infer<typeof menuEntrySchema> & { readonly number: number };

const menuFileSchema = z.object({ entries: z.array(menuEntrySchema).min(1) }).strict();

export const labelsSchema = z
  .object({
    readMore: z.string(),
    source: z.string(),
    whoseRule: z.string(),
    mandatory: z.string(),
    notMandatory: z.string(),
    related: z.string(),
    areas: z.string(),
    searchAgain: z.string(),
    menu: z.string(),
    caveat: z.string(),
    next: z.string(),
    recorded: z.string(),
    showSources: z.string(),
    showReasons: z.string(),
    showArea: z.string(),
    pickPlaceholder: z.string(),
    shortReplies: z.string(),
    pickError: z.string(),
    readShort: z.string(),
    otherModels: z.string(),
    otherModelsNote: z.string(),
    showFhir: z.string(),
    yourAnswers: z.string(),
    acuteYes: z.string(),
    acuteNo: z.string(),
    showAcuteRoutine: z.string(),
    sourcesAndRelated: z.string(),
    chooseSeveral: z.string(),
    chooseAtLeastOne: z.string(),
  })
  .strict();
export type Labels = z.infer<typeof labelsSchema>;

export interface Texts {
  render(id: TextId, view?: Record<string, unknown>): string;
  readonly menu: readonly MenuEntry[];
  readonly labels: Labels;
}

const defaultDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'texts', 'nb');

/** Names every `{{var}}` / `{{#section}}` a template uses at its top level. */
function topLevelNames(template: string): string[] {
  const tokens = Mustache.parse(template) as unknown[][];
  return tokens
    .filter((t) => ['name', '&', '#', '^'].includes(String(t[0])))
    .map((t) => String(t[1]));
}

export function loadTexts(dir: string = defaultDir): Texts {
  const files = readdirSync(dir).filter((f) => f.endsWith('.mustache'));
  const templates = new Map<string, string>();
  for (const file of files) {
    templates.set(path.basename(file, '.mustache'), readFileSync(path.join(dir, file), 'utf8'));
  }
  const missing = textIds.filter((id) => !templates.has(id));
  if (missing.length > 0)
    throw new Error(`Missing text templates in ${dir}: ${missing.join(', ')}`);
  const unknown = [...templates.keys()].filter((k) => !(textIds as readonly string[]).includes(k));
  if (unknown.length > 0) throw new Error(`Unused text templates in ${dir}: ${unknown.join(', ')}`);

  const menuParsed = menuFileSchema.safeParse(
    parseYaml(readFileSync(path.join(dir, 'menu.yaml'), 'utf8')),
  );
  if (!menuParsed.success) {
    const issue = menuParsed.error.issues[0];
    throw new Error(`${dir}/menu.yaml: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const menu = menuParsed.data.entries.map((e, i) => Object.freeze({ ...e, number: i + 1 }));
  const labels = labelsSchema.parse(parseYaml(readFileSync(path.join(dir, 'labels.yaml'), 'utf8')));

  return {
    menu,
    labels,
    render(id, view = {}) {
      const template = templates.get(id);
      if (template === undefined) throw new Error(`Unknown text template "${id}"`);
      for (const name of topLevelNames(template)) {
        if (!(name in view)) throw new Error(`Text template "${id}" needs "${name}"`);
      }
      // Chat text is Markdown, not HTML: do not HTML-escape values.
      return Mustache.render(template, view, {}, { escape: (v: string) => v }).trim();
    },
  };
}
