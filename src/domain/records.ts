/**
 * Key-value records with optimistic concurrency, for the domain's own data kept in the bot's
 * storage (the konsultasjon inbox, the Opplæring counts). The channel layer adapts botbuilder's
 * Storage to `RecordStore` (src/channel/recordStore.ts).
 */

/** A place to write to later, as the channel layer describes it (serviceUrl, ids …). */
export type OpaqueRef = Readonly<Record<string, string>>;

export interface RecordStore {
  read<T>(key: string): Promise<{ readonly value: T; readonly eTag: string } | undefined>;
  /** Writes `value`; with `eTag`, only if the record is unchanged since it was read. */
  write<T>(key: string, value: T, eTag?: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Another writer changed the record since it was read. */
export class RecordConflictError extends Error {
  constructor(readonly key: string) {
    super(`Record "${key}" was changed by another writer`);
    this.name = 'RecordConflictError';
  }
}

/** How often a read-modify-write is tried when other writers keep coming first. */
const RETRIES = 5;

/**
 * Read-modify-write of one record, tried again when another writer came first. `update` gets
 * the current value (undefined when there is none) and returns the new one, or undefined to
 * leave the record as it is; it may run more than once. Returns what was written.
 */
export async function updateRecord<T>(
  store: RecordStore,
  key: string,
  update: (current: T | undefined) => T | undefined,
): Promise<T | undefined> {
  for (let attempt = 1; ; attempt++) {
    const read = await store.read<T>(key);
    const next = update(read?.value);
    if (next === undefined) return undefined;
    try {
      await store.write(key, next, read?.eTag);
      return next;
    } catch (err) {
      if (!(err instanceof RecordConflictError) || attempt >= RETRIES) throw err;
    }
  }
}

/**
 * At most `max` of the entries: those with the latest `at` (an ISO time), so a bounded record
 * drops the one not seen for the longest first. The same object when there are no more.
 */
export function newest<T>(
  entries: Record<string, T>,
  max: number,
  at: (entry: T) => string,
): Record<string, T> {
  const list = Object.entries(entries);
  if (list.length <= max) return entries;
  return Object.fromEntries(
    list.sort(([, a], [, b]) => Date.parse(at(b)) - Date.parse(at(a))).slice(0, max),
  );
}
