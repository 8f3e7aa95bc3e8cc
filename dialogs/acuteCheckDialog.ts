/**
 * The possible tier: a short safety line and "Er det akutt fare nå?". "Ja" gives the acute
 * routine; "nei" ends the question (the routine stays one click away) and the flow underneath
 * asks its question again. A "nei" silences nothing: the next signal is assessed as always.
 */
import type { KnowledgeService } from '../src/domain/knowledge/service.js';
import {
  acuteCheckQuestion,
  possibleRiskCard,
  possibleRiskText,
} from '../src/presentation/safety.js';
import type { QuestionText } from '../src/presentation/questions.js';
import type { Texts } from '../src/presentation/texts.js';
import {
  CardFactory,
  ComponentDialog,
  MessageFactory,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from '../src/channel/sdk.js';
import { chosenValue, createOptionPrompt, newTag } from './optionPrompt.js';
import { DialogIds } from './ids.js';
import { sendAcuteRoutine, sendNotAcute } from './safetyReplies.js';
import { turnEvents } from '../src/shared/metrics.js';

export interface AcuteCheckOptions {
  readonly because?: string;
  /** A flow is waiting underneath (it asks its question again afterwards). */
  readonly continuing: boolean;
}

export class AcuteCheckDialog extends ComponentDialog {
  private readonly question: QuestionText;

  constructor(
    private readonly texts: Texts,
    private readonly knowledge: KnowledgeService,
  ) {
    super(DialogIds.acuteCheck);
    this.question = acuteCheckQuestion(texts, knowledge.possibleRisk.question);
    this.addDialog(createOptionPrompt(DialogIds.acuteCheckPrompt));
    this.addDialog(
      new WaterfallDialog(`${DialogIds.acuteCheck}-steps`, [
        this.askStep.bind(this),
        this.answerStep.bind(this),
      ]),
    );
    this.initialDialogId = `${DialogIds.acuteCheck}-steps`;
  }

  private async askStep(step: WaterfallStepContext<AcuteCheckOptions>): Promise<DialogTurnResult> {
    turnEvents(step.context).acuteTier ??= 'possible';
    const tag = newTag(DialogIds.acuteCheckPrompt, 'acute');
    const card = CardFactory.adaptiveCard(possibleRiskCard(this.texts, tag));
    const text = possibleRiskText(this.texts, this.knowledge.possibleRisk, step.options.because);
    const retry = this.texts.render('safety-check-retry', { question: this.question.prompt });
    return step.prompt(DialogIds.acuteCheckPrompt, {
      prompt: MessageFactory.attachment(card, text),
      retryPrompt: MessageFactory.attachment(card, retry),
      validations: { question: this.question, tag },
    });
  }

  private async answerStep(
    step: WaterfallStepContext<AcuteCheckOptions>,
  ): Promise<DialogTurnResult> {
    if (chosenValue(this.question, step.result) === true) {
      await sendAcuteRoutine(
        step.context,
        this.knowledge,
        this.texts,
        undefined,
        step.options.continuing,
      );
    } else {
      await sendNotAcute(step.context, this.texts);
    }
    return step.endDialog();
  }
}
