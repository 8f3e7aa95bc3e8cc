/**
 * Knowledge answers as chat content (SDK-free): search result cards, the full item card, the
 * glossary answer and area lists. Every card names its source and whose rule it is.
 */
import type { ResolvedCitation } from '../domain/knowledge/citations.js';
import type { Area, GlossaryEntry, KnowledgeItem } from '../domain/knowledge/schema.js';
import { areaLabels, authorityLabels } from '../domain/knowledge/schema.js';
import { tokenize } from '../domain/knowledge/normalize.js';
import { mentionsWords, phraseWords } from '../domain/knowledge/phrases.js';
import {
  adaptiveCard,
  showCardAction,
  showItemAction,
  submitData,
  textBlock,
  type AdaptiveCard,
} from './cards/adaptive.js';
import type { MenuEntry, Texts } from './texts.js';

/** Card actions the bot understands (validated with zod in the dialog layer). */
export type CardAction =
  | { readonly action: 'showItem'; readonly id: string }
  | { readonly action: 'showArea'; readonly area: Area }
  | { readonly action: 'acuteRoutine' };

export function citationText(texts: Texts, c: ResolvedCitation): string {
  return texts.render('citation', {
    document: c.document,
    issuer: c.issuer,
    section: c.section,
    sectionNumber: /^\d/.test(c.section),
    // A law paragraph ("§ 7") is shown as it is, before the heading — once, when the heading
    // does not already start with it.
    sectionParagraph: /^§/.test(c.section) && !c.heading.startsWith(c.section),
    heading: c.heading,
    authority: authorityLabels[c.authority],
    external: c.external,
    expired: c.validUntil !== undefined,
    validUntil: c.validUntil,
  });
}

/**
 * The citation lines for a list of sources, each once: two citations of the same section
 * (different line ranges in the seed) read the same.
 */
export function citationLines(texts: Texts, sources: readonly ResolvedCitation[]): string[] {
  return [...new Set(sources.map((c) => citationText(texts, c)))];
}

/** "Vis kilder": every source of the card once, with whose rule it is (in the citation). */
export function sourcesBlocks(texts: Texts, sources: readonly ResolvedCitation[]): unknown[] {
  return citationLines(texts, sources).map((line, i) =>
    textBlock(`- ${line}`, { size: 'Small', spacing: i === 0 ? 'None' : 'Small' }),
  );
}

/** «Hvem sin regel: Stortinget – lov eller forskrift; …»: each issuer and authority once. */
export function whoseRuleBlock(
  texts: Texts,
  sources: readonly ResolvedCitation[],
): Record<string, unknown> {
  const whose = [
    ...new Set(sources.map((s) => `${s.issuer} – ${authorityLabels[s.authority]}`)),
  ].join('; ');
  return textBlock(`**${texts.labels.whoseRule}:** ${whose}`, { spacing: 'Medium' });
}

/** Authorities that are not a rule where this bot is used (Helse Sør-Øst) or not final. */
const notBinding = new Set<ResolvedCitation['authority']>([
  'other-region-model',
  'guideline-draft',
]);

/**
 * True when every source is another region's model, an expired plan or a draft: such a step or
 * follow-up goes under «Andre modeller og utkast», not among the steps to take.
 */
export function onlyOtherModels(sources: readonly ResolvedCitation[]): boolean {
  return (
    sources.length > 0 &&
    sources.every((c) => notBinding.has(c.authority) || c.validUntil !== undefined)
  );
}

/**
 * Sources numbered once per card: `refs[i]` is the marker for group i (" [1, 3]") to put after a
 * reason or step, and `blocks` the "Vis kilder" list ("[1] …"), each citation once.
 */
