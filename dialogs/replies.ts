/** Small helpers that turn rendered texts and cards into activities (through the SDK seam). */
import type { MenuEntry, Texts } from '../src/presentation/texts.js';
import { menuCard } from '../src/presentation/cards/menu.js';
import { CardFactory, MessageFactory, type Activity } from '../src/channel/sdk.js';

export function menuActivity(texts: Texts, intro: string): Partial<Activity> {
  // The card's buttons are the choices: no suggested actions repeating them.
  return MessageFactory.attachment(CardFactory.adaptiveCard(menuCard(texts.menu, intro)));
}

export function suggestedMenu(menu: readonly MenuEntry[]): Activity['suggestedActions'] {
  return {
    to: [],
    actions: menu.map((e) => ({ type: 'imBack', title: e.title, value: e.title })),
  };
}

export function textWithMenuSuggestions(texts: Texts, text: string): Partial<Activity> {
  const activity = MessageFactory.text(text);
  activity.suggestedActions = suggestedMenu(texts.menu);
  return activity;
}
