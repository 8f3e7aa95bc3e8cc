/**
 * Adaptive Card for the main menu (SDK-free JSON). Each button submits `{ text: <title> }`, which
 * the channel layer turns into the message text, so typing the title, its number or a synonym
 * and pressing the button all take the same path. In Teams, `msteams.imBack` shows the choice in
 * the chat as if typed.
 */
import type { MenuEntry } from '../texts.js';
import { adaptiveCard, submitData, type AdaptiveCard } from './adaptive.js';

export function menuCard(menu: readonly MenuEntry[], intro: string): AdaptiveCard {
  return adaptiveCard([
    { type: 'TextBlock', text: 'Fagstøtte', weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'TextBlock', text: intro, wrap: true },
    ...menu.map((entry) => ({
      // A ColumnSet, not "1. Title": Markdown would turn each line into a list restarting at 1.
      type: 'ColumnSet',
      spacing: 'Medium',
      columns: [
        {
          type: 'Column',
          width: 'auto',
          items: [
            {
              type: 'TextBlock',
              text: String(entry.number),
              weight: 'Bolder',
              color: 'Accent',
              wrap: true,
            },
          ],
        },
        {
          type: 'Column',
          width: 'stretch',
          items: [
            {
              type: 'TextBlock',
              text: entry.title,
              weight: 'Bolder',
              wrap: true,
              color: 'Accent',
            },
            {
              type: 'TextBlock',
              text: entry.description,
              wrap: true,
              spacing: 'None',
              isSubtle: true,
            },
          ],
        },
      ],
    })),
    // The buttons in action sets of at most five (the most a card's action set may hold in
    // Teams), one under the other as the card's own actions would be.
    ...chunks(
      menu.map((entry) => ({
        type: 'Action.Submit',
        title: entry.title,
        data: submitData(entry.title),
      })),
      MAX_ACTIONS,
    ).map((actions) => ({ type: 'ActionSet', actions, spacing: 'Small' })),
  ]);
}

const MAX_ACTIONS = 5;

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