export function numberedSources(
  texts: Texts,
  groups: readonly (readonly ResolvedCitation[])[],
): { refs: string[]; blocks: unknown[] } {
  const lines: string[] = [];
  const refs = groups.map((sources) => {
    const numbers = [
      ...new Set(
        sources.map((c) => {
          const line = citationText(texts, c);
          if (!lines.includes(line)) lines.push(line);
          return lines.indexOf(line) + 1;
        }),
      ),
    ];
    return numbers.length > 0 ? ` [${numbers.join(', ')}]` : '';
  });
  const blocks = lines.map((line, i) =>
    textBlock(`[${i + 1}] ${line}`, { size: 'Small', spacing: i === 0 ? 'None' : 'Small' }),
  );
  return { refs, blocks };
}

function caveatBlock(texts: Texts, caveat: string | undefined): unknown[] {
  return caveat
    ? [
        {
          type: 'TextBlock',
          text: `⚠️ **${texts.labels.caveat}:** ${caveat}`,
          wrap: true,
          color: 'Warning',
        },
      ]
    : [];
}

/** Title, then area and whether it is a mandatory routine. */
function headerBlocks(texts: Texts, item: KnowledgeItem): unknown[] {
  const status = item.mandatory ? texts.labels.mandatory : texts.labels.notMandatory;
  return [
    { type: 'TextBlock', text: item.title, weight: 'Bolder', size: 'Medium', wrap: true },
    {
      type: 'TextBlock',
      text: `${areaLabels[item.area]} · ${status}`,
      isSubtle: true,
      spacing: 'None',
      wrap: true,
    },
  ];
}

/** One search hit: title, summary, first source with whose rule it is, and "Les hele". */
export function resultCard(
  texts: Texts,
  item: KnowledgeItem,
  sources: readonly ResolvedCitation[],
): AdaptiveCard {
  const first = sources[0];
  return adaptiveCard(
    [
      ...headerBlocks(texts, item),
      { type: 'TextBlock', text: item.summary, wrap: true },
      ...(first
        ? [
            {
              type: 'TextBlock',
              text: `${texts.labels.source}: ${citationText(texts, first)}`,
              wrap: true,
              isSubtle: true,
              size: 'Small',
            },
          ]
        : []),
      ...caveatBlock(texts, item.caveat),
    ],
    [showItemAction(item.id, `${texts.labels.readMore}: ${item.title}`, texts.labels.readMore)],
  );
}

/** The whole item: body, whose rule, every source, caveat and related items. */
export function itemCard(
  texts: Texts,
  item: KnowledgeItem,
  sources: readonly ResolvedCitation[],
  related: readonly KnowledgeItem[],
): AdaptiveCard {
  return adaptiveCard(
    [
      ...headerBlocks(texts, item),
      { type: 'TextBlock', text: item.summary, wrap: true, weight: 'Bolder' },
      { type: 'TextBlock', text: item.body, wrap: true },
      ...caveatBlock(texts, item.caveat),
      whoseRuleBlock(texts, sources),
    ],
    [
      showCardAction(texts.labels.showSources, sourcesBlocks(texts, sources)),
      ...related
        .slice(0, 4)
        .map((r) => showItemAction(r.id, r.title, `${texts.labels.related}: ${r.title}`)),
    ],
  );
}

/**
 * A pick-list card: a dropdown and one button (Teams shows only a few buttons per card, so long
 * lists use Input.ChoiceSet). The submit carries `{ action, [field]: chosen value }`.
 */
function pickCard(
  texts: Texts,
  intro: string,
  field: 'area' | 'id',
  action: CardAction['action'],
  choices: readonly { title: string; value: string }[],
  buttonTitle: string,
): AdaptiveCard {
  return adaptiveCard(
    [
      {
        type: 'Input.ChoiceSet',
        id: field,
        // The intro is the list's label: Web Chat renders no required input without one.
        label: intro,
        errorMessage: texts.labels.pickError,
        style: 'compact',
        isRequired: true,
        // Nothing chosen in advance: the list shows what to do until the user picks.
        placeholder: texts.labels.pickPlaceholder,
        choices,
      },
    ],
    [{ type: 'Action.Submit', title: buttonTitle, data: { action } }],
  );
}

