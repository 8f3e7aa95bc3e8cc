/**
 * Asking an option question (src/presentation/questions.ts) in a waterfall: the question as an
 * Adaptive Card whose buttons are the one set of choices (no suggested actions beside them), a
 * Norwegian re-ask when the answer is not understood, and the recognised value as the step
 * result. Every answer button is tagged with the question it answers (flow, step, this asking),
 * so the root dialog can tell a click on an old card from an answer (see staleAnswer).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AnswerTag } from '../src/presentation/cards/adaptive.js';
import {
  multiSelectCard,
  questionCard,
  recognizeAnswer,
  recognizeMany,
  type QuestionText,
} from '../src/presentation/questions.js';
import type { Texts } from '../src/presentation/texts.js';
import {
  CardFactory,
  MessageFactory,
  TextPrompt,
  type Activity,
  type DialogContext,
  type DialogTurnResult,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from '../src/channel/sdk.js';

interface Validation {
  readonly question: QuestionText;
  readonly tag?: AnswerTag;
}

/** What an answer button submits besides its text (validated: a boundary like any other). */
export const answerTagSchema = z.looseObject({
  flow: z.string().min(1).max(100),
  step: z.string().min(1).max(100),
  ask: z.string().min(1).max(100),
});

/** A tag for one asking of a question (`flow`: the prompt id, `step`: the question id). */
export function newTag(promptId: string, stepId: string): AnswerTag {
  return { flow: promptId, step: stepId, ask: randomUUID().slice(0, 8) };
}

/** A text prompt that accepts only an answer the question's options recognise. */
export function createOptionPrompt(id: string): TextPrompt {
  return new TextPrompt(id, (prompt: PromptValidatorContext<string>) => {
    const v = prompt.options.validations as Validation | undefined;
    return Promise.resolve(
      v !== undefined && 'value' in recognizeAnswer(v.question, prompt.recognized.value ?? ''),
    );
  });
}

function questionActivity(
  q: QuestionText,
  tag: AnswerTag,
  heading?: string,
  text?: string,
): Partial<Activity> {
  return MessageFactory.attachment(CardFactory.adaptiveCard(questionCard(q, heading, tag)), text);
}

/**
 * Asks `question`; `stepId` names it within the flow (the prompt id names the flow), for the
 * tag its buttons carry.
 */
export function askOption(
  step: WaterfallStepContext,
  promptId: string,
  question: QuestionText,
  retryText: string,
  stepId: string,
  heading?: string,
): Promise<DialogTurnResult> {
  const tag = newTag(promptId, stepId);
  return step.prompt(promptId, {
    prompt: questionActivity(question, tag, heading),
    retryPrompt: questionActivity(question, tag, heading, retryText),
    validations: { question, tag } satisfies Validation,
  });
}

/** The value the user chose (the prompt has already validated it). */
export function chosenValue(question: QuestionText, answer: unknown): unknown {
  const r = recognizeAnswer(question, String(answer));
  return 'value' in r ? r.value : undefined;
}

/** A text prompt that accepts one or more of the question's options. */
export function createMultiOptionPrompt(id: string): TextPrompt {
  return new TextPrompt(id, (prompt: PromptValidatorContext<string>) => {
    const v = prompt.options.validations as Validation | undefined;
    return Promise.resolve(
      v !== undefined && recognizeMany(v.question, prompt.recognized.value ?? '') !== undefined,
    );
  });
}

export function askMany(
  step: WaterfallStepContext,
  promptId: string,
  question: QuestionText,
  retryText: string,
  texts: Texts,
  buttonTitle: string,
  stepId: string,
): Promise<DialogTurnResult> {
  const tag = newTag(promptId, stepId);
  const input = { label: texts.labels.chooseSeveral, errorMessage: texts.labels.chooseAtLeastOne };
  const activity = (text?: string): Partial<Activity> =>
    MessageFactory.attachment(
      CardFactory.adaptiveCard(multiSelectCard(question, buttonTitle, input, tag)),
      text,
    );
  return step.prompt(promptId, {
    prompt: activity(),
    retryPrompt: activity(retryText),
    validations: { question, tag } satisfies Validation,
  });
}

/** The tag of the question the innermost running prompt asks, if it is an option question. */
export function activeAnswerTag(dc: DialogContext): AnswerTag | undefined {
  let leaf = dc;
  for (let child = dc.child; child; child = child.child) leaf = child;
  const state = leaf.activeDialog?.state as
    { options?: { validations?: Partial<Validation> } } | undefined;
  return state?.options?.validations?.tag;
}

/**
 * Whether this turn is a click on an answer button of a question that is no longer asked (a flow
 * that ended, or a question already answered). Untagged submits and typing are never stale.
 */
export function staleAnswer(dc: DialogContext): boolean {
  const clicked = answerTagSchema.safeParse(dc.context.activity.value);
  if (!clicked.success) return false;
  const current = activeAnswerTag(dc);
  return (
    current === undefined ||
    current.flow !== clicked.data.flow ||
    current.step !== clicked.data.step ||
    current.ask !== clicked.data.ask
  );
}
