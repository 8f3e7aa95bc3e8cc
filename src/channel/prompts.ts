/**
 * Norwegian (bokmål) prompts. botbuilder has no Norwegian prompt culture: without this, ConfirmPrompt
 * and ChoicePrompt fall back to English ("Yes"/"No", " or "). We register an `nb-no` culture with
 * Norwegian yes/no words and list separators, and recognise common synonyms.
 */
import type { Choice } from 'botbuilder-dialogs';
import { ChoicePrompt, ConfirmPrompt, ListStyle } from 'botbuilder-dialogs';

export const NORWEGIAN_LOCALE = 'nb-no';

/** Words that mean yes / no in bokmål and nynorsk chat, plus a few English ones staff may type. */
export const yesChoice: Choice = {
  value: 'Ja',
  synonyms: ['ja', 'j', 'jo', 'jepp', 'japp', 'ja takk', 'gjerne', 'ok', 'okei', 'stemmer', 'yes'],
};
export const noChoice: Choice = {
  value: 'Nei',
  synonyms: ['nei', 'n', 'nope', 'nei takk', 'ikke', 'no'],
};

export const norwegianChoiceOptions = {
  inlineSeparator: ', ',
  inlineOr: ' eller ',
  inlineOrMore: ' eller ',
  includeNumbers: true,
};

const confirmDefaults = {
  [NORWEGIAN_LOCALE]: { choices: [yesChoice, noChoice], options: norwegianChoiceOptions },
};

/** A yes/no prompt that understands Norwegian ("ja", "nei", "j", "n", "1", "2"). */
export function createConfirmPrompt(
  id: string,
  validator?: ConstructorParameters<typeof ConfirmPrompt>[1],
): ConfirmPrompt {
  const prompt = new ConfirmPrompt(id, validator, NORWEGIAN_LOCALE, confirmDefaults);
  prompt.confirmChoices = [yesChoice, noChoice];
  prompt.choiceOptions = norwegianChoiceOptions;
  prompt.style = ListStyle.suggestedAction;
  return prompt;
}

/** A choice prompt with Norwegian list wording; choices should carry their own synonyms. */
export function createChoicePrompt(
  id: string,
  validator?: ConstructorParameters<typeof ChoicePrompt>[1],
): ChoicePrompt {
  const prompt = new ChoicePrompt(id, validator, NORWEGIAN_LOCALE, {
    [NORWEGIAN_LOCALE]: norwegianChoiceOptions,
  });
  prompt.choiceOptions = norwegianChoiceOptions;
  prompt.recognizerOptions = {
    recognizeOrdinals: false,
    recognizeNumbers: true,
    allowPartialMatches: true,
  };
  prompt.style = ListStyle.suggestedAction;
  return prompt;
}
