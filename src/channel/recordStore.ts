/**
 * The konsultasjon inbox's record store on the bot's own storage: memory (one instance, bounded,
 * records kept for the retention period) or the same Azure Blob container as conversation state
 * (keys start with «konsultasjon/»), with eTag checks so concurrent writers do not lose updates.
 */
import type { Storage } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { RecordConflictError, type RecordStore } from '../domain/records.js';
import type { Config } from '../shared/config.js';
import { BoundedMemoryStorage, isConflict } from './state.js';

export function storageRecordStore(storage: Storage): RecordStore {
  return {
    async read<T>(key: string) {
      const item = (await storage.read([key]))[key] as (T & { eTag?: string }) | undefined;
      if (!item) return undefined;
      const { eTag, ...value } = item;
      return { value: value as T, eTag: typeof eTag === 'string' ? eTag : '*' };
    },
    async write<T>(key: string, value: T, eTag?: string) {
      try {
        await storage.write({ [key]: { ...value, eTag: eTag ?? '*' } });
      } catch (err) {
        if (isConflict(err)) throw new RecordConflictError(key);
        throw err;
      }
    },
    delete(key: string) {
      return storage.delete([key]);
    },
  };
}

/** The inbox's store for this configuration. */
export function createRecordStore(config: Pick<Config, 'storage' | 'konsultasjon'>): RecordStore {
  if (config.storage.kind === 'blob') {
    return storageRecordStore(
      new BlobsStorage(config.storage.connectionString, config.storage.container),
    );
  }
  // Its own bounded memory, so conversation churn cannot evict requests before their time.
  return storageRecordStore(
    new BoundedMemoryStorage({
      maxBytes: 64 * 1024 * 1024,
      ttlMs: config.konsultasjon.retentionDays * 86_400_000,
    }),
  );
}
