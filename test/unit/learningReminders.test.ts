/**
 * The daily repetition nudge (issue 17): at most once a day, only in the configured hour of
 * Norwegian time, only while questions are due, never when turned off; learners tracked while
 * they have repetition scheduled, at most `maxLearners`; two instances never both claim a nudge.
 */
import { expect } from 'chai';
import { storageRecordStore } from '../../src/channel/recordStore.js';
import { BoundedMemoryStorage } from '../../src/channel/state.js';
import {
  emptyProgress,
  finishSitting,
  startSitting,
  answer,
} from '../../src/domain/learning/progress.js';
import { LearningReminders, shouldNudge } from '../../src/domain/learning/reminders.js';
import type { LearningModule } from '../../src/domain/learning/schema.js';

const module = {
  id: 'm',
  questions: Array.from({ length: 5 }, (_, i) => ({ id: `q${i + 1}` })),
} as unknown as LearningModule;

/** 2026-12-<d> at <h>:00 in Oslo (UTC+1 in December). */
const day = (d: number, h = 10): Date => new Date(Date.UTC(2026, 11, d, h - 1));

function passed(at: Date) {
  let s = startSitting(module);
  while (s.queue.length > 0) s = answer(s, true);
  return finishSitting(emptyProgress, module, s, at, 'kb-v1');
}

const ref = (user: string) => ({ channelId: 'msteams', conversationId: `a:${user}` });

describe('The daily repetition nudge (issue 17)', function () {
  it('nudges only in the configured hour, at most once a calendar day, only when due, never when off', function () {
    const dues = passed(day(1)).reviews.map((c) => c.due); // due 10:00 on the 2nd
    const state = { nudges: true, dues };
    expect(shouldNudge(state, day(2, 9), 9)).to.equal(false); // 09:00, nothing due yet
    expect(shouldNudge(state, day(3, 8), 9)).to.equal(false); // due, but 08:00
    expect(shouldNudge(state, day(3, 9), 9)).to.equal(true);
    expect(shouldNudge(state, new Date(day(3, 9).getTime() + 59 * 60_000), 9)).to.equal(true);
    expect(shouldNudge(state, day(3, 10), 9)).to.equal(false); // the hour has passed: next day
    const nudged = { ...state, lastNudge: day(3, 9).toISOString() };
    expect(shouldNudge(nudged, new Date(day(3, 9).getTime() + 30 * 60_000), 9)).to.equal(false);
    expect(shouldNudge(nudged, day(4, 9), 9)).to.equal(true);
    expect(shouldNudge({ ...state, nudges: false }, day(4, 9), 9)).to.equal(false);
    // Oslo time, not UTC: 09:30 in Oslo in summer is 07:30 UTC.
    const summer = { nudges: true, dues: ['2026-06-01T00:00:00Z'] };
    expect(shouldNudge(summer, new Date('2026-06-02T07:30:00Z'), 9)).to.equal(true);
    expect(shouldNudge(summer, new Date('2026-06-02T09:30:00Z'), 9)).to.equal(false);
  });

  it('tracks a learner while repetition is scheduled, and claims each nudge once across instances', async function () {
    const store = storageRecordStore(new BoundedMemoryStorage({ maxBytes: 1e6, ttlMs: 1e9 }));
    let now = day(1);
    const a = new LearningReminders({ store, hour: 9, maxLearners: 10, now: () => now });
    const b = new LearningReminders({ store, hour: 9, maxLearners: 10, now: () => now });
    const progress = passed(day(1));
    await a.track('anne', ref('anne'), progress);
    await a.track('bjorn', ref('bjorn'), { ...progress, nudges: false });
    await a.track('cato', ref('cato'), emptyProgress); // nothing scheduled: not tracked
    expect(await a.entry('cato')).to.equal(undefined);

    now = day(3, 9);
    const [first, second] = await Promise.all([a.claimDue(), b.claimDue()]);
    const all = [...first, ...second];
    expect(all).to.have.length(1);
    expect(all[0]).to.deep.include({ learner: 'anne', count: 3, ref: ref('anne') });
    now = new Date(day(3, 9).getTime() + 20 * 60_000);
    expect(await a.claimDue()).to.deep.equal([]);
    now = day(4, 9);
    expect((await b.claimDue()).map((n) => n.learner)).to.deep.equal(['anne']);

    // Turned off in a group chat (no ref from there): the entry from the personal chat follows.
    await a.track('anne', undefined, { ...progress, nudges: false });
    expect(await a.entry('anne')).to.deep.include({ nudges: false, ref: ref('anne') });
    // A learner never seen in a personal chat is not added from elsewhere.
    await a.track('dag', undefined, progress);
    expect(await a.entry('dag')).to.equal(undefined);
    await a.track('anne', ref('anne'), progress);

    // No repetition left: the learner is forgotten.
    await a.track('anne', ref('anne'), { ...progress, reviews: [] });
    expect(await a.entry('anne')).to.equal(undefined);
  });

  it('keeps at most maxLearners, dropping the one not seen for the longest', async function () {
    const store = storageRecordStore(new BoundedMemoryStorage({ maxBytes: 1e6, ttlMs: 1e9 }));
    let now = day(1);
    const r = new LearningReminders({ store, hour: 9, maxLearners: 2, now: () => now });
    const progress = passed(day(1));
    for (const [i, user] of ['anne', 'bjorn', 'cato'].entries()) {
      now = new Date(day(1).getTime() + i * 60_000);
      await r.track(user, ref(user), progress);
    }
    expect(await r.entry('anne')).to.equal(undefined);
    expect(await r.entry('bjorn')).to.not.equal(undefined);
    expect(await r.entry('cato')).to.not.equal(undefined);
  });
});
