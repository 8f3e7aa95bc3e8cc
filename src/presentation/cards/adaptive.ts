/** Building blocks for Adaptive Cards (SDK-free JSON), shared by every card the bot sends. */

export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly $schema: string;
  readonly version: string;
  readonly body: readonly unknown[];
  readonly actions?: readonly unknown[];
  readonly lang?: string;
}

/** A card in the version Teams and Web Chat both render, in Norwegian. */
export function adaptiveCard(
  body: readonly unknown[],
  actions: readonly unknown[] = [],
): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    lang: 'nb',
    body,
    actions,
  };
}

/** A wrapping text block. */
export function textBlock(
  text: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { type: 'TextBlock', text, wrap: true, ...extra };
}

/** Submit data that puts `text` in the message (buttons and typing share one path). */
export function submitData(text: string): Record<string, unknown> {
  return { text, msteams: { type: 'imBack', value: text } };
}

/**
 * A button that submits `value` (a card action the bot validates) and shows `title` as the
 * user's message, in Web Chat and in Teams (messageBack).
 */
export function valueAction(
  value: Record<string, unknown>,
  title: string,
  buttonTitle = title,
): Record<string, unknown> {
  return {
    type: 'Action.Submit',
    title: buttonTitle,
    data: {
      ...value,
      text: title,
      msteams: { type: 'messageBack', displayText: title, text: title, value },
    },
  };
}

/** A button that opens a knowledge item ("Les hele" / "Les: …"). */
export function showItemAction(
  id: string,
  title: string,
  buttonTitle = title,
): Record<string, unknown> {
  return valueAction({ action: 'showItem', id }, title, buttonTitle);
}

/**
 * A button that opens more of the card in place (Teams and Web Chat): reasons, sources and
 * details sit behind one of these so the card leads with the decision or the next action.
 */
export function showCardAction(title: string, body: readonly unknown[]): Record<string, unknown> {
  return { type: 'Action.ShowCard', title, card: adaptiveCard(body) };
}

/** A small, subtle line (a source, a note). */
export function smallText(
  text: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return textBlock(text, { isSubtle: true, size: 'Small', spacing: 'None', ...extra });
}

/**
 * A FHIR resource behind a toggle: what it is, then the JSON in monospace (plain text). The resource
 * keeps its code systems' displays (LOINC's are English); the text a person reads first is the
 * Norwegian intro.
 */
export function fhirBlocks(intro: string, resource: unknown): unknown[] {
  return [
    textBlock(intro, { size: 'Small' }),
    // A TextRun is not markdown: quotes stay straight and addresses do not become links, so
    // what is copied is valid JSON.
    {
      type: 'RichTextBlock',
      inlines: [
        { type: 'TextRun', text: JSON.stringify(resource), fontType: 'Monospace', size: 'Small' },
      ],
    },
  ];
}

/**
 * Which question an answer button belongs to: the flow (dialog id), the question (`step`) and
 * this asking of it (`ask`), so a click on an old card is recognised as stale, not typed.
 */
export interface AnswerTag {
  readonly flow: string;
  readonly step: string;
  readonly ask: string;
}

/** An answer button: submits the option like typing it, tagged with the question it answers. */
export function answerAction(
  tag: AnswerTag,
  text: string,
  buttonTitle = text,
): Record<string, unknown> {
  return valueAction({ flow: tag.flow, step: tag.step, ask: tag.ask }, text, buttonTitle);
}

/**
 * «2. …» as a numbered line that stays numbered: each text block is rendered as its own markdown,
 * so «2. …» alone would become a one-item list that starts again at 1. A no-break space after the
 * period is not a list marker.
 */
export function numbered(n: number, text: string): string {
  return `${n}.\u00A0${text}`;
}
