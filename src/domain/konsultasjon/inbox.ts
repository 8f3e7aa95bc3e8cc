/**
 * The konsultasjon inbox: requests sent from a ward to a TSB unit's team channel, and what the
 * team does with them (take, done, needs more information, rejected), kept in a record store.
 *
 * Plain TypeScript: no botbuilder. Where to write (a Teams channel, a 1:1 chat) is an opaque
 * reference the channel layer made and reads back. Nothing here identifies a patient: the request
 * is the structured KonsultasjonRequest (reasons, urgency, age band, flags; ward and contact went
 * through the patient-id guard), and any note a consultant types is masked before it is stored.
 * Requests are deleted `retentionDays` after they were sent, and at most `maxRequests` are kept.
 */
import { randomInt } from 'node:crypto';
import type { KonsultasjonRequest } from './request.js';
import { unitById, type Directory, type DirectoryUnit } from './directory.js';
import { updateRecord, type OpaqueRef, type RecordStore } from '../records.js';

export type { OpaqueRef } from '../records.js';

export const requestStatuses = ['sent', 'taken', 'needs-info', 'done', 'rejected'] as const;
export type RequestStatus = (typeof requestStatuses)[number];
export const openStatuses: readonly RequestStatus[] = ['sent', 'taken', 'needs-info'];

export type TeamAction = 'take' | 'done' | 'needs-info' | 'reject';

/** Which action may follow which status. */
const allowed: Record<TeamAction, { from: readonly RequestStatus[]; to: RequestStatus }> = {
  take: { from: ['sent'], to: 'taken' },
  done: { from: ['taken', 'needs-info'], to: 'done' },
  'needs-info': { from: ['taken', 'needs-info'], to: 'needs-info' },
  reject: { from: ['sent', 'taken', 'needs-info'], to: 'rejected' },
};

export interface Person {
  /** A stable key: the Entra ID object id in Teams, the channel's user id elsewhere. */
  readonly key: string;
  /** The display name the channel gave (staff, never a patient). */
  readonly name: string;
}

export interface InboxRequest {
  /** The request number the requester and the team see, e.g. «K-7F3Q2M». */
  readonly id: string;
  readonly unitId: string;
  readonly createdAt: string;
  readonly request: KonsultasjonRequest;
  readonly requester: Person & { readonly ref: OpaqueRef };
  /** The team channel thread the request was posted in, and the card's activity id there. */
  readonly thread?: { readonly ref: OpaqueRef; readonly activityId: string };
  readonly status: RequestStatus;
  readonly takenBy?: { readonly name: string; readonly at: string };
  /** What the team said with «Trenger mer informasjon» or «Avvist» (masked). */
  readonly note?: string;
  /** The requester's answer to «Trenger mer informasjon» (masked), the latest. */
  readonly answer?: { readonly text: string; readonly at: string };
  readonly history: readonly {
    readonly status: RequestStatus;
    readonly at: string;
    readonly by?: string;
  }[];
  readonly remindedAt?: string;
}

export interface TeamRegistration {
  readonly unitId: string;
  readonly ref: OpaqueRef;
  readonly registeredAt: string;
  /** Who registered it (Entra ID object id, or «webchat» for the local team page). */
  readonly registeredBy: string;
}

/** A compact line per request, kept in one index record for lists, reminders and deletion. */
interface IndexEntry {
  readonly id: string;
  readonly unitId: string;
  readonly requesterKey: string;
  readonly status: RequestStatus;
  readonly createdAt: string;
  readonly remindedAt?: string;
}

export type TransitionResult =
  | { readonly ok: true; readonly request: InboxRequest; readonly previous: RequestStatus }
  | {
      readonly ok: false;
      readonly reason: 'not-found' | 'not-allowed';
      readonly request?: InboxRequest;
    };

export interface InboxOptions {
  readonly store: RecordStore;
  readonly directory: Directory | undefined;
  readonly retentionDays: number;
  readonly maxRequests: number;
  /** Masks patient identifiers in free text (the same guard as every message). */
  readonly mask: (text: string) => string;
  readonly now?: () => Date;
}

/** A request number: «K-» and six characters of the alphabet below. */
export const REQUEST_ID = /^K-[0-9A-Z]{6}$/;

