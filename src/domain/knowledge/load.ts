/**
 * Loads and validates knowledge/. Any problem stops start-up with a KnowledgeError that names the
 * file and the field (dot-path), e.g. `knowledge/sources.yaml: sources[2].authority: ...`.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { auditcFileSchema, type AuditcConfig } from '../auditc/schema.js';
import { directoryFileSchema, type Directory } from '../konsultasjon/directory.js';
import { checkSafetyConfig, SafetyConfigError } from '../safety/acuteRisk.js';
import { safetyFileSchema, type SafetyConfig } from '../safety/schema.js';
import { procedureSchema, type Procedure } from '../procedures/schema.js';
import { learningModuleSchema, type LearningModule } from '../learning/schema.js';
import { responsibilityFileSchema, type ResponsibilityTable } from '../responsibility/table.js';
import {
  areas,
  glossaryFileSchema,
  itemsFileSchema,
  lexiconFileSchema,
  sourcesFileSchema,
  type Area,
  type Citation,
  type GlossaryEntry,
  type KnowledgeItem,
  type Lexicon,
  type Source,
} from './schema.js';

export class KnowledgeError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'KnowledgeError';
  }
}

export interface KnowledgeBase {
  /** The decision table for "Hvem har ansvaret?" (knowledge/responsibility.yaml); required by the bot. */
  readonly responsibility: ResponsibilityTable | undefined;
  /** AUDIT-C questions, cut-offs and follow-up (knowledge/auditc.yaml); required by the bot. */
  readonly auditc: AuditcConfig | undefined;
  /** The health trust's units for TSB konsultasjon (knowledge/local/<org>/directory.yaml). */
  readonly directory: Directory | undefined;
  /** Acute-risk concepts, rules and the acute routine (knowledge/safety.yaml); required by the bot. */
  readonly safety: SafetyConfig | undefined;
  /** Learning modules for new employees (knowledge/learning/*.yaml), in their order. */
  readonly learning: readonly LearningModule[];
  /** Guided routines (knowledge/procedures/*.yaml), by menu entry id. */
  readonly procedures: ReadonlyMap<string, Procedure>;
  readonly sources: ReadonlyMap<string, Source>;
  readonly items: readonly KnowledgeItem[];
  readonly itemsById: ReadonlyMap<string, KnowledgeItem>;
  readonly glossary: readonly GlossaryEntry[];
  readonly lexicon: Lexicon;
  /** A fingerprint of the loaded content (12 hex digits): /readyz, completion records. */
  readonly version: string;
}

function dotPath(pathParts: readonly PropertyKey[]): string {
  return pathParts
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

async function readYaml(file: string, label: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new KnowledgeError(`${label}: cannot read file (${(err as Error).message})`, label);
  }
  try {
    return parseYaml(text, { prettyErrors: true });
  } catch (err) {
    throw new KnowledgeError(`${label}: invalid YAML: ${(err as Error).message}`, label);
  }
}

function validate<S extends z.ZodType>(schema: S, data: unknown, label: string): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) {
    const first = result.error.issues[0];
    const field = first ? dotPath(first.path) : '';
    const lines = result.error.issues.map((i) => `  ${dotPath(i.path) || '(root)'}: ${i.message}`);
    throw new KnowledgeError(`${label}: invalid content:\n${lines.join('\n')}`, label, field);
  }
  return result.data;
}

async function optionalYaml(file: string, label: string): Promise<unknown> {
  try {
    await readFile(file);
  } catch {
    return undefined;
  }
  return readYaml(file, label);
}

function checkCitations(
  citations: readonly Citation[],
  sources: ReadonlyMap<string, Source>,
  label: string,
  at: string,
): void {
  citations.forEach((c, i) => {
    if (!sources.has(c.source)) {
      throw new KnowledgeError(
        `${label}: ${at}.sources[${i}].source: unknown source "${c.source}" (not in sources.yaml)`,
        label,
        `${at}.sources[${i}].source`,
      );
    }
  });
}

export interface LoadOptions {
  /**
   * The health trust (ORG): its local directory knowledge/local/<org>/directory.yaml is then
   * required. Without it the shipped example (knowledge/local/eksempel/) is used if present.
   */
  readonly org?: string;
}

/** The example directory used when no ORG is set. */
export const EXAMPLE_ORG = 'eksempel';

