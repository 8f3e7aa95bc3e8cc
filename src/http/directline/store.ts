/**
 * In-memory conversations for the embedded Direct Line endpoint: each has an unguessable id, the
 * user id bound to it, and an activity log whose watermark (the sequence number of the last
 * activity, as a string) only ever grows. Everything is bounded: the number of conversations and
 * their total bytes (the least recently used is evicted), the activities and bytes kept per
 * conversation (the oldest are dropped),
 * the turns waiting per conversation, and idle time (expired conversations are swept). The clock is
 * injectable so tests need no real waiting. Nothing here logs.
 */
import { createHmac, randomUUID } from 'node:crypto';

/** A JSON activity as the client sees it. */
export type JsonActivity = Record<string, unknown>;

export interface StoreLimits {
  /** Conversations kept in memory; beyond it the least recently used is evicted. */
  readonly maxConversations: number;
  /** Activities kept per conversation; beyond it the oldest are dropped. */
  readonly maxActivitiesPerConversation: number;
  /** Serialised bytes kept per conversation; beyond it the oldest activities are dropped. */
  readonly maxBytesPerConversation: number;
  /** Serialised bytes kept in all; beyond it least recently used conversations are evicted. */
  readonly maxTotalBytes: number;
  /** Activities returned by one GET (the client pages on with the watermark). */
  readonly maxActivitiesPerPage: number;
  /** Turns queued (running or waiting) per conversation before new activities are refused. */
  readonly maxPendingTurns: number;
  /** A conversation not used for this long is removed. */
  readonly idleTimeoutMs: number;
  /** How often expired conversations are swept (they are also dropped lazily on access). */
  readonly sweepIntervalMs: number;
}

export const defaultStoreLimits: StoreLimits = {
  maxConversations: 1000,
  maxActivitiesPerConversation: 500,
  maxBytesPerConversation: 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  maxActivitiesPerPage: 100,
  maxPendingTurns: 10,
  idleTimeoutMs: 60 * 60 * 1000,
  sweepIntervalMs: 60 * 1000,
};

export type EvictionReason = 'idle' | 'capacity';

export interface Conversation {
  readonly id: string;
  /** The user bound to the conversation; every user activity is stamped with it. */
  readonly userId: string;
  readonly createdAt: number;
  lastUsedAt: number;
  /** Sequence number of the last appended activity (0 before the first). */
  lastSeq: number;
  readonly log: { readonly seq: number; readonly activity: JsonActivity; readonly bytes: number }[];
  /** Serialised bytes of the activities in the log. */
  bytes: number;
  /** Tail of the per-conversation turn chain: turns run one at a time, in order. */
  tail: Promise<void>;
  pendingTurns: number;
}

export interface ActivityPage {
  readonly activities: JsonActivity[];
  readonly watermark: string;
}

const SEQ_DIGITS = 7;

