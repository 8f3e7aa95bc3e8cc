/**
 * "Hvem har ansvaret?": asks only the questions whose answers can change the decision (the
 * domain's nextQuestion over knowledge/responsibility.yaml), then shows the unit, who to
 * collaborate with, the reasons with their sources, and caveats. Answers are buttons that also
 * work typed. Nothing identifying is asked: age group or age, and levels of severity.
 */
import type { KnowledgeService } from '../src/domain/knowledge/service.js';
import type { Facts } from '../src/domain/responsibility/facts.js';
import {
  nextQuestion,
  withDefaults,
  type Question,
} from '../src/domain/responsibility/questions.js';
import { decisionCard, type ResponsibilityTexts } from '../src/presentation/responsibility.js';
import type { Texts } from '../src/presentation/texts.js';
import {
  CardFactory,
  ComponentDialog,
  MessageFactory,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from '../src/channel/sdk.js';
import { askOption, chosenValue, createOptionPrompt } from './optionPrompt.js';

export const RESPONSIBILITY_DIALOG = 'ansvar';
const ASK = 'ansvarAsk';
const LOOP = 'ansvarLoop';

interface LoopOptions {
  readonly known: Partial<Facts>;
  readonly question?: Question;
}

export class ResponsibilityDialog extends ComponentDialog {
  constructor(
    private readonly texts: Texts,
    private readonly rt: ResponsibilityTexts,
    private readonly knowledge: KnowledgeService,
  ) {
    super(RESPONSIBILITY_DIALOG);
    this.addDialog(createOptionPrompt(ASK));
    this.addDialog(new WaterfallDialog(LOOP, [this.askStep.bind(this), this.storeStep.bind(this)]));
    this.initialDialogId = LOOP;
  }

  private question(step: WaterfallStepContext<LoopOptions>): Question | undefined {
    return nextQuestion(this.knowledge.responsibilityTable, step.options.known ?? {});
  }

  private async askStep(step: WaterfallStepContext<LoopOptions>): Promise<DialogTurnResult> {
    const known = step.options.known ?? {};
    const q = this.question(step);
    if (q === undefined) {
      await this.showDecision(step, withDefaults(known));
      return step.endDialog();
    }
    (step.values as { question?: Question }).question = q;
    return askOption(step, ASK, this.rt.questions[q], this.rt.labels.retry, q);
  }

  private async storeStep(step: WaterfallStepContext<LoopOptions>): Promise<DialogTurnResult> {
    const q = (step.values as { question: Question }).question;
    const value = chosenValue(this.rt.questions[q], step.result);
    const known = { ...(step.options.known ?? {}), [q]: value === null ? undefined : value };
    return step.replaceDialog(LOOP, { known } satisfies LoopOptions);
  }

  private async showDecision(step: WaterfallStepContext<LoopOptions>, facts: Facts): Promise<void> {
    const decision = this.knowledge.decideResponsibility(facts);
    const items = decision.items.flatMap((id) => this.knowledge.item(id) ?? []);
    const restart =
      this.texts.menu.find((e) => e.id === RESPONSIBILITY_DIALOG)?.title ?? 'Hvem har ansvaret?';
    const card = decisionCard(this.texts, this.rt, decision, items, restart);
    await step.context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }
}
