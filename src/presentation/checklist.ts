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
import {
  adaptiveCard,
  numbered,
  showCardAction,
  smallText,
  textBlock,
  type AdaptiveCard,
} from './cards/adaptive.js';
import { citationLines, citationText, numberedSources, onlyOtherModels } from './knowledge.js';
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
  /** steps with at least one current source that is not another region's model or a draft */
  readonly sections: readonly ChecklistSection[];
  /** steps resting only on another region's model, an expired plan or a draft */
  readonly otherSteps: readonly ChecklistStep[];
}

/** True when every source of a step is another region's model, expired, or a draft. */
export function isOtherModel(step: ChecklistStep): boolean {
  return onlyOtherModels(step.sources);
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
  const groups = checklist(procedure, answers).map((g) => ({
    title: g.title,
    steps: g.items.flatMap(step),
  }));
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
    sections: groups
      .map((g) => ({ title: g.title, steps: g.steps.filter((st) => !isOtherModel(st)) }))
      .filter((g) => g.steps.length > 0),
    otherSteps: groups.flatMap((g) => g.steps.filter(isOtherModel)),
  };
}

/**
 * The checklist as a ward reads it: notices first, then the numbered steps by section (titles
 * only); what each step means, what was answered, every source once, and steps from other
 * regions' models or drafts are one click away.
 */
export function checklistCard(texts: Texts, view: ChecklistView): AdaptiveCard {
  const { title, situation, alerts, recorded, sections, otherSteps } = view;
  const main = sections.flatMap((sec) => sec.steps);
  const number = new Map(main.map((st, i) => [st.item.id, i + 1]));
  const { refs, blocks } = numberedSources(texts, [
    ...alerts.map((a) => (a.source ? [a.source] : [])),
    ...main.map((st) => st.sources),
  ]);
  const ref = (st: ChecklistStep): string => refs[alerts.length + main.indexOf(st)] ?? '';
  const stepDetails = (st: ChecklistStep, label: string): unknown[] => [
    textBlock(`**${label}${st.item.title}**${main.includes(st) ? ref(st) : ''}`, {
      spacing: 'Medium',
    }),
    textBlock(st.item.summary, { spacing: 'None' }),
    ...(st.item.caveat
      ? [textBlock(`⚠️ ${st.item.caveat}`, { color: 'Warning', spacing: 'None', size: 'Small' })]
      : []),
  ];
  return adaptiveCard(
    [
      textBlock(texts.render('checklist-title', { title, situation }), {
        weight: 'Bolder',
        size: 'Medium',
      }),
      ...alerts.map((a) =>
        textBlock(`⚠️ **${a.text}**`, { color: 'Attention', spacing: 'Medium' }),
      ),
      ...sections.flatMap((sec) => [
        ...(sec.title ? [textBlock(`**${sec.title}**`, { spacing: 'Medium' })] : []),
        ...sec.steps.map((st) =>
          textBlock(numbered(number.get(st.item.id) ?? 0, st.item.title), { spacing: 'Small' }),
        ),
      ]),
    ],
    [
      showCardAction(texts.labels.showReasons, [
        ...(recorded.length > 0
          ? [
              textBlock(
                `**${texts.labels.yourAnswers}:** ${recorded.map((r) => `${r.record}: ${r.answer}`).join(' · ')}`,
                {
                  size: 'Small',
                },
              ),
            ]
          : []),
        ...main.flatMap((st) => stepDetails(st, `${number.get(st.item.id)}. `)),
      ]),
      showCardAction(texts.labels.showSources, blocks),
      ...(otherSteps.length > 0
        ? [
            showCardAction(`${texts.labels.otherModels} (${otherSteps.length})`, [
              textBlock(texts.labels.otherModelsNote, { isSubtle: true, size: 'Small' }),
              ...otherSteps.flatMap((st) => [
                ...stepDetails(st, ''),
                ...citationLines(texts, st.sources).map((line) =>
                  smallText(`${texts.labels.source}: ${line}`),
                ),
              ]),
            ]),
          ]
        : []),
    ],
  );
}

/** Plain text to paste into one's own documentation: what was mapped, then one line per step. */
export function checklistText(texts: Texts, view: ChecklistView): string {
  // Other regions' models, expired plans and drafts are not requirements: they stay on the card.
  const { title, situation, alerts, recorded, sections } = view;
  const stepLine = (s: ChecklistStep): { title: string; source: string } => ({
    title: s.item.title,
    source: s.sources[0] ? citationText(texts, s.sources[0]) : '',
  });
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
      steps: sec.steps.map(stepLine),
    })),
  });
}
