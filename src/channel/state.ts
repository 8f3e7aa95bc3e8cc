/**
 * Storage factory: one place decides which botbuilder Storage backs conversation and user state,
 * so another store is a configuration change (Config.storage.kind), not a code change elsewhere.
 *
 * Two guarantees are added on top of botbuilder's stores:
 * - memory storage is bounded (total bytes, least recently used evicted first, and an idle
 *   time-to-live), so new conversation ids cannot grow the process without limit;
 * - optimistic concurrency: botbuilder's BotState writes every state with eTag '*' (last writer
 *   wins), so two turns of one conversation on two instances silently lose one answer.
 *   OptimisticStorage remembers the eTag each state was read with and writes with it, so the
 *   second writer gets a StateConflictError instead (the bot then asks the user to send again).
 */
import {
  ConversationState,
  UserState,
  type Storage,
  type StoreItems,
  type TurnContext,
} from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { LRUCache } from 'lru-cache';
import type { Config } from '../shared/config.js';
import { teamsObjectId } from './messenger.js';

export interface BotState {
  readonly storage: Storage;
  readonly conversationState: ConversationState;
  readonly userState: UserState;
}

/** Another turn changed this state since it was read; this turn's changes were not saved. */
export class StateConflictError extends Error {
  constructor(readonly key: string) {
    super(`State "${key}" was changed by another turn since it was read`);
    this.name = 'StateConflictError';
  }
}

const CONFLICT = /eTag conflict|precondition|ConditionNotMet/i;

export function isConflict(err: unknown): boolean {
  const e = err as { statusCode?: unknown; code?: unknown; message?: unknown };
  return (
    e?.statusCode === 412 ||
    e?.code === 'ConditionNotMet' ||
    (typeof e?.message === 'string' && CONFLICT.test(e.message))
  );
}

/**
 * In-memory storage with bounds: at most `maxBytes` of serialised state in total (least recently
 * used items are evicted first) and each item forgotten after `ttlMs` without use. eTags behave as
 * in botbuilder's MemoryStorage: '*' or none overwrites, any other value must match.
 */
export class BoundedMemoryStorage implements Storage {
  private readonly items: LRUCache<string, { json: string; eTag: string }>;
  private nextETag = 1;

  constructor(limits: { maxBytes: number; ttlMs: number; now?: () => number }) {
    const now = limits.now;
    this.items = new LRUCache({
      ...(now ? { perf: { now } } : {}),
      maxSize: limits.maxBytes,
      // UTF-16 length, close enough to bytes for a bound; at least 1 as lru-cache requires.
      sizeCalculation: (value, key) => Math.max(1, value.json.length + key.length),
      ttl: limits.ttlMs,
      updateAgeOnGet: true,
      ttlAutopurge: false,
      ttlResolution: 0,
    });
  }

  /** Items currently held (for tests and diagnostics). */
  get size(): number {
    return this.items.size;
  }

  /** Serialised bytes currently held (approximate: UTF-16 code units). */
  get bytes(): number {
    return this.items.calculatedSize;
  }

  read(keys: string[]): Promise<StoreItems> {
    const found: StoreItems = {};
    for (const key of keys) {
      const item = this.items.get(key);
      if (item) found[key] = { ...(JSON.parse(item.json) as object), eTag: item.eTag };
    }
    return Promise.resolve(found);
  }

  write(changes: StoreItems): Promise<void> {
    for (const [key, change] of Object.entries(changes)) {
      const { eTag, ...rest } = (change ?? {}) as { eTag?: unknown };
      const current = this.items.get(key);
      if (typeof eTag === 'string' && eTag !== '*' && eTag !== '' && current?.eTag !== eTag) {
        return Promise.reject(new Error(`Storage: error writing "${key}" due to eTag conflict.`));
      }
      this.items.set(key, { json: JSON.stringify(rest), eTag: String(this.nextETag++) });
    }
    return Promise.resolve();
  }

  delete(keys: string[]): Promise<void> {
    for (const key of keys) this.items.delete(key);
    return Promise.resolve();
  }
}

/** Where OptimisticStorage keeps the eTag an item was read with (invisible to JSON and hashes). */
const READ_ETAG = Symbol('fagstotte.readETag');

/**
 * Wraps a Storage so that a state written back carries the eTag it was read with, whatever
 * botbuilder's BotState set (it always sets '*'). The remembered eTag lives on the read object
 * itself as a non-enumerable symbol property, so it follows that state through the turn and is
 * never serialised. A state that did not exist when read is written unconditionally.
 */
export class OptimisticStorage implements Storage {
  constructor(private readonly inner: Storage) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items = await this.inner.read(keys);
    for (const item of Object.values(items)) {
      if (item && typeof item === 'object') {
        const eTag = (item as { eTag?: unknown }).eTag;
        Object.defineProperty(item, READ_ETAG, {
          value: typeof eTag === 'string' ? eTag : '*',
          enumerable: false,
          writable: true,
        });
      }
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const outgoing: StoreItems = {};
    const originals: object[] = [];
    for (const [key, change] of Object.entries(changes) as [string, unknown][]) {
      const readETag =
        change && typeof change === 'object'
          ? (change as Record<symbol, unknown>)[READ_ETAG]
          : undefined;
      outgoing[key] =
        typeof readETag === 'string' && readETag !== '*'
          ? { ...(change as object), eTag: readETag }
          : change;
      if (change && typeof change === 'object') originals.push(change);
    }
    try {
      await this.inner.write(outgoing);
    } catch (err) {
      if (isConflict(err)) throw new StateConflictError(Object.keys(changes).join(', '));
      throw err;
    }
    // The new eTag is not returned by Storage.write; a second save in the same turn overwrites.
    for (const original of originals) {
      Object.defineProperty(original, READ_ETAG, { value: '*', enumerable: false, writable: true });
    }
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

export function createStorage(config: Pick<Config, 'storage'>): Storage {
  switch (config.storage.kind) {
    case 'memory':
      // One instance only: nothing here is shared with another process.
      return new OptimisticStorage(
        new BoundedMemoryStorage({
          maxBytes: config.storage.maxBytes,
          ttlMs: config.storage.ttlMinutes * 60_000,
        }),
      );
    case 'blob':
      // Azure Blob Storage (or Azurite locally): state survives restarts and is shared by
      // instances; a stale write fails on the blob's ETag (If-Match).
      return new OptimisticStorage(
        new BlobsStorage(config.storage.connectionString, config.storage.container),
      );
  }
}

/**
 * User state keyed by the Entra ID object id when the channel gives one (Teams): it is the same
 * person whichever bot registration, tenant-wide app or chat the message comes from, where the
 * Teams user id (29:…) is per bot. Otherwise the channel's user id, as botbuilder does.
 */
export class PersonUserState extends UserState {
  override getStorageKey(context: TurnContext): string | undefined {
    const objectId = teamsObjectId(context);
    if (objectId === undefined) return super.getStorageKey(context);
    return `${context.activity.channelId}/aad-users/${objectId}/`;
  }
}

export function createBotState(storage: Storage): BotState {
  return {
    storage,
    conversationState: new ConversationState(storage),
    userState: new PersonUserState(storage),
  };
}
