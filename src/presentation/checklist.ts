/**
 * A guided routine's checklist (SDK-free): a card with what was mapped (no names), every step with
 * its source, grouped under the routine's sections, and the same as plain text to copy.
 */
import type { ResolvedCitation } from '../domain/knowledge/citations.js';
import type { KnowledgeItem } from '../domain/knowledge/schema.js';
import type { KnowledgeService } from '../domain/knowledge/service.js';
import {
  alerts,
  checklist,
  type Answers,
  type Procedure,
  type ProcedureQuestion,
} from '../domain/procedures/schema.js';
import { adaptiveCard, showItemAction, textBlock, type AdaptiveCard } from './cards/adaptive.js';
import { citationLines, citationText } from './knowledge.js';
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

/** A notice the answers call for, with the source of the item it rests on. */
export interface ChecklistAlert {
  readonly text: string;
  readonly source: ResolvedCitation | undefined;
}

export interface ChecklistView {
  readonly title: string;
  /** the answer shown in the heading ("Utskrivning"), if any */
  readonly situation: string | undefined;
  readonly alerts: readonly ChecklistAlert[];
  readonly recorded: readonly ChecklistAnswer[];
  readonly sections: readonly ChecklistSection[];
}

/** The checklist for a routine's answers: notices, what was mapped, and the sourced steps. */
export function checklistView(
  procedure: Procedure,
  answers: Answers,
  knowledge: Pick<KnowledgeService, 'item' | 'sourcesOf'>,
): ChecklistView {
  const answerLabels = (q: ProcedureQuestion): string =>
    (answers[q.id] ?? []).map((v) => q.options.find((o) => o.value === v)?.label ?? v).join(', ');
  const step = (id: string): ChecklistStep[] => {
    const item = knowledge.item(id);
    return item ? [{ item, sources: knowledge.sourcesOf(item) }] : [];
  };
  const asked = procedure.questions.filter((q) => answers[q.id] !== undefined);
  return {
    title: procedure.title,
    situation: asked.filter((q) => q.inTitle).map(answerLabels)[0],
    alerts: alerts(procedure, answers).map((a) => ({
      text: a.text,
      source: step(a.item)[0]?.sources[0],
    })),
    recorded: asked
      .filter((q) => !q.inTitle)
      .map((q) => ({ record: q.record, answer: answerLabels(q) })),
    sections: checklist(procedure, answers).map((g) => ({
      title: g.title,
      steps: g.items.flatMap(step),
    })),
  };
}

export function checklistCard(texts: Texts, view: ChecklistView): AdaptiveCard {
  const { title, situation, alerts, recorded, sections } = view;
  let n = 0;
  const stepBlocks = (s: ChecklistStep): Record<string, unknown>[] => [
    textBlock(`**${++n}. ${s.item.title}**`, { spacing: 'Medium' }),
    textBlock(s.item.summary, { spacing: 'None' }),
    ...(s.item.caveat
      ? [textBlock(`⚠️ ${s.item.caveat}`, { color: 'Warning', spacing: 'None', size: 'Small' })]
      : []),
    ...citationLines(texts, s.sources).map((citation) =>
      textBlock(`${texts.labels.source}: ${citation}`, {
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
      ...alerts.flatMap((a) => [
        textBlock(`⚠️ **${a.text}**`, { color: 'Attention', spacing: 'Medium' }),
        ...(a.source
          ? [
              textBlock(`${texts.labels.source}: ${citationText(texts, a.source)}`, {
                isSubtle: true,
                size: 'Small',
                spacing: 'None',
              }),
            ]
          : []),
      ]),
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
export function checklistText(texts: Texts, view: ChecklistView): string {
  const { title, situation, alerts, recorded, sections } = view;
  return texts.render('checklist-text', {
    title,
    situation,
    alerts: alerts.map((a) => ({
      text: a.text,
      source: a.source ? citationText(texts, a.source) : '',
    })),
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
