/**
 * The manager view of Opplæring (issue 17) without surveillance: per module, how many learners
 * have finished a sitting («started») and how many have passed — counts only, one record, no
 * per-person data. Updated with an eTag so concurrent turns and instances do not lose a count.
 *
 * A learner may opt in («del resultatene mine»): then, and only then, a second record holds
 * their name and the modules they passed (date, score), until they withdraw («slutt å dele»),
 * which deletes their entry at once.
 */
import { newest, updateRecord, type RecordStore } from '../records.js';
import type { LearnerProgress } from './progress.js';

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

const SHARED_KEY = 'learning/shared';

/** An opted-in learner as the manager view shows them. */
export interface SharedLearner {
  readonly name: string;
  readonly modules: Readonly<Record<string, { readonly passedAt: string; readonly score: number }>>;
  readonly updatedAt: string;
}

/** The passed modules of a learner's progress, as shared. */
export function sharedModules(progress: LearnerProgress): SharedLearner['modules'] {
  return Object.fromEntries(
    Object.entries(progress.modules).flatMap(([id, r]) =>
      r.passedAt ? [[id, { passedAt: r.passedAt, score: r.bestScore ?? 0 }]] : [],
    ),
  );
}

/** The opted-in learners, by name. */
export async function readSharedLearners(store: RecordStore): Promise<SharedLearner[]> {
  const people = (await store.read<{ people: Record<string, SharedLearner> }>(SHARED_KEY))?.value
    .people;
  return Object.values(people ?? {}).sort((a, b) => a.name.localeCompare(b.name, 'nb'));
}

/**
 * Writes an opted-in learner's entry (`learner`), or deletes it (undefined: withdrawn). At most
 * `maxLearners` are kept; the one not updated for the longest goes first.
 */
export async function setSharedLearner(
  store: RecordStore,
  key: string,
  learner: SharedLearner | undefined,
  maxLearners: number,
): Promise<void> {
  await updateRecord<{ people: Record<string, SharedLearner> }>(store, SHARED_KEY, (current) => {
    const people = { ...(current?.people ?? {}) };
    if (!learner && !(key in people)) return undefined;
    const before = people[key];
    // Unchanged (the same name and modules): no write, fewer writers on the one record.
    if (
      learner &&
      before?.name === learner.name &&
      JSON.stringify(before.modules) === JSON.stringify(learner.modules)
    ) {
      return undefined;
    }
    if (learner) people[key] = learner;
    else delete people[key];
    return { people: newest(people, maxLearners, (p) => p.updatedAt) };
  });
}
