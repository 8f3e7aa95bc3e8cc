/**
 * The transcript harness: the whole bot (middleware, root dialog, flows) on botbuilder's
 * TestAdapter with the nb-NO locale, driven turn by turn. The only test file that imports the
 * Bot Framework test adapter, so a move to another SDK swaps this file, not the transcripts.
 */
import { TestAdapter, type Activity, type Storage } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { configureAdapter } from '../../src/channel/runtime.js';
import { createBotRuntime, type BotRuntime } from '../../src/channel/runtime.js';
import path from 'node:path';
import { loadKnowledge } from '../../src/domain/knowledge/load.js';
import {
  createKnowledgeService,
  type KnowledgeService,
} from '../../src/domain/knowledge/service.js';
import { loadTexts, type Texts } from '../../src/presentation/texts.js';
import { loadConfig } from '../../src/shared/config.js';
import { silentLogger, type Logger } from '../../src/shared/logger.js';

export type ChannelId = 'msteams' | 'webchat';

export interface Reply {
  readonly type: string;
  readonly text: string;
  readonly attachments: readonly { contentType: string; content?: unknown }[];
  readonly suggestedActions: readonly string[];
  readonly raw: Partial<Activity>;
}

export interface TestConversation {
  /** Sends a message (text or card submit) and returns the bot's replies to it (typing excluded). */
  say(input: string | Partial<Activity>): Promise<Reply[]>;
  /** Like say(), but keeps typing indicators in the replies. */
  sayWithTyping(input: string): Promise<Reply[]>;
  /** Sends the conversationUpdate a channel sends when the user (and bot) join. */
  join(): Promise<Reply[]>;
  readonly texts: Texts;
  readonly channelId: ChannelId;
  /** The bot's runtime (for flushLearningRecords, metrics). */
  readonly runtime: BotRuntime;
}

export const texts = loadTexts();

function toReply(a: Partial<Activity>): Reply {
  return {
    type: String(a.type),
    text: a.text ?? '',
    attachments: (a.attachments ?? []).map((x) => ({
      contentType: x.contentType,
      content: x.content as unknown,
    })),
    suggestedActions: (a.suggestedActions?.actions ?? []).map((x) => x.title ?? String(x.value)),
    raw: a,
  };
}

let knowledgePromise: Promise<KnowledgeService> | undefined;

/** The shipped knowledge base, loaded once for all tests. */
export function testKnowledge(): Promise<KnowledgeService> {
  knowledgePromise ??= loadKnowledge(
    path.resolve(import.meta.dirname, '..', '..', 'knowledge'),
  ).then(createKnowledgeService);
  return knowledgePromise;
}

export async function startConversation(
  options: {
    channelId?: ChannelId;
    logger?: Logger;
    storage?: Storage;
    typingDelayMs?: number;
    /** The conversation's id (default `test-<channel>`): another id is a new conversation. */
    conversationId?: string;
    /** The user's id (default TestAdapter's `user1`): the key of the user state. */
    userId?: string;
    /** The bot's clock (default: the real one). */
    now?: () => Date;
    /** More configuration (as environment variables), e.g. XAPI_ENDPOINT. */
    env?: Record<string, string>;
    /** The user every message comes from (default: TestAdapter's «user»). */
    from?: { id: string; name: string; aadObjectId?: string };
  } = {},
): Promise<TestConversation> {
  const knowledge = await testKnowledge();
  const channelId = options.channelId ?? 'webchat';
  const logger = options.logger ?? silentLogger;
  const typingDelayMs = options.typingDelayMs ?? 10000;
  const config = loadConfig({ TYPING_DELAY_MS: String(typingDelayMs), ...options.env });
  const runtime = createBotRuntime({
    config,
    logger,
    texts,
    knowledge,
    storage: options.storage,
    ...(options.now ? { now: options.now } : {}),
  });
  const adapter = new TestAdapter(async (context) => runtime.bot.run(context), {
    channelId,
    locale: 'nb-NO',
    ...(options.userId ? { from: { id: options.userId, name: 'User1' } } : {}),
    conversation: {
      id: options.conversationId ?? `test-${channelId}`,
      isGroup: false,
      conversationType: 'personal',
      name: '',
    },
    ...(options.from ? { from: options.from } : {}),
  });
  configureAdapter(adapter, { texts, logger, bot: runtime.bot, typingDelayMs });

  const drain = (keepTyping = false): Reply[] => {
    const replies: Reply[] = [];
    for (let a = adapter.getNextReply(); a; a = adapter.getNextReply()) {
      if (keepTyping || a.type !== 'typing') replies.push(toReply(a));
    }
    return replies;
  };

  return {
    texts,
    channelId,
    runtime,
    async say(input) {
      const activity: Partial<Activity> =
        typeof input === 'string'
          ? { type: 'message', text: input }
          : { type: 'message', ...input };
      await adapter.receiveActivity(activity);
      return drain();
    },
    async sayWithTyping(text) {
      await adapter.receiveActivity({ type: 'message', text });
      return drain(true);
    },
    async join() {
      const botId = adapter.template.recipient?.id ?? 'bot';
      const userId = adapter.template.from?.id ?? 'user';
      await adapter.receiveActivity({
        type: 'conversationUpdate',
        membersAdded:
          channelId === 'msteams' ? [{ id: botId, name: 'Bot' }] : [{ id: userId, name: 'User' }],
      });
      return drain();
    },
  };
}

/** All reply texts joined, for readable assertions. */
export function allText(replies: readonly Reply[]): string {
  return replies.map((r) => r.text).join('\n');
}

/** The Adaptive Card content of the first reply that carries one. */
export function firstCard(replies: readonly Reply[]): Record<string, unknown> | undefined {
  for (const r of replies) {
    const card = r.attachments.find(
      (a) => a.contentType === 'application/vnd.microsoft.card.adaptive',
    );
    if (card) return card.content as Record<string, unknown>;
  }
  return undefined;
}

/**
 * Runs a single dialog (not the whole bot) with botbuilder-testing's DialogTestClient in nb-NO,
 * for prompt-level tests. Returns a function that sends a text and returns the reply texts.
 */
export function startDialog(
  dialog: Dialog,
  channelId: ChannelId = 'webchat',
): {
  say(text: string): Promise<string[]>;
  readonly client: DialogTestClient;
} {
  const client = new DialogTestClient(channelId, dialog);
  return {
    client,
    async say(text) {
      // DialogTestClient.sendActivity returns (and removes) the first reply; the rest stay queued.
      const first = (await client.sendActivity({ type: 'message', text, locale: 'nb-NO' })) as
        Partial<Activity> | undefined;
      const out: string[] = [];
      const queued = (): Partial<Activity> | undefined => client.getNextReply();
      for (let a = first; a; a = queued()) {
        if (a.type !== 'typing') {
          const suggestions = (a.suggestedActions?.actions ?? []).map((x) => x.title).join(' | ');
          out.push(suggestions ? `${a.text ?? ''} [${suggestions}]` : (a.text ?? ''));
        }
      }
      return out;
    },
  };
}

/** The first Adaptive Card in the replies as JSON text ("{}" when none), for regex assertions. */
export function cardText(replies: readonly Reply[]): string {
  return JSON.stringify(firstCard(replies) ?? {});
}
