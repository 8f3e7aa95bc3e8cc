/**
 * The daily repetition nudge in Teams (issue 17): «2 repetisjonsspørsmål venter», sent to a
 * learner's personal chat in the configured hour (Norwegian time), at most once a day, only while
 * questions are due, never after the learner turned it off.
 *
 * A nudge must be sent without a turn of the learner's, so the learners who may get one are kept
 * in one record of their own: per learner the place to write (an opaque reference the channel
 * layer made), the due times of their repetition questions, whether they want nudges, and when
 * the last one went. A learner is in it only while they have repetition scheduled; at most
 * `maxLearners` are kept (the one not seen for the longest is dropped first). Claiming the day's
 * nudges is one eTag-checked write, so of several instances only one sends each nudge.
 *
 * Plain TypeScript: no botbuilder.
 */
import { newest, updateRecord, type OpaqueRef, type RecordStore } from '../records.js';
import type { LearnerProgress } from './progress.js';

const KEY = 'learning/nudges';
export const NUDGE_TIME_ZONE = 'Europe/Oslo';

/** What the nudge rule needs to know of a learner. */
export interface NudgeState {
  readonly nudges: boolean;
  /** When each of the learner's repetition questions is due (ISO). */
  readonly dues: readonly string[];
  readonly lastNudge?: string;
}

export interface NudgeEntry extends NudgeState {
  readonly ref: OpaqueRef;
  /** When the learner's progress last changed (for dropping the oldest beyond the cap). */
  readonly seen: string;
}

interface NudgeRecord {
  readonly learners: Readonly<Record<string, NudgeEntry>>;
}

/** How many of `dues` are due at `now`. */
export function dueCount(dues: readonly string[], now: Date): number {
  return dues.filter((d) => Date.parse(d) <= now.getTime()).length;
}

const localDay = (d: Date, timeZone: string): string => d.toLocaleDateString('sv-SE', { timeZone });

const localHour = (d: Date, timeZone: string): number =>
  Number(
    new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(d),
  );

/**
 * Whether to send the nudge now: repetition is due, the learner has not turned nudges off, it is
 * the configured hour in the time zone (a server down through that hour skips the day rather
 * than nudging in the evening), and none was sent on this calendar day.
 */
export function shouldNudge(
  state: NudgeState,
  now: Date,
  hour: number,
  timeZone = NUDGE_TIME_ZONE,
): boolean {
  if (!state.nudges || dueCount(state.dues, now) === 0) return false;
  if (localHour(now, timeZone) !== hour) return false;
  return (
    !state.lastNudge || localDay(new Date(state.lastNudge), timeZone) !== localDay(now, timeZone)
  );
}

export interface Nudge {
  readonly learner: string;
  readonly ref: OpaqueRef;
  readonly count: number;
}

export class LearningReminders {
  private readonly store: RecordStore;
  private readonly hour: number;
  private readonly maxLearners: number;
  private readonly now: () => Date;

  constructor(deps: {
    store: RecordStore;
    /** The hour (0–23, Norwegian time) nudges are sent in. */
    hour: number;
    maxLearners: number;
    now?: () => Date;
  }) {
    this.store = deps.store;
    this.hour = deps.hour;
    this.maxLearners = deps.maxLearners;
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Keeps the learner's entry in step with their progress: added or updated while they have
   * repetition scheduled, removed when they have none. `ref` (where to write: their personal
   * chat) is given when the change came from there; a change made elsewhere (a group chat)
   * updates an existing entry's due times and on/off, and adds none.
   */
  async track(
    learner: string,
    ref: OpaqueRef | undefined,
    progress: LearnerProgress,
  ): Promise<void> {
    const dues = progress.reviews.map((c) => c.due);
    await updateRecord<NudgeRecord>(this.store, KEY, (current) => {
      const learners = { ...(current?.learners ?? {}) };
      const before = learners[learner];
      if (dues.length === 0) {
        if (!before) return undefined;
        delete learners[learner];
        return { learners };
      }
      const to = ref ?? before?.ref;
      if (!to) return undefined;
      const same =
        before !== undefined &&
        before.nudges === progress.nudges &&
        JSON.stringify(before.dues) === JSON.stringify(dues) &&
        JSON.stringify(before.ref) === JSON.stringify(to);
      if (same) return undefined; // nothing to write: fewer writers on the one record
      learners[learner] = {
        ref: to,
        dues,
        nudges: progress.nudges,
        seen: this.now().toISOString(),
        ...(before?.lastNudge ? { lastNudge: before.lastNudge } : {}),
      };
      return { learners: newest(learners, this.maxLearners, (e) => e.seen) };
    });
  }

  /** The nudges to send now, claimed (marked sent today) in one write so no other instance sends them. */
  async claimDue(): Promise<Nudge[]> {
    const now = this.now();
    // Outside the hour nobody is due a nudge: no need to read the record every minute.
    if (localHour(now, NUDGE_TIME_ZONE) !== this.hour) return [];
    let claimed: Nudge[] = [];
    await updateRecord<NudgeRecord>(this.store, KEY, (current) => {
      const learners = current?.learners ?? {};
      claimed = Object.entries(learners)
        .filter(([, e]) => shouldNudge(e, now, this.hour))
        .map(([learner, e]) => ({ learner, ref: e.ref, count: dueCount(e.dues, now) }));
      if (claimed.length === 0) return undefined;
      const lastNudge = now.toISOString();
      const next = { ...learners };
      for (const n of claimed) next[n.learner] = { ...learners[n.learner]!, lastNudge };
      return { learners: next };
    });
    return claimed;
  }

  /** The learner's entry (for tests and diagnostics). */
  async entry(learner: string): Promise<NudgeEntry | undefined> {
    return (await this.store.read<NudgeRecord>(KEY))?.value.learners[learner];
  }
}
