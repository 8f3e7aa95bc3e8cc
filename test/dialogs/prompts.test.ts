import { expect } from 'chai';
import {
  WaterfallDialog,
  ComponentDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from '../../src/channel/sdk.js';
import { createChoicePrompt, createConfirmPrompt } from '../../src/channel/prompts.js';
import { startDialog } from '../support/transcript.js';

/** A tiny dialog that asks yes/no and then says what it understood. */
class AskYesNo extends ComponentDialog {
  constructor() {
    super('askYesNo');
    this.addDialog(createConfirmPrompt('confirm'));
    this.addDialog(
      new WaterfallDialog('steps', [
        async (step: WaterfallStepContext): Promise<DialogTurnResult> =>
          step.prompt('confirm', {
            prompt: 'Er pasienten gravid?',
            retryPrompt: 'Svar ja eller nei. Er pasienten gravid?',
          }),
        async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
          await step.context.sendActivity(step.result === true ? 'svar: ja' : 'svar: nei');
          return step.endDialog(step.result);
        },
      ]),
    );
    this.initialDialogId = 'steps';
  }
}

class PickOne extends ComponentDialog {
  constructor() {
    super('pickOne');
    this.addDialog(createChoicePrompt('choice'));
    this.addDialog(
      new WaterfallDialog('steps', [
        async (step: WaterfallStepContext): Promise<DialogTurnResult> =>
          step.prompt('choice', {
            prompt: 'Hvor haster det?',
            retryPrompt: 'Velg ett av alternativene. Hvor haster det?',
            choices: [
              { value: 'akutt', synonyms: ['straks', 'nå'] },
              { value: 'i dag', synonyms: ['samme dag'] },
              { value: 'kan vente' },
            ],
          }),
        async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
          const value = (step.result as { value: string }).value;
          await step.context.sendActivity(`valgt: ${value}`);
          return step.endDialog(value);
        },
      ]),
    );
    this.initialDialogId = 'steps';
  }
}

describe('Norwegian prompts', function () {
  it('asks yes/no with Norwegian buttons "Ja" and "Nei"', async function () {
    const dialog = startDialog(new AskYesNo());
    const [prompt] = await dialog.say('start');
    expect(prompt).to.equal('Er pasienten gravid? [Ja | Nei]');
  });

  for (const [input, expected] of [
    ['ja', 'svar: ja'],
    ['Ja', 'svar: ja'],
    ['j', 'svar: ja'],
    ['jepp', 'svar: ja'],
    ['1', 'svar: ja'],
    ['nei', 'svar: nei'],
    ['Nei takk', 'svar: nei'],
    ['n', 'svar: nei'],
    ['2', 'svar: nei'],
  ] as const) {
    it(`understands "${input}" as ${expected.replace('svar: ', '')}`, async function () {
      const dialog = startDialog(new AskYesNo());
      await dialog.say('start');
      expect(await dialog.say(input)).to.deep.equal([expected]);
    });
  }

  it('re-asks in Norwegian when the answer is neither yes nor no', async function () {
    const dialog = startDialog(new AskYesNo());
    await dialog.say('start');
    expect(await dialog.say('kanskje')).to.deep.equal([
      'Svar ja eller nei. Er pasienten gravid? [Ja | Nei]',
    ]);
    expect(await dialog.say('ja')).to.deep.equal(['svar: ja']);
  });

  it('recognises a choice by its words, a synonym or its number', async function () {
    for (const [input, expected] of [
      ['akutt', 'valgt: akutt'],
      ['straks', 'valgt: akutt'],
      ['samme dag', 'valgt: i dag'],
      ['3', 'valgt: kan vente'],
    ] as const) {
      const dialog = startDialog(new PickOne());
      await dialog.say('start');
      expect(await dialog.say(input), input).to.deep.equal([expected]);
    }
  });

  it('re-asks a choice in Norwegian on an unknown answer', async function () {
    const dialog = startDialog(new PickOne());
    await dialog.say('start');
    const [retry] = await dialog.say('blå');
    expect(retry).to.match(/^Velg ett av alternativene/);
  });
});