export async function loadKnowledge(
  dir: string,
  options: LoadOptions = {},
): Promise<KnowledgeBase> {
  const label = (name: string): string => path.posix.join(path.basename(dir), name);
  const sourcesLabel = label('sources.yaml');
  const sourcesFile = validate(
    sourcesFileSchema,
    await readYaml(path.join(dir, 'sources.yaml'), sourcesLabel),
    sourcesLabel,
  );
  const sources = new Map<string, Source>();
  sourcesFile.sources.forEach((source, index) => {
    if (sources.has(source.id)) {
      throw new KnowledgeError(
        `${sourcesLabel}: sources[${index}].id: duplicate id "${source.id}"`,
        sourcesLabel,
        `sources[${index}].id`,
      );
    }
    sources.set(source.id, source);
  });

  // The health trust's own routines (knowledge/local/<org>/sources.yaml and items/): their
  // sources are all `local-routine`, and each local item cites one first.
  const org = options.org ?? EXAMPLE_ORG;
  const localDir = path.join(dir, 'local', org);
  const localSourcesLabel = label(`local/${org}/sources.yaml`);
  const localSourcesData = await optionalYaml(
    path.join(localDir, 'sources.yaml'),
    localSourcesLabel,
  );
  if (localSourcesData !== undefined) {
    validate(sourcesFileSchema, localSourcesData, localSourcesLabel).sources.forEach(
      (source, index) => {
        const field = `sources[${index}]`;
        if (source.authority !== 'local-routine') {
          throw new KnowledgeError(
            `${localSourcesLabel}: ${field}.authority: a local source must be "local-routine"`,
            localSourcesLabel,
            `${field}.authority`,
          );
        }
        if (sources.has(source.id)) {
          throw new KnowledgeError(
            `${localSourcesLabel}: ${field}.id: duplicate id "${source.id}"`,
            localSourcesLabel,
            `${field}.id`,
          );
        }
        sources.set(source.id, source);
      },
    );
  }

  // Rule items: knowledge/items/*.yaml, each `items: [...]`, then the local ones.
  const items: KnowledgeItem[] = [];
  const itemsById = new Map<string, KnowledgeItem>();
  const itemFiles = new Map<string, string>();
  const itemDirs = [
    { at: path.join(dir, 'items'), prefix: 'items', local: false },
    { at: path.join(localDir, 'items'), prefix: `local/${org}/items`, local: true },
  ];
  for (const itemDir of itemDirs) {
    const files = (await readdir(itemDir.at).catch(() => [] as string[]))
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    for (const file of files) {
      const fileLabel = label(`${itemDir.prefix}/${file}`);
      const parsed = validate(
        itemsFileSchema,
        await readYaml(path.join(itemDir.at, file), fileLabel),
        fileLabel,
      );
      parsed.items.forEach((item, index) => {
        const at = `items[${index}] (${item.id})`;
        const previous = itemFiles.get(item.id);
        if (previous !== undefined) {
          throw new KnowledgeError(
            `${fileLabel}: ${at}.id: duplicate id "${item.id}" (also in ${previous})`,
            fileLabel,
            `items[${index}].id`,
          );
        }
        checkCitations(item.sources, sources, fileLabel, at);
        const first = item.sources[0] && sources.get(item.sources[0].source);
        if (itemDir.local && first?.authority !== 'local-routine') {
          throw new KnowledgeError(
            `${fileLabel}: ${at}.sources[0].source: a local routine must cite a local-routine source first`,
            fileLabel,
            `items[${index}].sources[0].source`,
          );
        }
        itemFiles.set(item.id, fileLabel);
        itemsById.set(item.id, item);
        items.push(item);
      });
    }
  }
  for (const item of items) {
    for (const [i, rel] of (item.related ?? []).entries()) {
      if (!itemsById.has(rel)) {
        const fileLabel = itemFiles.get(item.id) ?? '';
        throw new KnowledgeError(
          `${fileLabel}: item ${item.id}: related[${i}]: unknown item "${rel}"`,
          fileLabel,
          `related[${i}]`,
        );
      }
    }
  }

  const glossaryLabel = label('glossary.yaml');
  const glossaryData = await optionalYaml(path.join(dir, 'glossary.yaml'), glossaryLabel);
  const glossary =
    glossaryData === undefined
      ? []
      : validate(glossaryFileSchema, glossaryData, glossaryLabel).entries;
  const seenAbbr = new Set<string>();
  glossary.forEach((entry, index) => {
    const key = entry.abbr.toLowerCase();
    if (seenAbbr.has(key)) {
      throw new KnowledgeError(
        `${glossaryLabel}: entries[${index}].abbr: duplicate abbreviation "${entry.abbr}"`,
        glossaryLabel,
        `entries[${index}].abbr`,
      );
    }
    seenAbbr.add(key);
    checkCitations(entry.sources, sources, glossaryLabel, `entries[${index}] (${entry.abbr})`);
  });

  const lexiconLabel = label('lexicon.yaml');
  const lexiconData = await optionalYaml(path.join(dir, 'lexicon.yaml'), lexiconLabel);
  const lexicon: Lexicon =
    lexiconData === undefined
      ? { synonyms: [], stopWords: [] }
      : validate(lexiconFileSchema, lexiconData, lexiconLabel);

  const respLabel = label('responsibility.yaml');
  const respData = await optionalYaml(path.join(dir, 'responsibility.yaml'), respLabel);
  const responsibility: ResponsibilityTable | undefined =
    respData === undefined ? undefined : validate(responsibilityFileSchema, respData, respLabel);
  const seenRules = new Set<string>();
  [...(responsibility?.rules ?? []), ...(responsibility?.notes ?? [])].forEach((rule) => {
    if (seenRules.has(rule.id)) {
      throw new KnowledgeError(`${respLabel}: ${rule.id}: duplicate rule id`, respLabel, rule.id);
    }
    seenRules.add(rule.id);
    rule.reasons.forEach((r, i) =>
      checkCitations(r.sources, sources, respLabel, `${rule.id}.reasons[${i}]`),
    );
    rule.items.forEach((id, i) => {
      if (!itemsById.has(id)) {
        throw new KnowledgeError(
          `${respLabel}: ${rule.id}.items[${i}]: unknown item "${id}"`,
          respLabel,
          `${rule.id}.items[${i}]`,
        );
      }
    });
  });

  const auditcLabel = label('auditc.yaml');
  const auditcData = await optionalYaml(path.join(dir, 'auditc.yaml'), auditcLabel);
  const auditc =
    auditcData === undefined ? undefined : validate(auditcFileSchema, auditcData, auditcLabel);
  if (auditc) {
    checkCitations(auditc.wording.sources, sources, auditcLabel, 'wording');
    checkCitations(auditc.cutoffs.sources, sources, auditcLabel, 'cutoffs');
    for (const kind of ['positive', 'negative'] as const) {
      auditc.followUp[kind].forEach((f, i) => {
        const at = `followUp.${kind}[${i}]`;
        checkCitations(f.sources, sources, auditcLabel, at);
        for (const id of f.items) {
          if (!itemsById.has(id)) {
            throw new KnowledgeError(
              `${auditcLabel}: ${at}.items: unknown item "${id}"`,
              auditcLabel,
              `${at}.items`,
            );
          }
        }
      });
    }
  }

  const directoryLabel = label(`local/${org}/directory.yaml`);
  const directoryFile = path.join(dir, 'local', org, 'directory.yaml');
  const directoryData = options.org
    ? await readYaml(directoryFile, directoryLabel)
    : await optionalYaml(directoryFile, directoryLabel);
  const directory =
    directoryData === undefined
      ? undefined
      : validate(directoryFileSchema, directoryData, directoryLabel);
  if (directory && directory.org !== org) {
    throw new KnowledgeError(
      `${directoryLabel}: org: "${directory.org}" does not match its folder "${org}"`,
      directoryLabel,
      'org',
    );
  }

  const safetyLabel = label('safety.yaml');
  const safetyData = await optionalYaml(path.join(dir, 'safety.yaml'), safetyLabel);
  const safety =
    safetyData === undefined ? undefined : validate(safetyFileSchema, safetyData, safetyLabel);
  if (safety) {
    safety.actions.forEach((a, i) =>
      checkCitations(a.sources, sources, safetyLabel, `actions[${i}] (${a.id})`),
    );
    safety.possible.lines.forEach((line, i) => {
      if (!safety.actions.some((a) => a.id === line.action)) {
        const field = `possible.lines[${i}].action`;
        throw new KnowledgeError(
          `${safetyLabel}: ${field}: unknown action "${line.action}"`,
          safetyLabel,
          field,
        );
      }
    });
    try {
      // What the schema cannot check: rule concepts, phrases, ids.
      checkSafetyConfig(safety);
    } catch (err) {
      if (!(err instanceof SafetyConfigError)) throw err;
      throw new KnowledgeError(`${safetyLabel}: ${err.message}`, safetyLabel, err.field);
    }
  }
  safety?.routine.items.forEach((id, i) => {
    if (!itemsById.has(id)) {
      throw new KnowledgeError(
        `${safetyLabel}: routine.items[${i}]: unknown item "${id}"`,
        safetyLabel,
        `routine.items[${i}]`,
      );
    }
  });

  const procedures = new Map<string, Procedure>();
  const procDir = path.join(dir, 'procedures');
  for (const file of (await readdir(procDir).catch(() => [] as string[]))
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const procLabel = label(`procedures/${file}`);
    const proc = validate(
      procedureSchema,
      await readYaml(path.join(procDir, file), procLabel),
      procLabel,
    );
    proc.steps.forEach((step, i) => {
      if (!itemsById.has(step.item)) {
        throw new KnowledgeError(
          `${procLabel}: steps[${i}].item: unknown item "${step.item}"`,
          procLabel,
          `steps[${i}].item`,
        );
      }
    });
    procedures.set(proc.id, proc);
  }

  // Learning modules: every lesson and question rests on known items, and nothing is taught as a
  // Helse Sør-Øst requirement unless one of its items cites one.
  const learning: LearningModule[] = [];
  const learnDir = path.join(dir, 'learning');
  for (const file of (await readdir(learnDir).catch(() => [] as string[]))
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const learnLabel = label(`learning/${file}`);
    const module = validate(
      learningModuleSchema,
      await readYaml(path.join(learnDir, file), learnLabel),
      learnLabel,
    );
    if (learning.some((m) => m.id === module.id)) {
      throw new KnowledgeError(
        `${learnLabel}: id: duplicate module id "${module.id}"`,
        learnLabel,
        'id',
      );
    }
    const parts = [
      ...module.lessons.map((l, i) => ({
        at: `lessons[${i}]`,
        items: l.items,
        text: [l.title, l.text].join(' '),
      })),
      ...module.questions.map((q, i) => ({
        at: `questions[${i}]`,
        items: q.items,
        text: [q.case ?? '', q.prompt, q.feedback, ...q.options.map((o) => o.text)].join(' '),
      })),
    ];
    for (const part of parts) {
      part.items.forEach((id, j) => {
        if (!itemsById.has(id)) {
          throw new KnowledgeError(
            `${learnLabel}: ${part.at}.items[${j}]: unknown item "${id}"`,
            learnLabel,
            `${part.at}.items[${j}]`,
          );
        }
      });
      const claimsRequirement = /krav i Helse Sør-Øst|Helse Sør-Øst krever/i.test(part.text);
      const restsOnRequirement = part.items.some((id) =>
        itemsById
          .get(id)
          ?.sources.some((c) => sources.get(c.source)?.authority === 'regional-requirement'),
      );
      if (claimsRequirement && !restsOnRequirement) {
        throw new KnowledgeError(
          `${learnLabel}: ${part.at}: says it is a Helse Sør-Øst requirement, but none of its items cites one`,
          learnLabel,
          part.at,
        );
      }
    }
    learning.push(module);
  }
  learning.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));

  // What was loaded, not how much: any change to a rule, source, routine or question gives
  // another version, so a completion record says which content was passed.
  const version = createHash('sha256')
    .update(
      JSON.stringify([
        [...sources.values()],
        items,
        glossary,
        responsibility ?? null,
        auditc ?? null,
        [...procedures.values()],
        learning,
        safety ?? null,
        directory ?? null,
      ]),
    )
    .digest('hex')
    .slice(0, 12);
  return {
    sources,
    items,
    itemsById,
    glossary,
    lexicon,
    responsibility,
    auditc,
    directory,
    safety,
    procedures,
    learning,
    version,
  };
}

/** Areas with no item (primary or also-area). `npm run kb:check` fails when any is missing. */
export function uncoveredAreas(kb: Pick<KnowledgeBase, 'items'>): Area[] {
  const covered = new Set<Area>();
  for (const item of kb.items) {
    covered.add(item.area);
    for (const a of item.alsoAreas ?? []) covered.add(a);
  }
  return areas.filter((a) => !covered.has(a));
}
