/** "Søk i rutinene": asks for a question and answers from the knowledge base, with sources. */
import type { KnowledgeService } from '../src/domain/knowledge/service.js';
import type { Texts } from '../src/presentation/texts.js';
import {
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from '../src/channel/sdk.js';
import { DialogIds } from './ids.js';
import { answerQuestion } from './knowledgeReplies.js';

export class SearchDialog extends ComponentDialog {
  constructor(
    private readonly texts: Texts,
    private readonly knowledge: KnowledgeService,
  ) {
    super(DialogIds.search);
    this.addDialog(new TextPrompt(DialogIds.searchPrompt));
    this.addDialog(
      new WaterfallDialog('searchSteps', [
        async (step: WaterfallStepContext): Promise<DialogTurnResult> =>
          step.prompt(DialogIds.searchPrompt, { prompt: this.texts.render('search-prompt') }),
        async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
          await answerQuestion(step.context, this.knowledge, this.texts, String(step.result));
          return step.endDialog();
        },
      ]),
    );
    this.initialDialogId = 'searchSteps';
  }
}
