/**
 * A guided routine (knowledge/procedures/<id>.yaml): one situation question, then the checklist —
 * every step a knowledge item with its source — as a card and as text to copy. No clinical text
 * lives here: the steps are data.
 */
import { checklist, type Procedure } from '../src/domain/procedures/schema.js';
import type { KnowledgeService } from '../src/domain/knowledge/service.js';
import { checklistCard, checklistText } from '../src/presentation/checklist.js';
import type { QuestionText } from '../src/presentation/questions.js';
import type { Texts } from '../src/presentation/texts.js';
import {
  CardFactory,
  ComponentDialog,
  MessageFactory,
  WaterfallDialog,
} from '../src/channel/sdk.js';
import { askOption, chosenValue, createOptionPrompt } from './optionPrompt.js';

export class ProcedureDialog extends ComponentDialog {
  constructor(texts: Texts, knowledge: KnowledgeService, procedure: Procedure, retryText: string) {
    super(procedure.id);
    const ask = `${procedure.id}Ask`;
    const question: QuestionText = {
      prompt: procedure.question.prompt,
      acceptsAge: false,
      options: procedure.question.options,
    };
    this.addDialog(createOptionPrompt(ask));
    this.addDialog(
      new WaterfallDialog(`${procedure.id}Steps`, [
        async (step) => {
          await step.context.sendActivity(procedure.intro);
          return askOption(step, ask, question, retryText);
        },
        async (step) => {
          const situation = String(chosenValue(question, step.result));
          const label =
            procedure.question.options.find((o) => o.value === situation)?.label ?? situation;
          const steps = checklist(procedure, situation).flatMap((id) => {
            const item = knowledge.item(id);
            return item ? [{ item, sources: knowledge.sourcesOf(item) }] : [];
          });
          await step.context.sendActivity(
            MessageFactory.attachment(
              CardFactory.adaptiveCard(checklistCard(texts, procedure.title, label, steps)),
            ),
          );
          await step.context.sendActivity(
            `\`\`\`\n${checklistText(texts, procedure.title, label, steps)}\n\`\`\``,
          );
          return step.endDialog();
        },
      ]),
    );
    this.initialDialogId = `${procedure.id}Steps`;
  }
}
