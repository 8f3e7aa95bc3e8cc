/**
 * The acute-risk replies (SDK-free): the acute routine (actions first, sources one click away,
 * what the bot reacted to) and the possible tier's safety line with "Er det akutt fare nå?".
 * No risk grade, ever.
 */
import type { ResolvedSafetyAction } from '../domain/knowledge/service.js';
import type { KnowledgeItem } from '../domain/knowledge/schema.js';
import {
  adaptiveCard,
  answerAction,
  showItemAction,
  textBlock,
  valueAction,
  type AdaptiveCard,
  type AnswerTag,
} from './cards/adaptive.js';
import { citationLines } from './knowledge.js';
import type { QuestionText } from './questions.js';
import type { Texts } from './texts.js';

export function acuteRoutineText(
  texts: Texts,
  actions: readonly ResolvedSafetyAction[],
  because: string | undefined,
  continuing: boolean,
): string {
  return texts.render('acute-routine', {
    actions: actions.map((a, i) => ({ number: i + 1, text: a.text })),
    because: because ?? false,
    continuing,
  });
}

/** Sources per action behind "Vis kilder", and buttons to the related knowledge items. */
export function acuteRoutineCard(
  texts: Texts,
  actions: readonly ResolvedSafetyAction[],
  items: readonly KnowledgeItem[],
): AdaptiveCard {
  const sources = adaptiveCard(
    actions.flatMap((a, i) => [
      textBlock(`**${i + 1}. ${a.text}**`, { spacing: i === 0 ? 'None' : 'Medium' }),
      ...citationLines(texts, a.sources).map((line) =>
        textBlock(line, { isSubtle: true, size: 'Small', spacing: 'None' }),
      ),
    ]),
  );
  return adaptiveCard(
    [
      textBlock(texts.labels.sourcesAndRelated, { weight: 'Bolder' }),
      // The related routines in the body (a card shows at most five actions in its action bar).
      {
        type: 'ActionSet',
        actions: items.slice(0, 5).map((item) => showItemAction(item.id, item.title)),
      },
    ],
    [{ type: 'Action.ShowCard', title: texts.labels.showSources, card: sources }],
  );
}

export function possibleRiskText(
  texts: Texts,
  possible: { readonly lines: readonly ResolvedSafetyAction[]; readonly question: string },
  because: string | undefined,
): string {
  return texts.render('safety-possible', {
    lines: possible.lines.map((l) => l.text),
    because: because ?? false,
    question: possible.question,
  });
}

/**
 * "Er det akutt fare nå?" as an option question (answered by button, label, synonym or number,
 * like every other question): true gives the acute routine, false ends the question.
 */
export function acuteCheckQuestion(texts: Texts, question: string): QuestionText {
  return {
    prompt: question,
    acceptsAge: false,
    options: [
      {
        value: true,
        label: texts.labels.acuteYes,
        synonyms: ['ja', 'j', 'jo', 'jepp', 'ja akutt', 'akutt', 'ja akutt fare nå'],
      },
      {
        value: false,
        label: texts.labels.acuteNo,
        synonyms: ['nei', 'n', 'nope', 'ikke akutt', 'nei ikke akutt', 'nei, ikke akutt'],
      },
    ],
  };
}

/**
 * "Er det akutt fare nå?": yes (the acute routine) or no; the routine stays one click away. «Ja»
 * asks for the acute routine, which is valid on any card, old or new (safety first); «Nei»
 * answers this asking only (`tag`: a click on an old card is stale).
 */
export function possibleRiskCard(texts: Texts, tag: AnswerTag): AdaptiveCard {
  return adaptiveCard(
    [],
    [
      {
        ...valueAction({ action: 'acuteRoutine' }, 'Ja', texts.labels.acuteYes),
        style: 'destructive',
      },
      answerAction(tag, 'Nei', texts.labels.acuteNo),
    ],
  );
}

/** One button that shows the acute routine (after "nei", so it stays one click away). */
export function acuteRoutineButtonCard(texts: Texts): AdaptiveCard {
  return adaptiveCard([], [valueAction({ action: 'acuteRoutine' }, texts.labels.showAcuteRoutine)]);
}
