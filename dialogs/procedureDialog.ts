/**
 * A guided routine (knowledge/procedures/<id>.yaml): the routine's questions, each asked only when
 * it applies, then the checklist — every step a knowledge item with its source — as a card and as
 * text to copy. No clinical text lives here: questions and steps are data.
 */
import {
  nextQuestion,
  type Answers,
  type Procedure,
  type ProcedureQuestion,
} from '../src/domain/procedures/schema.js';
import type { KnowledgeService } from '../src/domain/knowledge/service.js';
import { checklistCard, checklistText, checklistView } from '../src/presentation/checklist.js';
import { recognizeMany, type QuestionText } from '../src/presentation/questions.js';
import type { Texts } from '../src/presentation/texts.js';
import {
  CardFactory,
  ComponentDialog,
  MessageFactory,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from '../src/channel/sdk.js';
import {
  askMany,
  askOption,
  chosenValue,
  createMultiOptionPrompt,
  createOptionPrompt,
} from './optionPrompt.js';
import { copyTextMessage } from '../src/presentation/copyText.js';

interface StepOptions {
  readonly answers?: Answers;
}

function questionText(q: ProcedureQuestion): QuestionText {
  return { prompt: q.prompt, acceptsAge: false, options: q.options };
}

export class ProcedureDialog extends ComponentDialog {
  private readonly ask: string;
  private readonly askSeveral: string;
  private readonly loop: string;

  constructor(
    private readonly texts: Texts,
    private readonly knowledge: KnowledgeService,
    private readonly procedure: Procedure,
    private readonly retryText: string,
  ) {
    super(procedure.id);
    this.ask = `${procedure.id}Ask`;
    this.askSeveral = `${procedure.id}AskMany`;
    this.loop = `${procedure.id}Steps`;
    this.addDialog(createOptionPrompt(this.ask));
    this.addDialog(createMultiOptionPrompt(this.askSeveral));
    this.addDialog(
      new WaterfallDialog(this.loop, [
        (step) => this.askNext(step),
        (step) => {
          // The question just answered is the next one for the answers so far.
          const answers = (step.options as StepOptions | undefined)?.answers ?? {};
          const q = nextQuestion(this.procedure, answers);
          if (!q) return step.endDialog();
          const chosen = q.multi
            ? (recognizeMany(questionText(q), String(step.result)) ?? []).map(String)
            : [String(chosenValue(questionText(q), step.result))];
          return step.replaceDialog(this.loop, { answers: { ...answers, [q.id]: chosen } });
        },
      ]),
    );
    this.initialDialogId = this.loop;
  }

  private async askNext(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answers = (step.options as StepOptions | undefined)?.answers ?? {};
    if (Object.keys(answers).length === 0) await step.context.sendActivity(this.procedure.intro);
    const q = nextQuestion(this.procedure, answers);
    if (q) {
      return q.multi
        ? askMany(
            step,
            this.askSeveral,
            questionText(q),
            this.retryText,
            this.texts,
            this.texts.labels.next,
            q.id,
          )
        : askOption(step, this.ask, questionText(q), this.retryText, q.id);
    }
    await this.sendChecklist(step, answers);
    return step.endDialog();
  }

  private async sendChecklist(step: WaterfallStepContext, answers: Answers): Promise<void> {
    const view = checklistView(this.procedure, answers, this.knowledge);
    await step.context.sendActivity(
      MessageFactory.attachment(CardFactory.adaptiveCard(checklistCard(this.texts, view))),
    );
    await step.context.sendActivity(copyTextMessage(checklistText(this.texts, view)));
  }
}
