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
  offeredFlows,
  itemCard,
  resultCard,
  type CardAction,
} from '../src/presentation/knowledge.js';
import type { Texts } from '../src/presentation/texts.js';
import { CardFactory, MessageFactory, type TurnContext } from '../src/channel/sdk.js';

export const SEARCH_RESULTS_SHOWN = 3;

/** "hva betyr TSB", "hva står ROP for", "TSB?" — a question about an abbreviation. */
const abbreviationQuestion =
  /^\s*(?:hva\s+(?:betyr|er|står)\s+|forklar\s+|betydning(?:en)?\s+av\s+)?([\p{L}\p{N}-]{2,20})(?:\s+for)?\s*\??\s*$/iu;

export async function answerQuestion(
  context: TurnContext,
  knowledge: KnowledgeService,
  texts: Texts,
  question: string,
): Promise<void> {
  const asked = abbreviationQuestion.exec(question)?.[1];
  const entry = asked ? knowledge.lookupAbbreviation(asked) : undefined;
  if (entry) {
    await context.sendActivity(glossaryText(texts, entry, knowledge.glossarySource(entry)));
  }
  const result = knowledge.search(question, { limit: 10 });
  const hits = result.hits.slice(0, SEARCH_RESULTS_SHOWN);
  if (hits.length > 0) {
    const intro = texts.render('search-intro', {
      more: result.hits.length > hits.length,
      shown: hits.length,
      total: result.hits.length,
    });
    const cards = hits.map((h) =>
      CardFactory.adaptiveCard(resultCard(texts, h.item, knowledge.sourcesOf(h.item))),
    );
    await context.sendActivity(MessageFactory.carousel(cards, intro));
    await offerFlows(
      context,
      texts,
      question,
      hits.map((h) => h.item),
    );
    return;
  }
  if (entry) return;
  const noHit = texts.render('search-no-hit', {
    hasSuggestions: result.suggestions.length > 0,
    suggestions: result.suggestions.map((s) => `«${s}»`).join(', '),
  });
  await context.sendActivity(
    MessageFactory.attachment(
      CardFactory.adaptiveCard(areaPickCard(texts, texts.labels.areas, knowledge.areasWithItems())),
      noHit,
    ),
  );
  await offerFlows(context, texts, question, []);
}

/** "Hvem har ansvaret for …": the flow that answers it for the user's patient, one click away. */
async function offerFlows(
  context: TurnContext,
  texts: Texts,
  question: string,
  hits: Parameters<typeof offeredFlows>[2],
): Promise<void> {
  const flows = offeredFlows(texts, question, hits);
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
