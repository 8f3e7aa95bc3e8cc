/**
 * A guided routine's checklist (SDK-free): a card with what was mapped (no names), every step with
 * its source, grouped under the routine's sections, and the same as plain text to copy.
 */
import type { ResolvedCitation } from '../domain/knowledge/citations.js';
import type { KnowledgeItem } from '../domain/knowledge/schema.js';
import { adaptiveCard, showItemAction, textBlock, type AdaptiveCard } from './cards/adaptive.js';
import { citationText } from './knowledge.js';
import type { Texts } from './texts.js';

export interface ChecklistStep {
  readonly item: KnowledgeItem;
  readonly sources: readonly ResolvedCitation[];
}

export interface ChecklistSection {
  readonly title: string | undefined;
  readonly steps: readonly ChecklistStep[];
}

/** One answer as it goes into the documentation: "Barnas alder: 6–12 år, 13–17 år". */
export interface ChecklistAnswer {
  readonly record: string;
  readonly answer: string;
}

export function checklistCard(
  texts: Texts,
  title: string,
  situation: string | undefined,
  recorded: readonly ChecklistAnswer[],
  sections: readonly ChecklistSection[],
): AdaptiveCard {
  let n = 0;
  const stepBlocks = (s: ChecklistStep): Record<string, unknown>[] => [
    textBlock(`**${++n}. ${s.item.title}**`, { spacing: 'Medium' }),
    textBlock(s.item.summary, { spacing: 'None' }),
    ...(s.item.caveat
      ? [textBlock(`⚠️ ${s.item.caveat}`, { color: 'Warning', spacing: 'None', size: 'Small' })]
      : []),
    ...s.sources.map((c) =>
      textBlock(`${texts.labels.source}: ${citationText(texts, c)}`, {
        isSubtle: true,
        size: 'Small',
        spacing: 'None',
      }),
    ),
  ];
  const all = sections.flatMap((sec) => sec.steps);
  return adaptiveCard(
    [
      textBlock(texts.render('checklist-title', { title, situation }), {
        weight: 'Bolder',
        size: 'Medium',
      }),
      ...(recorded.length > 0
        ? [
            textBlock(`${texts.labels.recorded}:`, { weight: 'Bolder', spacing: 'Medium' }),
            ...recorded.map((r) => textBlock(`- ${r.record}: ${r.answer}`, { spacing: 'None' })),
          ]
        : []),
      ...sections.flatMap((sec) => [
        ...(sec.title
          ? [textBlock(sec.title, { weight: 'Bolder', size: 'Medium', spacing: 'Large' })]
          : []),
        ...sec.steps.flatMap(stepBlocks),
      ]),
    ],
    all
      .slice(0, 5)
      .map((s) =>
        showItemAction(s.item.id, s.item.title, `${texts.labels.readMore}: ${s.item.title}`),
      ),
  );
}

/** Plain text to paste into one's own documentation: what was mapped, then one line per step. */
export function checklistText(
  texts: Texts,
  title: string,
  situation: string | undefined,
  recorded: readonly ChecklistAnswer[],
  sections: readonly ChecklistSection[],
): string {
  return texts.render('checklist-text', {
    title,
    situation,
    recordedHeading: texts.labels.recorded,
    hasRecorded: recorded.length > 0,
    recorded,
    sections: sections.map((sec) => ({
      title: sec.title,
      steps: sec.steps.map((s) => ({
        title: s.item.title,
        source: s.sources[0] ? citationText(texts, s.sources[0]) : '',
      })),
    })),
  });
}
