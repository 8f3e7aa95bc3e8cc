/**
 * A learner's progress (issue 17): a sitting asks missed questions again once, a module is
 * passed at ≥ 80 % right on the first try, and the Leitner scheduler brings questions back at
 * about a day, a week and a month — with a fake clock.
 */
import { expect } from 'chai';
import {
  answer,
  dueReviews,
  emptyProgress,
  finishSitting,
  recordReview,
  result,
  startSitting,
} from '../../src/domain/learning/progress.js';
import type { LearningModule } from '../../src/domain/learning/schema.js';

const module = {
  id: 'm',
  questions: Array.from({ length: 10 }, (_, i) => ({ id: `q${i + 1}` })),
} as unknown as LearningModule;

/** Answers the sitting: `wrongFirst` are missed the first time, right the second. */
function sit(wrongFirst: readonly string[]) {
  let s = startSitting(module);
  const seen = new Set<string>();
  while (s.queue.length > 0) {
    const id = s.queue[0] ?? '';
    const right = !wrongFirst.includes(id) || seen.has(id);
    seen.add(id);
    s = answer(s, right);
  }
  return s;
}

const day = (d: number, h = 10): Date => new Date(Date.UTC(2026, 11, d, h - 1)); // Oslo = UTC+1

describe('Learning progress and spaced repetition (issue 17)', function () {
  it('asks a missed question again at the end of the sitting, once, and scores the first try', function () {
    let s = startSitting(module);
    s = answer(s, false); // q1 missed
    expect(s.queue.at(-1)).to.equal('q1');
    const r = result(module, sit(['q1', 'q2']));
    expect(r).to.include({ right: 8, total: 10, passed: true });
    expect(r.missed).to.deep.equal(['q1', 'q2']);
    expect(result(module, sit(['q1', 'q2', 'q3'])).passed).to.equal(false);
  });

  it('passes at 80 %, records the knowledge-base version, and schedules three questions, missed first', function () {
    const p = finishSitting(emptyProgress, module, sit(['q4']), day(1), 'kb-v1');
    expect(p.modules.m).to.include({ attempts: 1, bestScore: 0.9, kbVersion: 'kb-v1' });
    expect(p.reviews.map((c) => c.questionId)).to.deep.equal(['q4', 'q1', 'q2']);
    expect(dueReviews(p, day(1, 23))).to.deep.equal([]);
    expect(dueReviews(p, day(2))).to.have.length(3);
  });

  it('does not pass below 80 % and schedules nothing; a later pass does', function () {
    let p = finishSitting(emptyProgress, module, sit(['q1', 'q2', 'q3']), day(1), 'kb-v1');
    expect(p.modules.m?.passedAt).to.equal(undefined);
    expect(p.reviews).to.deep.equal([]);
    p = finishSitting(p, module, sit([]), day(2), 'kb-v1');
    expect(p.modules.m).to.include({ attempts: 2, bestScore: 1 });
    expect(p.reviews).to.have.length(3);
  });

  it('moves a question from a day to a week to a month, and back to a day when missed', function () {
    let p = finishSitting(emptyProgress, module, sit([]), day(1), 'kb-v1');
    p = recordReview(p, 'm', 'q1', true, day(2));
    expect(p.reviews.find((c) => c.questionId === 'q1')).to.include({ box: 2 });
    expect(dueReviews(p, day(8)).map((c) => c.questionId)).to.not.include('q1');
    expect(dueReviews(p, day(9)).map((c) => c.questionId)).to.include('q1');
    p = recordReview(p, 'm', 'q1', true, day(9));
    expect(p.reviews.find((c) => c.questionId === 'q1')).to.include({ box: 3 });
    p = recordReview(p, 'm', 'q2', false, day(2));
    expect(p.reviews.find((c) => c.questionId === 'q2')).to.include({ box: 1 });
    // Right in the last box: learnt.
    p = recordReview(p, 'm', 'q1', true, new Date(day(9).getTime() + 30 * 86_400_000));
    expect(p.reviews.map((c) => c.questionId)).to.not.include('q1');
  });
});