/** The Direct Line style activity id: `<conversationId>|<zero-padded sequence>`. */
export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(SEQ_DIGITS, '0')}`;
}

export function newConversationId(): string {
  return randomUUID();
}

export function newUserId(): string {
  return `dl_${randomUUID().replaceAll('-', '')}`;
}

/** A user id as newUserId() makes it: what the Web Chat page may hand back to keep its user. */
export const USER_ID_PATTERN = /^dl_[0-9a-f]{32}$/;

/**
 * The stable, pseudonymous user id of a signed-in Web Chat user (WEBCHAT_ACCESS=proxy): derived
 * from the sign-in principal with a keyed hash (the key from DIRECT_LINE_SECRET when set), so the
 * same person gets the same user state (Opplæring progress) in every visit, and the principal
 * itself is never used as an id.
 */
export function userIdForPrincipal(principal: string, secret: string | undefined): string {
  const digest = createHmac('sha256', secret ?? 'fagstotte/webchat-user')
    .update(`fagstotte/webchat-user/v1:${principal}`)
    .digest('hex');
  return `dl_${digest.slice(0, 32)}`;
}

export class ConversationStore {
  readonly limits: StoreLimits;
  private readonly now: () => number;
  private readonly onEvict: (conversationId: string, reason: EvictionReason) => void;
  /** Insertion order is recency order: touching a conversation moves it to the end. */
  private readonly conversations = new Map<string, Conversation>();
  private readonly timer: NodeJS.Timeout | undefined;
  private totalBytes = 0;

  constructor(
    options: {
      limits?: Partial<StoreLimits>;
      now?: () => number;
      onEvict?: (conversationId: string, reason: EvictionReason) => void;
    } = {},
  ) {
    this.limits = { ...defaultStoreLimits, ...options.limits };
    this.now = options.now ?? Date.now;
    this.onEvict = options.onEvict ?? (() => undefined);
    if (this.limits.sweepIntervalMs > 0) {
      this.timer = setInterval(() => this.sweep(), this.limits.sweepIntervalMs);
      this.timer.unref();
    }
  }

  get size(): number {
    return this.conversations.size;
  }

  /** Serialised bytes of every kept activity. */
  get bytes(): number {
    return this.totalBytes;
  }

  /**
   * Returns the conversation with this id, creating it (bound to userId) when absent.
   * `created` tells which; an existing conversation keeps its own user id.
   */
  getOrCreate(id: string, userId: string): { conversation: Conversation; created: boolean } {
    const existing = this.get(id);
    if (existing) return { conversation: existing, created: false };
    this.sweep();
    while (this.conversations.size >= this.limits.maxConversations) {
      const oldest = this.conversations.keys().next();
      if (oldest.done) break;
      this.remove(oldest.value, 'capacity');
    }
    const now = this.now();
    const conversation: Conversation = {
      id,
      userId,
      createdAt: now,
      lastUsedAt: now,
      lastSeq: 0,
      log: [],
      bytes: 0,
      tail: Promise.resolve(),
      pendingTurns: 0,
    };
    this.conversations.set(id, conversation);
    return { conversation, created: true };
  }

  /** The live conversation (touched: its idle time restarts), or undefined if unknown or expired. */
  get(id: string): Conversation | undefined {
    const conversation = this.conversations.get(id);
    if (!conversation) return undefined;
    const now = this.now();
    if (this.isExpired(conversation, now)) {
      this.remove(id, 'idle');
      return undefined;
    }
    conversation.lastUsedAt = now;
    this.conversations.delete(id);
    this.conversations.set(id, conversation);
    return conversation;
  }

  /** True while the conversation is still the one stored under its id. */
  isLive(conversation: Conversation): boolean {
    return this.conversations.get(conversation.id) === conversation;
  }

  /**
   * Appends an activity built for the next sequence number; returns it, or undefined when the
   * conversation was removed meanwhile (a late turn finishing after eviction).
   */
  append(
    conversation: Conversation,
    build: (id: string) => JsonActivity,
  ): JsonActivity | undefined {
    if (!this.isLive(conversation)) return undefined;
    const seq = conversation.lastSeq + 1;
    const activity = build(activityId(conversation.id, seq));
    conversation.lastSeq = seq;
    const bytes = Buffer.byteLength(JSON.stringify(activity), 'utf8');
    conversation.log.push({ seq, activity, bytes });
    conversation.bytes += bytes;
    this.totalBytes += bytes;
    // Oldest first, but the newest activity always stays (the client must see its echo).
    while (
      conversation.log.length > 1 &&
      (conversation.log.length > this.limits.maxActivitiesPerConversation ||
        conversation.bytes > this.limits.maxBytesPerConversation)
    ) {
      const dropped = conversation.log.shift();
      if (!dropped) break;
      conversation.bytes -= dropped.bytes;
      this.totalBytes -= dropped.bytes;
    }
    // Over the total: evict the least recently used other conversations.
    for (const [id] of this.conversations) {
      if (this.totalBytes <= this.limits.maxTotalBytes) break;
      if (id !== conversation.id) this.remove(id, 'capacity');
    }
    return activity;
  }

  /** Activities after the watermark (all kept ones when undefined), one page at most. */
  activitiesAfter(conversation: Conversation, watermark: number | undefined): ActivityPage {
    const after = watermark ?? 0;
    const page = conversation.log
      .filter((entry) => entry.seq > after)
      .slice(0, this.limits.maxActivitiesPerPage);
    const last = page.at(-1);
    const next = last ? last.seq : Math.min(Math.max(after, 0), conversation.lastSeq);
    return { activities: page.map((entry) => entry.activity), watermark: String(next) };
  }

  /**
   * Queues a turn behind the conversation's earlier turns. Returns false (and does not queue) when
   * too many turns are already pending. The task must not throw; a rejection is swallowed here so
   * the chain never breaks.
   */
  enqueue(conversation: Conversation, task: () => Promise<void>): boolean {
    if (conversation.pendingTurns >= this.limits.maxPendingTurns) return false;
    conversation.pendingTurns += 1;
    conversation.tail = conversation.tail
      .then(task)
      .catch(() => undefined)
      .finally(() => {
        conversation.pendingTurns -= 1;
      });
    return true;
  }

  /** Removes every conversation idle for longer than the limit. */
  sweep(): void {
    const now = this.now();
    for (const [id, conversation] of this.conversations) {
      if (this.isExpired(conversation, now)) this.remove(id, 'idle');
    }
  }

  /** Stops the sweep timer and forgets every conversation. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.conversations.clear();
    this.totalBytes = 0;
  }

  private remove(id: string, reason: EvictionReason): void {
    const conversation = this.conversations.get(id);
    if (!conversation) return;
    this.conversations.delete(id);
    this.totalBytes -= conversation.bytes;
    this.onEvict(id, reason);
  }

  private isExpired(conversation: Conversation, now: number): boolean {
    return now - conversation.lastUsedAt > this.limits.idleTimeoutMs;
  }
}
