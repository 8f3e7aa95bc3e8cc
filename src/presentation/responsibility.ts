/**
 * Texts and cards for "Hvem har ansvaret?" (SDK-free): the questions (texts/nb/responsibility.yaml),
 * recognising a typed or clicked answer, and the answer card with reasons, sources and caveats.
 */
import { z } from 'zod';
import type { ResolvedDecision } from '../domain/knowledge/service.js';
import type { KnowledgeItem } from '../domain/knowledge/schema.js';
import { units, type Unit } from '../domain/responsibility/facts.js';
import { questionOrder, type Question } from '../domain/responsibility/questions.js';
import { numberedSources } from './knowledge.js';
import { questionSchema, withSiblingTopics } from './questions.js';
import type { Texts } from './texts.js';
import { loadYamlTexts } from './yamlTexts.js';
import {
  adaptiveCard,
  showCardAction,
  textBlock,
  showItemAction,
  submitData,
  type AdaptiveCard,
} from './cards/adaptive.js';

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
        nextStep: z.string(),
        collaborate: z.string(),
        caveats: z.string(),
        restart: z.string(),
        read: z.string(),
        retry: z.string(),
      })
      .strict(),
  })
  .strict();
export type ResponsibilityTexts = z.infer<typeof fileSchema>;

export function loadResponsibilityTexts(): ResponsibilityTexts {
  const parsed = loadYamlTexts('responsibility', fileSchema).file;
  return { ...parsed, questions: withSiblingTopics(parsed.questions) };
}

/**
 * The decision as a ward reads it: the unit, whom to involve, the next step and what calls for
 * action now; the reasons (with the other caveats) and every source once are one click away.
 */
export function decisionCard(
  texts: Texts,
  rt: ResponsibilityTexts,
  d: ResolvedDecision,
  items: readonly KnowledgeItem[],
  restartText: string,
): AdaptiveCard {
  const { refs, blocks } = numberedSources(
    texts,
    d.reasons.map((r) => r.sources),
  );
  const otherCaveats = d.caveats.filter((c) => !d.urgentCaveats.includes(c));
  return adaptiveCard(
    [
      textBlock(rt.labels.mainResponsibility, { isSubtle: true, size: 'Small' }),
      textBlock(rt.units[d.unit], {
        weight: 'Bolder',
        size: 'Large',
        color: d.unit === 'UAVKLART' ? 'Warning' : 'Accent',
        spacing: 'None',
      }),
      ...(d.collaborate.length > 0
        ? [
            textBlock(
              `**${rt.labels.collaborate}:** ${d.collaborate.map((u) => rt.units[u]).join(', ')}`,
            ),
          ]
        : []),
      ...(d.nextStep ? [textBlock(`**${rt.labels.nextStep}:** ${d.nextStep}`)] : []),
      ...d.urgentCaveats.map((c) =>
        textBlock(`⚠️ **${c}**`, { color: 'Attention', spacing: 'Medium' }),
      ),
    ],
    [
      showCardAction(texts.labels.showReasons, [
        ...d.reasons.map((r, i) =>
          textBlock(`- ${r.text}${refs[i] ?? ''}`, { spacing: i === 0 ? 'None' : 'Small' }),
        ),
        ...(otherCaveats.length > 0
          ? [
              textBlock(`⚠️ **${rt.labels.caveats}:**`, { color: 'Warning', spacing: 'Medium' }),
              ...otherCaveats.map((c) =>
                textBlock(`- ${c}`, { color: 'Warning', spacing: 'Small' }),
              ),
            ]
          : []),
      ]),
      showCardAction(texts.labels.showSources, blocks),
      { type: 'Action.Submit', title: rt.labels.restart, data: submitData(restartText) },
      ...items
        .slice(0, 2)
        .map((item) => showItemAction(item.id, item.title, `${rt.labels.read}: ${item.title}`)),
    ],
  );
}
