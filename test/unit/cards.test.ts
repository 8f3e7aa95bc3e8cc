/**
 * Every card the bot can send (test/support/cardCatalogue.ts) is valid Adaptive Cards 1.5 as
 * Microsoft's adaptivecards library parses it, every input has a label and an error message, and
 * answers are short enough for a busy ward: a first card shows at most 1,200 characters before
 * anything is opened, a checklist at most 2,500 (reasons, sources and details sit behind
 * "Vis begrunnelse" / "Vis kilder").
 */
import { expect } from 'chai';
import { cardCatalogue, type CatalogueCard } from '../support/cardCatalogue.js';
import { cardProblems, visibleChars } from '../support/cards.js';
import { testKnowledge } from '../support/transcript.js';

const LIMITS = { first: 1200, checklist: 2500 } as const;

describe('Cards the bot can send (issue 14)', function () {
  let cards: CatalogueCard[];

  before(async function () {
    cards = [...cardCatalogue(await testKnowledge())];
  });

  it('covers every kind of card', function () {
    const kinds = new Set(cards.map((c) => c.kind));
    expect([...kinds].sort()).to.deep.equal(['checklist', 'control', 'first', 'full']);
    expect(cards.length).to.be.greaterThan(300);
  });

  it('are valid Adaptive Cards 1.5, with a label and an error message on every input', function () {
    const bad = cards
      .map((c) => ({ name: c.name, problems: cardProblems(c.card) }))
      .filter((c) => c.problems.length > 0);
    expect(bad.slice(0, 5), `${bad.length} invalid card(s)`).to.deep.equal([]);
  });

  for (const kind of ['first', 'checklist'] as const) {
    it(`show at most ${LIMITS[kind].toLocaleString('en')} characters before a toggle is opened (${kind === 'first' ? 'first cards' : 'every checklist for every answer path'})`, function () {
      const over = cards
        .filter((c) => c.kind === kind)
        .map((c) => ({ name: c.name, visible: visibleChars(c.card) }))
        .filter((c) => c.visible > LIMITS[kind])
        .sort((a, b) => b.visible - a.visible);
      expect(over.slice(0, 8), `${over.length} card(s) too long`).to.deep.equal([]);
    });
  }
});
