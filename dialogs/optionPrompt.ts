/**
 * Asking an option question (src/presentation/questions.ts) in a waterfall: the question as an
 * Adaptive Card with buttons plus suggested actions, a Norwegian re-ask when the answer is not
 * understood, and the recognised value as the step result.
 */
import {
  multiSelectCard,
  questionCard,
  recognizeAnswer,
  recognizeMany,
  type QuestionText,
} from '../src/presentation/questions.js';
import {
  CardFactory,
  MessageFactory,
  TextPrompt,
  type Activity,
  type DialogTurnResult,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from '../src/channel/sdk.js';

interface Validation {
  readonly question: QuestionText;
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

function questionActivity(q: QuestionText, heading?: string, text?: string): Partial<Activity> {
  const activity = MessageFactory.attachment(
    CardFactory.adaptiveCard(questionCard(q, heading)),
    text,
  );
  activity.suggestedActions = {
    to: [],
    actions: q.options.map((o) => ({ type: 'imBack', title: o.label, value: o.label })),
  };
  return activity;
}

export function askOption(
  step: WaterfallStepContext,
  promptId: string,
  question: QuestionText,
  retryText: string,
  heading?: string,
): Promise<DialogTurnResult> {
  return step.prompt(promptId, {
    prompt: questionActivity(question, heading),
    retryPrompt: questionActivity(question, heading, retryText),
    validations: { question } satisfies Validation,
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
  buttonTitle: string,
): Promise<DialogTurnResult> {
  const activity = (text?: string): Partial<Activity> =>
    MessageFactory.attachment(
      CardFactory.adaptiveCard(multiSelectCard(question, buttonTitle)),
      text,
    );
  return step.prompt(promptId, {
    prompt: activity(),
    retryPrompt: activity(retryText),
    validations: { question } satisfies Validation,
  });
}
