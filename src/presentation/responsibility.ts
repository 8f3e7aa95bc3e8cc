/**
 * Texts and cards for "Hvem har ansvaret?" (SDK-free): the questions (texts/nb/responsibility.yaml),
 * recognising a typed or clicked answer, and the answer card with reasons, sources and caveats.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { ResolvedDecision } from '../domain/knowledge/service.js';
import type { KnowledgeItem } from '../domain/knowledge/schema.js';
import { units, type Facts, type Unit } from '../domain/responsibility/facts.js';
import { questionOrder, type Question } from '../domain/responsibility/questions.js';
import type { AdaptiveCard } from './cards/menu.js';
import { submitData } from './cards/menu.js';
import { citationText } from './knowledge.js';
import type { Texts } from './texts.js';

const optionSchema = z
  .object({
    value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
    label: z.string().min(1),
    synonyms: z.array(z.string()).default([]),
  })
  .strict();
const questionSchema = z
  .object({
    prompt: z.string().min(5),
    acceptsAge: z.boolean().default(false),
    options: z.array(optionSchema).min(2),
  })
  .strict();
const fileSchema = z
  .object({
    questions: z
      .object(
        Object.fromEntries(questionOrder.map((q) => [q, questionSchema])) as Record<
          Question,
          typeof questionSchema
        >,
      )
      .strict(),
    units: z
      .object(Object.fromEntries(units.map((u) => [u, z.string()])) as Record<Unit, z.ZodString>)
      .strict(),
    labels: z
      .object({
        mainResponsibility: z.string(),
        collaborate: z.string(),
        why: z.string(),
        caveats: z.string(),
        restart: z.string(),
        read: z.string(),
        retry: z.string(),
      })
      .strict(),
  })
  .strict();
export type ResponsibilityTexts = z.infer<typeof fileSchema>;
export type QuestionText = ResponsibilityTexts['questions'][Question];

const file = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'texts',
  'nb',
  'responsibility.yaml',
);

export function loadResponsibilityTexts(): ResponsibilityTexts {
  return fileSchema.parse(parseYaml(readFileSync(file, 'utf8')));
}

function norm(text: string): string {
  return text
    .toLocaleLowerCase('nb-NO')
    .replace(/^[\s"'«»!.,:;?]+|[\s"'«»!.,:;?]+$/g, '')
    .replace(/\s+/g, ' ');
}

/**
 * The value chosen by a typed or clicked answer, or `{ none: true }` when not understood.
 * Accepts the label, a synonym, the option's number, and (for the age) an age in years.
 */
export function recognizeAnswer(
  q: QuestionText,
  text: string,
): { value: unknown } | { none: true } {
  const said = norm(text);
  if (q.acceptsAge && /^\d{1,3}( år)?$/.test(said)) {
    const age = Number.parseInt(said, 10);
    if (age <= 120) return { value: age };
  }
  const found = q.options.find(
    (o, i) =>
      [o.label, ...o.synonyms].some((s) => norm(s) === said) ||
      (!q.acceptsAge && said === String(i + 1)),
  );
  return found ? { value: found.value } : { none: true };
}

export function questionCard(q: QuestionText): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    lang: 'nb-NO',
    body: [{ type: 'TextBlock', text: q.prompt, wrap: true }],
    actions: q.options.map((o) => ({
      type: 'Action.Submit',
      title: o.label,
      data: submitData(o.label),
    })),
  };
}

export function decisionCard(
  texts: Texts,
  rt: ResponsibilityTexts,
  d: ResolvedDecision,
  items: readonly KnowledgeItem[],
  restartText: string,
): AdaptiveCard {
  const block = (text: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    type: 'TextBlock',
    text,
    wrap: true,
    ...extra,
  });
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    lang: 'nb-NO',
    body: [
      block(rt.labels.mainResponsibility, { isSubtle: true, size: 'Small' }),
      block(rt.units[d.unit], {
        weight: 'Bolder',
        size: 'Large',
        color: d.unit === 'UAVKLART' ? 'Warning' : 'Accent',
      }),
      ...(d.collaborate.length > 0
        ? [
            block(
              `**${rt.labels.collaborate}:** ${d.collaborate.map((u) => rt.units[u]).join(', ')}`,
            ),
          ]
        : []),
      block(`**${rt.labels.why}:**`, { spacing: 'Medium' }),
      ...d.reasons.flatMap((r) => [
        block(`- ${r.text}`, { spacing: 'Small' }),
        ...r.sources.map((s) =>
          block(`${texts.labels.source}: ${citationText(texts, s)}`, {
            isSubtle: true,
            size: 'Small',
            spacing: 'None',
          }),
        ),
      ]),
      ...(d.caveats.length > 0
        ? [
            block(`⚠️ **${rt.labels.caveats}:**`, { color: 'Warning', spacing: 'Medium' }),
            ...d.caveats.map((c) => block(`- ${c}`, { color: 'Warning', spacing: 'Small' })),
          ]
        : []),
    ],
    actions: [
      { type: 'Action.Submit', title: rt.labels.restart, data: submitData(restartText) },
      ...items.slice(0, 3).map((item) => ({
        type: 'Action.Submit',
        title: `${rt.labels.read}: ${item.title}`,
        data: {
          action: 'showItem',
          id: item.id,
          text: item.title,
          msteams: {
            type: 'messageBack',
            displayText: item.title,
            text: item.title,
            value: { action: 'showItem', id: item.id },
          },
        },
      })),
    ],
  };
}

export type KnownFacts = Partial<Record<keyof Facts, unknown>>;
