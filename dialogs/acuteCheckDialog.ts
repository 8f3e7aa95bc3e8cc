/**
 * The possible tier: a short safety line and "Er det akutt fare nå?". "Ja" gives the acute
 * routine; "nei" ends the question (the routine stays one click away) and the flow underneath
 * asks its question again. A "nei" silences nothing: the next signal is assessed as always.
 */
import type { KnowledgeService } from '../src/domain/knowledge/service.js';
import { possibleRiskCard, possibleRiskText } from '../src/presentation/safety.js';
import type { Texts } from '../src/presentation/texts.js';
import {
  CardFactory,
  ComponentDialog,
  MessageFactory,
  TextPrompt,
  WaterfallDialog,
  type DialogTurnResult,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from '../src/channel/sdk.js';
import { normalizeCommandText } from './commands.js';
import { DialogIds } from './ids.js';
import { sendAcuteRoutine, sendNotAcute } from './safetyReplies.js';

export interface AcuteCheckOptions {
  readonly because?: string;
  /** A flow is waiting underneath (it asks its question again afterwards). */
  readonly continuing: boolean;
}

const yesWords = [
  'ja',
  'j',
  'jo',
  'jepp',
  'ja akutt',
  'akutt',
  'ja – akutt fare nå',
  'ja akutt fare nå',
];
const noWords = ['nei', 'n', 'nope', 'ikke akutt', 'nei ikke akutt', 'nei, ikke akutt'];

export function recognizeYesNo(text: string | undefined): boolean | undefined {
  const said = normalizeCommandText(text ?? '');
  if (yesWords.includes(said)) return true;
  if (noWords.includes(said)) return false;
  return undefined;
}

export class AcuteCheckDialog extends ComponentDialog {
  constructor(
    private readonly texts: Texts,
    private readonly knowledge: KnowledgeService,
  ) {
    super(DialogIds.acuteCheck);
    this.addDialog(
      new TextPrompt(DialogIds.acuteCheckPrompt, (p: PromptValidatorContext<string>) =>
        Promise.resolve(recognizeYesNo(p.recognized.value) !== undefined),
      ),
    );
    this.addDialog(
      new WaterfallDialog(`${DialogIds.acuteCheck}-steps`, [
        this.askStep.bind(this),
        this.answerStep.bind(this),
      ]),
    );
    this.initialDialogId = `${DialogIds.acuteCheck}-steps`;
  }

  private async askStep(step: WaterfallStepContext<AcuteCheckOptions>): Promise<DialogTurnResult> {
    const card = CardFactory.adaptiveCard(possibleRiskCard(this.texts));
    const text = possibleRiskText(this.texts, this.knowledge.possibleRisk, step.options.because);
    return step.prompt(DialogIds.acuteCheckPrompt, {
      prompt: MessageFactory.attachment(card, text),
      retryPrompt: MessageFactory.attachment(
        card,
        this.texts.render('safety-check-retry', {
          question: this.knowledge.possibleRisk.question,
        }),
      ),
    });
  }

  private async answerStep(
    step: WaterfallStepContext<AcuteCheckOptions>,
  ): Promise<DialogTurnResult> {
    if (recognizeYesNo(String(step.result)) === true) {
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
