/**
 * Option lengths in the shipped learning modules (issue 17): a learner must not be able to pass
 * by picking the longest answer (or any other length rank) instead of knowing the rule. A new-user
 * trial found that in 30 of 36 single-choice and case questions the right option was the unique
 * longest one; these checks keep length from giving the answer away again.
 *
 * Length is the number of characters of an option's text. The thresholds are set so that no
 * length-based strategy comes near the pass mark of a module (≥ 80 % right on the first try).
 */
import { expect } from 'chai';
import path from 'node:path';
import { loadKnowledge } from '../../src/domain/knowledge/load.js';
import type { LearningModule, LearningQuestion } from '../../src/domain/learning/schema.js';

const knowledge = path.resolve(import.meta.dirname, '..', '..', 'knowledge');

/** At most this share of single/case questions may have the right option as the unique longest. */
const MAX_LONGEST_SHARE = 0.4;
/** No «always pick the n-th longest (or the shortest) option» strategy may win more often. */
const MAX_RANK_STRATEGY_SHARE = 0.4;
/** Within a module, picking the longest option may win at most half of its single/case questions. */
const MAX_LONGEST_SHARE_PER_MODULE = 0.5;
/** The average right option may be at most this much longer or shorter than the average distractor. */
const MAX_AVERAGE_DIFFERENCE = 0.25;
/** At most this share of multiple-choice questions may have every right option longer than every wrong. */
const MAX_ALL_RIGHT_LONGER_SHARE = 0.25;

interface Asked {
  readonly module: string;
  readonly question: LearningQuestion;
}

const length = (text: string): number => text.trim().length;
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const name = ({ module, question }: Asked): string => `${module}/${question.id}`;

/** The lengths of the right and the wrong options of some questions, pooled. */
function pooled(asked: readonly Asked[]): { right: number[]; wrong: number[] } {
  const right: number[] = [];
  const wrong: number[] = [];
  for (const { question } of asked) {
    for (const o of question.options) (o.correct ? right : wrong).push(length(o.text));
  }
  return { right, wrong };
}

/** Whether the one right option of a single/case question is longer than every other option. */
function rightIsUniqueLongest(q: LearningQuestion): boolean {
  const right = q.options.find((o) => o.correct);
  if (!right) return false;
  return q.options.every((o) => o === right || length(o.text) < length(right.text));
}

/**
 * The expected score of «always pick the option at length rank `rank`» (0 = longest; -1 =
 * shortest) on one single/case question: the options of that length share the credit, as a
 * learner choosing among equally long options picks one of them at random.
 */
function rankStrategyScore(q: LearningQuestion, rank: number): number {
  const lengths = q.options.map((o) => length(o.text)).sort((a, b) => b - a);
  const at = rank < 0 ? lengths[lengths.length - 1] : lengths[Math.min(rank, lengths.length - 1)];
  const same = q.options.filter((o) => length(o.text) === at);
  return same.filter((o) => o.correct).length / same.length;
}

describe('Learning options: length does not give the answer away (issue 17)', function () {
  let modules: readonly LearningModule[];
  let all: Asked[];
  let single: Asked[];
  let multiple: Asked[];

  before(async function () {
    modules = (await loadKnowledge(knowledge)).learning;
    all = modules.flatMap((m) => m.questions.map((question) => ({ module: m.id, question })));
    single = all.filter(({ question }) => question.kind !== 'multiple');
    multiple = all.filter(({ question }) => question.kind === 'multiple');
  });

  it('ships single/case and multiple-choice questions to check', function () {
    expect(single.length).to.be.greaterThan(20);
    expect(multiple.length).to.be.greaterThan(5);
  });

  it(`has the right option as the unique longest in at most ${MAX_LONGEST_SHARE * 100} % of single/case questions`, function () {
    const longest = single.filter(({ question }) => rightIsUniqueLongest(question));
    expect(
      longest.length / single.length,
      `${longest.length} of ${single.length}: ${longest.map(name).join(', ')}`,
    ).to.be.at.most(MAX_LONGEST_SHARE);
  });

  it(`lets no length-rank strategy win more than ${MAX_RANK_STRATEGY_SHARE * 100} % of single/case questions`, function () {
    const most = Math.max(...single.map(({ question }) => question.options.length));
    const ranks = [...Array.from({ length: most }, (_, i) => i), -1];
    for (const rank of ranks) {
      const score = mean(single.map(({ question }) => rankStrategyScore(question, rank)));
      const label = rank < 0 ? 'the shortest' : `length rank ${rank + 1}`;
      expect(score, `always picking ${label}`).to.be.at.most(MAX_RANK_STRATEGY_SHARE);
    }
  });

  it(`lets picking the longest option win at most ${MAX_LONGEST_SHARE_PER_MODULE * 100} % of a module’s single/case questions`, function () {
    for (const m of modules) {
      const own = single.filter(({ module }) => module === m.id);
      if (own.length === 0) continue;
      const score = mean(own.map(({ question }) => rankStrategyScore(question, 0)));
      expect(score, m.id).to.be.at.most(MAX_LONGEST_SHARE_PER_MODULE);
    }
  });

  for (const [label, pick] of [
    ['single/case questions', (): Asked[] => single],
    ['multiple-choice questions', (): Asked[] => multiple],
    ['all questions', (): Asked[] => all],
  ] as const) {
    it(`has right options on average within ${MAX_AVERAGE_DIFFERENCE * 100} % of the length of distractors (${label})`, function () {
      const { right, wrong } = pooled(pick());
      const difference = mean(right) / mean(wrong) - 1;
      expect(
        Math.abs(difference),
        `right ${mean(right).toFixed(1)}, wrong ${mean(wrong).toFixed(1)} characters`,
      ).to.be.at.most(MAX_AVERAGE_DIFFERENCE);
    });
  }

  it(`has every right option longer than every distractor in at most ${MAX_ALL_RIGHT_LONGER_SHARE * 100} % of multiple-choice questions`, function () {
    const giveaway = multiple.filter(({ question }) => {
      const right = question.options.filter((o) => o.correct).map((o) => length(o.text));
      const wrong = question.options.filter((o) => !o.correct).map((o) => length(o.text));
      return Math.min(...right) > Math.max(...wrong);
    });
    expect(
      giveaway.length / multiple.length,
      `${giveaway.length} of ${multiple.length}: ${giveaway.map(name).join(', ')}`,
    ).to.be.at.most(MAX_ALL_RIGHT_LONGER_SHARE);
  });
});
