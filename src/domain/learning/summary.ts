/**
 * The manager view of Opplæring (issue 17) without surveillance: per module, how many learners
 * have finished a sitting («started») and how many have passed — counts only, one record, no
 * per-person data. Updated with an eTag so concurrent turns and instances do not lose a count.
 */
import { updateRecord, type RecordStore } from '../records.js';

const KEY = 'learning/summary';

export interface LearningCounts {
  readonly started: number;
  readonly passed: number;
}
export type LearningSummary = Readonly<Record<string, LearningCounts>>;

export async function readLearningSummary(store: RecordStore): Promise<LearningSummary> {
  return (await store.read<{ modules: LearningSummary }>(KEY))?.value.modules ?? {};
}

/** Counts a learner's first finished sitting of a module, and a first pass. */
export async function countSitting(
  store: RecordStore,
  moduleId: string,
  change: { readonly firstSitting: boolean; readonly firstPass: boolean },
): Promise<void> {
  if (!change.firstSitting && !change.firstPass) return;
  await updateRecord<{ modules: LearningSummary }>(store, KEY, (current) => {
    const modules = current?.modules ?? {};
    const before = modules[moduleId] ?? { started: 0, passed: 0 };
    return {
      modules: {
        ...modules,
        [moduleId]: {
          started: before.started + (change.firstSitting ? 1 : 0),
          passed: before.passed + (change.firstPass ? 1 : 0),
        },
      },
    };
  });
}
