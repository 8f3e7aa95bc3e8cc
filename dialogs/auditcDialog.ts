/**
 * AUDIT-C on a somatic ward: three questions (knowledge/auditc.yaml), the patient's sex for the
 * cut-off, then the result card (score, positive or not, what it suggests, follow-up with
 * sources), a summary to paste into the record, and the FHIR QuestionnaireResponse.
 */
import type { KnowledgeService } from '../src/domain/knowledge/service.js';
import type { Sex } from '../src/domain/auditc/score.js';
import {
  auditcQuestions,
  auditcResultCard,
  auditcSummary,
  sexQuestion,
} from '../src/presentation/auditc.js';
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
import type { KonsultasjonTexts } from '../src/presentation/konsultasjon.js';
import {
  KONSULTASJON_DIALOG,
  KonsultasjonDialog,
  type KonsultasjonOptions,
} from './konsultasjonDialog.js';
import { askOption, chosenValue, createOptionPrompt } from './optionPrompt.js';
import { copyTextMessage } from '../src/presentation/copyText.js';
import type { TeamInbox } from './teamInbox.js';

export const AUDITC_DIALOG = 'auditc';
const ASK = 'auditcAsk';

interface Values {
  answers?: number[];
  /** question 1 was «Aldri»: questions 2 and 3 and the sex question are skipped */
  neverDrinks?: boolean;
}

export class AuditcDialog extends ComponentDialog {
  private readonly questions: QuestionText[];
  private readonly sex: QuestionText;

  constructor(
    private readonly texts: Texts,
    private readonly knowledge: KnowledgeService,
    private readonly retryText: string,
    private readonly kt: KonsultasjonTexts,
    inbox?: TeamInbox,
  ) {
    super(AUDITC_DIALOG);
    this.addDialog(new KonsultasjonDialog(texts, kt, knowledge, retryText, inbox));
    this.questions = auditcQuestions(knowledge.auditc);
    this.sex = sexQuestion(texts);
    this.addDialog(createOptionPrompt(ASK));
    const askQuestion =
      (i: number) =>
      async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
        const values = step.values as Values;
        if (values.neverDrinks) return step.next();
        if (i > 0)
          values.answers = [
            ...(values.answers ?? []),
            Number(chosenValue(this.questions[i - 1] as QuestionText, step.result)),
          ];
        else await step.context.sendActivity(this.texts.render('auditc-intro'));
        // «Aldri» on question 1: questions 2 and 3 are about drinking days — not asked, 0 points.
        if (i === 1 && values.answers?.[0] === 0) {
          values.neverDrinks = true;
          values.answers = [0, 0, 0];
          return step.next();
        }
        return askOption(
          step,
          ASK,
          this.questions[i] as QuestionText,
          this.retryText,
          `q${i + 1}`,
          `Spørsmål ${i + 1} av 3`,
        );
      };
    this.addDialog(
      new WaterfallDialog('auditcStart', [
        async (step) => askOption(step, ASK, this.kt.start, this.retryText, 'start'),
        async (step) =>
          chosenValue(this.kt.start, step.result) === 'tilsyn'
            ? step.beginDialog(KONSULTASJON_DIALOG, {} satisfies KonsultasjonOptions)
            : step.beginDialog('auditcSteps'),
        async (step) => step.endDialog(),
      ]),
    );
    this.addDialog(
      new WaterfallDialog('auditcSteps', [
        askQuestion(0),
        askQuestion(1),
        askQuestion(2),
        async (step) => {
          const values = step.values as Values;
          // Score 0 is negative for either sex: no need to ask.
          if (values.neverDrinks) return step.next();
          values.answers = [
            ...(values.answers ?? []),
            Number(chosenValue(this.questions[2] as QuestionText, step.result)),
          ];
          return askOption(step, ASK, this.sex, this.retryText, 'sex');
        },
        async (step) => {
          const values = step.values as Values;
          const answers = values.answers ?? [];
          const score = await this.showResult(
            step,
            answers,
            values.neverDrinks ? 'unknown' : (chosenValue(this.sex, step.result) as Sex),
          );
          (step.values as Values & { score?: number }).score = score.positive
            ? score.score
            : undefined;
          if (!score.positive) return step.endDialog();
          return askOption(step, ASK, this.kt.afterAuditc, this.retryText, 'afterAuditc');
        },
        async (step) => {
          if (chosenValue(this.kt.afterAuditc, step.result) !== true) return step.endDialog();
          const auditcScore = (step.values as { score?: number }).score;
          return step.beginDialog(KONSULTASJON_DIALOG, {
            ...(auditcScore !== undefined && { auditcScore }),
          } satisfies KonsultasjonOptions);
        },
      ]),
    );
    this.initialDialogId = 'auditcStart';
  }

  private async showResult(
    step: WaterfallStepContext,
    answers: number[],
    sex: Sex,
  ): Promise<{ score: number; positive: boolean }> {
    const config = this.knowledge.auditc;
    const result = this.knowledge.screenAuditc(answers, sex);
    const items = [...new Set(result.followUp.flatMap((f) => f.items))].flatMap(
      (id) => this.knowledge.item(id) ?? [],
    );
    await step.context.sendActivity(
      MessageFactory.attachment(
        CardFactory.adaptiveCard(auditcResultCard(this.texts, config, result, items)),
      ),
    );
    await step.context.sendActivity(copyTextMessage(auditcSummary(this.texts, config, result)));
    return { score: result.score, positive: result.positive };
  }
}
