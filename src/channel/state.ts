/**
 * Storage factory: one place decides which botbuilder Storage backs conversation and user state,
 * so another store is a configuration change (Config.storage.kind), not a code change elsewhere.
 */
import { ConversationState, MemoryStorage, UserState, type Storage } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import type { Config } from '../shared/config.js';

export interface BotState {
  readonly storage: Storage;
  readonly conversationState: ConversationState;
  readonly userState: UserState;
}

export function createStorage(config: Pick<Config, 'storage'>): Storage {
  switch (config.storage.kind) {
    case 'memory':
      return new MemoryStorage();
    case 'blob':
      // Azure Blob Storage (or Azurite locally): state survives restarts and is shared by instances.
      return new BlobsStorage(config.storage.connectionString, config.storage.container);
  }
}

export function createBotState(storage: Storage): BotState {
  return {
    storage,
    conversationState: new ConversationState(storage),
    userState: new UserState(storage),
  };
}
