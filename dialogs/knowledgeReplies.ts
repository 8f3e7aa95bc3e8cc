/**
 * Answers from the knowledge base: search results, a whole item, an area's items, glossary
 * answers. Never echoes the user's question (it may contain patient details).
 */
import type { KnowledgeService } from '../src/domain/knowledge/service.js';
import type { Area } from '../src/domain/knowledge/schema.js';
import {
  areaItemsCard,
  areaPickCard,
  flowOfferCard,
  glossaryText,
  namedFlows,
  offeredFlows,
  itemCard,
  resultCard,
  type CardAction,
} from '../src/presentation/knowledge.js';
import type { MenuEntry, Texts } from '../src/presentation/texts.js';
import {
  CardFactory,
  MessageFactory,
  type Activity,
  type TurnContext,
} from '../src/channel/sdk.js';
import { turnEvents } from '../src/shared/metrics.js';

export const SEARCH_RESULTS_SHOWN = 3;

/** "hva betyr TSB", "hva står ROP for", "TSB?" — a question about an abbreviation. */
const abbreviationQuestion =
  /^\s*(?:hva\s+(?:betyr|er|står)\s+|forklar\s+|betydning(?:en)?\s+av\s+)?([\p{L}\p{N}-]{2,20})(?:\s+for)?\s*\??\s*$/iu;

/**
 * A question: the flows it names first (their button is the first the user sees), then the
 * glossary answer, then the answers. When the search is not confident (below the threshold in
 * src/domain/knowledge/search.ts), the bot says it has no sure answer, offers the areas, and
 * shows the nearest items only as «Nærmeste treff».
 */
export async function answerQuestion(
  context: TurnContext,
  knowledge: KnowledgeService,
  texts: Texts,
  question: string,
): Promise<void> {
  const named = namedFlows(texts, question);
  await sendFlowOffer(context, texts, named);
  const asked = abbreviationQuestion.exec(question)?.[1];
  const entry = asked ? knowledge.lookupAbbreviation(asked) : undefined;
  if (entry) {
    await context.sendActivity(glossaryText(texts, entry, knowledge.glossarySource(entry)));
  }
  const result = knowledge.search(question, { limit: 10 });
  const hits = result.hits.slice(0, SEARCH_RESULTS_SHOWN);
  // Teams shows a carousel well; in Web Chat (down to 420 px) the cards are stacked instead, as a
  // carousel there squeezes them or scrolls sideways.
  const teams = context.activity.channelId === 'msteams';
  const carousel = (nearest: boolean): Partial<Activity> => {
    const cards = hits.map((h) =>
      CardFactory.adaptiveCard(resultCard(texts, h.item, knowledge.sourcesOf(h.item))),
    );
    const intro = texts.render('search-intro', {
      nearest,
      more: result.hits.length > hits.length,
      shown: hits.length,
      total: result.hits.length,
    });
    return teams ? MessageFactory.carousel(cards, intro) : MessageFactory.list(cards, intro);
  };
  turnEvents(context).search =
    hits.length === 0 ? 'none' : result.confident ? 'confident' : 'unsure';
  if (hits.length > 0 && result.confident) {
    await context.sendActivity(carousel(false));
    const byArea = offeredFlows(
      texts,
      question,
      hits.map((h) => h.item),
      named,
    ).filter((flow) => !named.includes(flow));
    await sendFlowOffer(context, texts, byArea);
    return;
  }
  // The glossary answered what was asked ("hva betyr LAR").
  if (entry) return;
  const noHit = texts.render('search-no-hit', {
    nearest: hits.length > 0,
    hasSuggestions: result.suggestions.length > 0,
    suggestions: result.suggestions.map((s) => `«${s}»`).join(', '),
  });
  await context.sendActivity(
    MessageFactory.attachment(
      CardFactory.adaptiveCard(areaPickCard(texts, texts.labels.areas, knowledge.areasWithItems())),
      noHit,
    ),
  );
  if (hits.length > 0) await context.sendActivity(carousel(true));
}

/** "Hvem har ansvaret for …": the flow that answers it for the user's patient, one click away. */
async function sendFlowOffer(
  context: TurnContext,
  texts: Texts,
  flows: readonly MenuEntry[],
): Promise<void> {
  if (flows.length === 0) return;
  await context.sendActivity(
    MessageFactory.attachment(CardFactory.adaptiveCard(flowOfferCard(texts, flows))),
  );
}

export async function showItem(
  context: TurnContext,
  knowledge: KnowledgeService,
  texts: Texts,
  id: string,
): Promise<void> {
  const item = knowledge.item(id);
  if (!item) {
    await context.sendActivity(texts.render('item-not-found'));
    return;
  }
  const card = itemCard(texts, item, knowledge.sourcesOf(item), knowledge.related(item, 3));
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
}

export async function showArea(
  context: TurnContext,
  knowledge: KnowledgeService,
  texts: Texts,
  area: Area,
): Promise<void> {
  const card = areaItemsCard(texts, area, knowledge.itemsInArea(area));
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
}

export async function runCardAction(
  context: TurnContext,
  knowledge: KnowledgeService,
  texts: Texts,
  action: CardAction,
): Promise<void> {
  if (action.action === 'showItem') await showItem(context, knowledge, texts, action.id);
  else if (action.action === 'showArea') await showArea(context, knowledge, texts, action.area);
}