const INDEX = 'konsultasjon/index';
const requestKey = (id: string): string => `konsultasjon/request/${id}`;
const teamKey = (unitId: string): string => `konsultasjon/team/${unitId}`;
/** Crockford's base32 without I, L, O, U: nothing to misread on the phone. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const MAX_NOTE = 300;

export class KonsultasjonInbox {
  private readonly now: () => Date;

  constructor(private readonly options: InboxOptions) {
    this.now = options.now ?? (() => new Date());
  }

  get directory(): Directory | undefined {
    return this.options.directory;
  }

  unit(unitId: string): DirectoryUnit | undefined {
    return unitById(this.options.directory, unitId);
  }

  /** Stores where a unit's requests go. Only units with an inbox in the directory. */
  async register(unitId: string, ref: OpaqueRef, registeredBy: string): Promise<TeamRegistration> {
    const unit = this.unit(unitId);
    if (!unit?.inbox) throw new Error(`Unit "${unitId}" has no inbox in the directory`);
    const registration: TeamRegistration = {
      unitId,
      ref,
      registeredAt: this.now().toISOString(),
      registeredBy,
    };
    await this.options.store.write(teamKey(unitId), registration);
    return registration;
  }

  async registration(unitId: string): Promise<TeamRegistration | undefined> {
    return (await this.options.store.read<TeamRegistration>(teamKey(unitId)))?.value;
  }

  /** The units with an inbox, each with its registration if it has one. */
  async inboxes(): Promise<{ unit: DirectoryUnit; registration?: TeamRegistration }[]> {
    const units = (this.options.directory?.units ?? []).filter((u) => u.inbox);
    return Promise.all(
      units.map(async (unit) => {
        const registration = await this.registration(unit.id);
        return registration ? { unit, registration } : { unit };
      }),
    );
  }

  /** Records a new request for `unitId` (status «sent») and returns it with its number. */
  async create(
    unitId: string,
    request: KonsultasjonRequest,
    requester: InboxRequest['requester'],
  ): Promise<InboxRequest> {
    if (!this.unit(unitId)?.inbox)
      throw new Error(`Unit "${unitId}" has no inbox in the directory`);
    const createdAt = this.now().toISOString();
    let created: InboxRequest | undefined;
    let removed: IndexEntry[] = [];
    await this.updateIndex((entries) => {
      const taken = new Set(entries.map((e) => e.id));
      let id = newId();
      while (taken.has(id)) id = newId();
      created = {
        id,
        unitId,
        createdAt,
        request: {
          ...request,
          ward: this.options.mask(request.ward),
          contact: this.options.mask(request.contact),
        },
        requester: { ...requester, name: this.options.mask(requester.name) },
        status: 'sent',
        history: [{ status: 'sent', at: createdAt }],
      };
      // The new entry, and the retention and the cap applied in the same write.
      const pruned = this.prune([
        ...entries,
        { id, unitId, requesterKey: requester.key, status: 'sent', createdAt },
      ]);
      removed = pruned.removed;
      return pruned.kept;
    });
    if (!created) throw new Error('request not created');
    await this.options.store.write(requestKey(created.id), created);
    for (const e of removed) await this.options.store.delete(requestKey(e.id));
    return created;
  }

  async get(id: string): Promise<InboxRequest | undefined> {
    if (!REQUEST_ID.test(id)) return undefined;
    return (await this.options.store.read<InboxRequest>(requestKey(id)))?.value;
  }

  /** Remembers the thread and card the request was posted as. */
  async attachThread(
    id: string,
    thread: NonNullable<InboxRequest['thread']>,
  ): Promise<InboxRequest | undefined> {
    return this.change(id, (r) => ({ ...r, thread }));
  }

  /** A team member takes, completes, asks about or rejects a request. */
  /**
   * The requester answers «Trenger mer informasjon»: the answer is kept (masked, at most
   * MAX_NOTE characters) and the request goes back to «taken», to the one who asked. Only the
   * requester may answer, and only while the request waits on them.
   */
  async answer(id: string, by: Person, text: string): Promise<TransitionResult> {
    const at = this.now().toISOString();
    const clean = this.options.mask(text.trim()).slice(0, MAX_NOTE);
    return this.transition(id, (r) =>
      r.status !== 'needs-info' || r.requester.key !== by.key || clean === ''
        ? undefined
        : {
            ...r,
            status: 'taken',
            answer: { text: clean, at },
            history: [...r.history, { status: 'taken', at, by: this.options.mask(by.name) }],
          },
    );
  }

  async act(id: string, action: TeamAction, by: Person, note?: string): Promise<TransitionResult> {
    const rule = allowed[action];
    const at = this.now().toISOString();
    const cleanNote =
      note === undefined ? undefined : this.options.mask(note.trim()).slice(0, MAX_NOTE);
    const name = this.options.mask(by.name);
    return this.transition(id, (r) =>
      !rule.from.includes(r.status)
        ? undefined
        : {
            ...r,
            status: rule.to,
            ...(action === 'take' ? { takenBy: { name, at } } : {}),
            ...(cleanNote ? { note: cleanNote } : {}),
            history: [...r.history, { status: rule.to, at, by: name }],
          },
    );
  }

  /**
   * Changes a request with `next` (undefined: not allowed from where it stands, refused) and
   * keeps the index's status in step. `next` may run more than once (eTag retries).
   */
  private async transition(
    id: string,
    next: (r: InboxRequest) => InboxRequest | undefined,
  ): Promise<TransitionResult> {
    let previous: RequestStatus | undefined;
    let refused: InboxRequest | undefined;
    const request = await this.change(id, (r) => {
      const changed = next(r);
      refused = changed ? undefined : r;
      previous = r.status;
      return changed;
    });
    if (refused) return { ok: false, reason: 'not-allowed', request: refused };
    if (!request || !previous) return { ok: false, reason: 'not-found' };
    const status = request.status;
    await this.updateIndex((entries) => entries.map((e) => (e.id === id ? { ...e, status } : e)));
    return { ok: true, request, previous };
  }

  /** The requester's requests, newest first. */
  async mine(requesterKey: string, limit = 10): Promise<InboxRequest[]> {
    const entries = (await this.index()).value.filter((e) => e.requesterKey === requesterKey);
    return this.load(entries.slice(-limit).reverse());
  }

  /** A unit's open requests, oldest first (the one waiting longest on top). */
  async open(unitId: string, limit = 20): Promise<InboxRequest[]> {
    const entries = (await this.index()).value.filter(
      (e) => e.unitId === unitId && openStatuses.includes(e.status),
    );
    return this.load(entries.slice(0, limit));
  }

  /**
   * Requests sent and not taken within their unit's remindAfterMinutes, not yet reminded. Each
   * is claimed (marked reminded) here, so of several instances only one reminds.
   */
  async claimDueReminders(): Promise<InboxRequest[]> {
    const now = this.now().getTime();
    const due = (e: IndexEntry): boolean => {
      const minutes = this.unit(e.unitId)?.remindAfterMinutes;
      return (
        e.status === 'sent' &&
        e.remindedAt === undefined &&
        minutes !== undefined &&
        Date.parse(e.createdAt) + minutes * 60_000 <= now
      );
    };
    const { value } = await this.index();
    if (!value.some(due)) return [];
    const remindedAt = this.now().toISOString();
    let claimed: string[] = [];
    await this.updateIndex((entries) => {
      claimed = entries.filter(due).map((e) => e.id);
      return entries.map((e) => (claimed.includes(e.id) ? { ...e, remindedAt } : e));
    });
    const requests: InboxRequest[] = [];
    for (const id of claimed) {
      const r = await this.change(id, (x) => ({ ...x, remindedAt }));
      if (r) requests.push(r);
    }
    return requests;
  }

  /** Deletes requests older than the retention, and the oldest beyond maxRequests. */
  async purge(): Promise<number> {
    let removed: IndexEntry[] = [];
    await this.updateIndex((entries) => {
      const pruned = this.prune(entries);
      removed = pruned.removed;
      return removed.length === 0 ? entries : pruned.kept;
    });
    for (const e of removed) await this.options.store.delete(requestKey(e.id));
    return removed.length;
  }

  /** The entries within the retention period, at most maxRequests of them (the newest). */
  private prune(entries: readonly IndexEntry[]): { kept: IndexEntry[]; removed: IndexEntry[] } {
    const cutoff = this.now().getTime() - this.options.retentionDays * 86_400_000;
    const young = entries.filter((e) => Date.parse(e.createdAt) > cutoff);
    const kept = young.slice(Math.max(0, young.length - this.options.maxRequests));
    const keep = new Set(kept);
    return { kept, removed: entries.filter((e) => !keep.has(e)) };
  }

  private async load(entries: readonly IndexEntry[]): Promise<InboxRequest[]> {
    const found = await Promise.all(entries.map((e) => this.get(e.id)));
    return found.filter((r): r is InboxRequest => r !== undefined);
  }

  private async index(): Promise<{ value: IndexEntry[]; eTag?: string }> {
    const read = await this.options.store.read<{ entries: IndexEntry[] }>(INDEX);
    return read ? { value: read.value.entries, eTag: read.eTag } : { value: [] };
  }

  /** Read-modify-write of the index; `update` returning its argument leaves it unchanged. */
  private async updateIndex(update: (entries: IndexEntry[]) => IndexEntry[]): Promise<void> {
    await updateRecord<{ entries: IndexEntry[] }>(this.options.store, INDEX, (current) => {
      const entries = current?.entries ?? [];
      const next = update(entries);
      return next === entries ? undefined : { entries: next };
    });
  }

  /** Read-modify-write of one request; `update` returning undefined leaves it unchanged. */
  private async change(
    id: string,
    update: (r: InboxRequest) => InboxRequest | undefined,
  ): Promise<InboxRequest | undefined> {
    if (!REQUEST_ID.test(id)) return undefined;
    return updateRecord<InboxRequest>(this.options.store, requestKey(id), (current) =>
      current ? update(current) : undefined,
    );
  }
}

function newId(): string {
  let id = 'K-';
  for (let i = 0; i < 6; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}