/** No (sure) answer: let the user pick an area. */
export function areaPickCard(texts: Texts, intro: string, areaList: readonly Area[]): AdaptiveCard {
  return pickCard(
    texts,
    intro,
    'area',
    'showArea',
    areaList.map((area) => ({ title: areaLabels[area], value: area })),
    texts.labels.showArea,
  );
}

/** The items of one area. */
export function areaItemsCard(
  texts: Texts,
  area: Area,
  items: readonly KnowledgeItem[],
): AdaptiveCard {
  return pickCard(
    texts,
    texts.render('area-list', { area: areaLabels[area], count: items.length }),
    'id',
    'showItem',
    items.map((item) => ({ title: item.title, value: item.id })),
    texts.labels.readMore,
  );
}

export function glossaryText(
  texts: Texts,
  entry: GlossaryEntry,
  source: ResolvedCitation | undefined,
): string {
  return texts.render('glossary-answer', {
    abbr: entry.abbr,
    expansion: entry.expansion,
    description: entry.description,
    source: source ? citationText(texts, source) : '',
  });
}

/** A small card of "Les: <title>" buttons for knowledge items. */
export function readItemsCard(texts: Texts, items: readonly KnowledgeItem[]): AdaptiveCard {
  return adaptiveCard(
    [{ type: 'TextBlock', text: texts.labels.related, weight: 'Bolder', wrap: true }],
    items.map((item) => showItemAction(item.id, item.title)),
  );
}

/**
 * What names a flow in a question: its title, its synonyms of more than one word ("barn som
 * pårørende", "audit-c") and its `offeredFor.phrases`. One-word synonyms ("alkohol", "tilsyn")
 * only pick the entry from the menu; in a question they would offer the flow far too often.
 */
function flowNames(entry: MenuEntry): string[] {
  const multiWord = entry.synonyms.filter((s) => tokenize(s).length > 1);
  return [entry.title, ...multiWord, ...(entry.offeredFor?.phrases ?? [])];
}

/** Per menu: each offerable entry with its names split into words, once (not once per turn). */
const offerableNames = new WeakMap<
  readonly MenuEntry[],
  { entry: MenuEntry; names: string[][] }[]
>();

function offerable(menu: readonly MenuEntry[]): { entry: MenuEntry; names: string[][] }[] {
  let list = offerableNames.get(menu);
  if (!list) {
    list = menu
      .filter((entry) => entry.offeredFor !== undefined && entry.status === 'available')
      .map((entry) => ({ entry, names: flowNames(entry).map(phraseWords) }));
    offerableNames.set(menu, list);
  }
  return list;
}

/**
 * The flows a question names, typos tolerated ("barn som pårørnde", "BUP eller TSB 16 år",
 * "audit c"): offered first, before any answer. Only entries with `offeredFor` are offered.
 */
export function namedFlows(texts: Texts, question: string): MenuEntry[] {
  const said = phraseWords(question);
  return offerable(texts.menu)
    .filter(({ names }) => names.some((wanted) => mentionsWords(said, wanted)))
    .map(({ entry }) => entry);
}

/**
 * The flows a search answer offers to start: a flow whose `offeredFor` areas include a hit's
 * area, or that the question names (namedFlows).
 */
export function offeredFlows(
  texts: Texts,
  question: string,
  hits: readonly KnowledgeItem[],
  named: readonly MenuEntry[] = namedFlows(texts, question),
): MenuEntry[] {
  return texts.menu.filter((entry) => {
    const offer = entry.offeredFor;
    if (!offer || entry.status !== 'available') return false;
    const byArea = hits.some((h) =>
      [h.area, ...(h.alsoAreas ?? [])].some((a) => offer.areas.includes(a)),
    );
    return byArea || named.includes(entry);
  });
}

/** A short offer to start a flow, with one button per flow. */
export function flowOfferCard(texts: Texts, entries: readonly MenuEntry[]): AdaptiveCard {
  return adaptiveCard(
    entries.map((e) =>
      textBlock(texts.render('flow-offer', { title: e.title, description: e.description })),
    ),
    entries.map((e) => ({ type: 'Action.Submit', title: e.title, data: submitData(e.title) })),
  );
}
