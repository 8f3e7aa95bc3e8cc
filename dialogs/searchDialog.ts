/**
 * Search in the rule knowledge base. Until the knowledge base lands (issue 3), it asks for the
 * question and answers that search is coming; the question is not stored.
 */
import type { Texts } from '../src/presentation/texts.js';
import {
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from '../src/channel/sdk.js';
import { DialogIds } from './ids.js';

export class SearchDialog extends ComponentDialog {
  constructor(private readonly texts: Texts) {
    super(DialogIds.search);
    this.addDialog(new TextPrompt(DialogIds.searchPrompt));
    this.addDialog(
      new WaterfallDialog('searchSteps', [
        async (step: WaterfallStepContext): Promise<DialogTurnResult> =>
          step.prompt(DialogIds.searchPrompt, { prompt: this.texts.render('search-prompt') }),
        async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
          await step.context.sendActivity(this.texts.render('search-coming-soon'));
          return step.endDialog();
        },
      ]),
    );
    this.initialDialogId = 'searchSteps';
  }
}
