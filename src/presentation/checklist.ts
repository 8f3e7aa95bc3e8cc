/** A guided routine's checklist (SDK-free): a card with every step and its source, and copyable text. */
import type { ResolvedCitation } from '../domain/knowledge/citations.js';
import type { KnowledgeItem } from '../domain/knowledge/schema.js';
import { adaptiveCard, showItemAction, textBlock, type AdaptiveCard } from './cards/adaptive.js';
import { citationText } from './knowledge.js';
import type { Texts } from './texts.js';

export interface ChecklistStep {
  readonly item: KnowledgeItem;
  readonly sources: readonly ResolvedCitation[];
}

export function checklistCard(
  texts: Texts,
  title: string,
  situation: string,
  steps: readonly ChecklistStep[],
): AdaptiveCard {
  return adaptiveCard(
    [
      textBlock(texts.render('checklist-title', { title, situation }), {
        weight: 'Bolder',
        size: 'Medium',
      }),
      ...steps.flatMap((s, i) => [
        textBlock(`**${i + 1}. ${s.item.title}**`, { spacing: 'Medium' }),
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
      ]),
    ],
    steps
      .slice(0, 5)
      .map((s) =>
        showItemAction(s.item.id, s.item.title, `${texts.labels.readMore}: ${s.item.title}`),
      ),
  );
}

/** Plain text to paste into one's own documentation: one line per step, with its source. */
export function checklistText(
  texts: Texts,
  title: string,
  situation: string,
  steps: readonly ChecklistStep[],
): string {
  return texts.render('checklist-text', {
    title,
    situation,
    steps: steps.map((s) => ({
      title: s.item.title,
      source: s.sources[0] ? citationText(texts, s.sources[0]) : '',
    })),
  });
}
