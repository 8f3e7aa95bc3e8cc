/**
 * The konsultasjon inbox in the conversation (issue 16): a nurse sends a finished request to a
 * TSB unit; the unit's team channel gets it as a new thread with a card; a team member takes,
 * completes, asks about or rejects it on the card; the nurse hears of each change in her 1:1
 * chat; an untaken request is reminded. Commands: «registrer tilsynsteam <enhet>» (in the team's
 * channel), «mine forespørsler», «åpne forespørsler».
 *
 * Every outbound call goes through the Messenger (src/channel/messenger.ts); what is stored is the
 * domain's (src/domain/konsultasjon/inbox.ts); what is shown is src/presentation/teamInbox.ts.
 * Nothing here logs content: only request numbers, unit ids and outcomes.
 */
import { z } from 'zod';
import type { TurnContext } from '../src/channel/sdk.js';
import { CardFactory, MessageFactory } from '../src/channel/sdk.js';
import {
  conversationRefFrom,
  personFrom,
  refFromStored,
  storedRef,
  type Messenger,
} from '../src/channel/messenger.js';
import { inboxUnitsFor, type DirectoryUnit } from '../src/domain/konsultasjon/directory.js';
import {
  openStatuses,
  type InboxRequest,
  type KonsultasjonInbox,
  type OpaqueRef,
  type Person,
} from '../src/domain/konsultasjon/inbox.js';
import type { KonsultasjonRequest } from '../src/domain/konsultasjon/request.js';
import { fold } from '../src/domain/knowledge/normalize.js';
import type { AdaptiveCard } from '../src/presentation/cards/adaptive.js';
import type { KonsultasjonTexts } from '../src/presentation/konsultasjon.js';
import type { QuestionText } from '../src/presentation/questions.js';
import {
  answerActionSchema,
  answerFormCard,
  inboxActionSchema,
  listCard,
  noteOf,
  noticeText,
  requestCard,
  statusLine,
  type ActionMode,
  type AnswerAction,
  type InboxAction,
  type InboxTexts,
} from '../src/presentation/teamInbox.js';
import { reasonOf, type Logger } from '../src/shared/logger.js';
import { normalizeCommandText } from './commands.js';
import { sendAcuteRoutine } from './safetyReplies.js';
import type { KnowledgeService } from '../src/domain/knowledge/service.js';
import type { Texts } from '../src/presentation/texts.js';

export interface TeamInboxDeps {
  readonly inbox: KonsultasjonInbox;
  readonly messenger: Messenger;
  readonly texts: InboxTexts;
  readonly kt: KonsultasjonTexts;
  readonly logger: Pick<Logger, 'info' | 'warn'>;
  /** Entra ID object ids allowed to register a Teams channel (lower case). */
  readonly allowedUsers: readonly string[];
  /** The local Web Chat team page may register a Web Chat conversation as an inbox. */
  readonly webChatInbox: boolean;
  readonly retentionDays: number;
  /**
   * Safety first: a note that signals acute risk gets the acute routine at once (the same check
   * as every message). Without it (unit tests of the inbox alone) notes are not checked.
   */
  readonly acute?: {
    readonly knowledge: KnowledgeService;
    readonly texts: Texts;
  };
}

const REGISTER = 'registrer tilsynsteam';

/** The local team page's post back: «make this window the inbox of <unit>». */
const teamPageSchema = z.object({
  teamInbox: z.object({ register: z.string().regex(/^[a-z0-9-]{1,60}$/) }).strict(),
});
const MINE = ['mine forespørsler', 'mine forespørsel', 'mine tilsyn'];
const OPEN = ['åpne forespørsler', 'åpne forespørsel', 'apne foresporsler'];

/** Who is acting, named `unnamed` where the channel gives no name (the local Web Chat). */
function personOf(context: TurnContext, unnamed: string): Person {
  const who = personFrom(context);
  // The local Web Chat has no names: «Tatt av teamet kl. 10:12».
  return { key: who.key, name: who.name ?? unnamed };
}

function modeFor(ref: OpaqueRef): ActionMode {
  return ref.channelId === 'msteams' ? 'execute' : 'submit';
}

export class TeamInbox {
  constructor(private readonly deps: TeamInboxDeps) {}

  private get t(): InboxTexts {
    return this.deps.texts;
  }

  /** Units with a registered inbox that take at least one of these reasons, best match first. */
  async targets(reasons: KonsultasjonRequest['reasons']): Promise<DirectoryUnit[]> {
    const units = inboxUnitsFor(this.deps.inbox.directory, reasons);
    const registered = await Promise.all(units.map((u) => this.deps.inbox.registration(u.id)));
    return units.filter((_, i) => registered[i] !== undefined);
  }

  /** «Vil du sende forespørselen til …?»: one option per unit, and «Nei, jeg tar kontakt selv». */
  sendQuestion(units: readonly DirectoryUnit[]): QuestionText {
    const t = this.t;
    return {
      prompt: t.render(t.file.sendQuestion, {
        unit: units.map((u) => u.name).join(' eller '),
      }),
      acceptsAge: false,
      options: [
        ...units.map((u, i) => ({
          value: u.id,
          label: t.render(t.file.sendOption, { unit: u.name }),
          synonyms: i === 0 ? ['send', 'ja', 'send den'] : [],
        })),
        { value: 'no', label: t.file.dontSend, synonyms: ['nei', 'ikke send'] },
      ],
    };
  }

  /** In a team channel after installation: how to make it a unit's inbox (if any unit has one). */
  teamWelcome(): string | undefined {
    const units = this.unitsWithInbox();
    if (units.length === 0) return undefined;
    return this.t.render(this.t.file.registerUsage, { units: units.map((u) => u.name).join(', ') });
  }

  /** «Greit. Ta kontakt selv …» */
  get notSentText(): string {
    return this.t.file.notSent;
  }

  /**
   * Sends the request to the unit's channel as a new thread and gives the requester a receipt.
   * If the channel cannot be reached, the requester is told to phone; the request is kept (the
   * team can still see it under «åpne forespørsler»).
   */
  async send(context: TurnContext, unitId: string, request: KonsultasjonRequest): Promise<void> {
    const { inbox, messenger, logger } = this.deps;
    const unit = inbox.unit(unitId);
    const registration = await inbox.registration(unitId);
    if (!unit || !registration) return;
    const r = await inbox.create(unitId, request, {
      ...personOf(context, this.t.file.wardName),
      ref: storedRef(conversationRefFrom(context.activity)),
    });
    const card = this.card(r, modeFor(registration.ref));
    try {
      const channel = refFromStored(registration.ref);
      const posted =
        channel.channelId === 'msteams' && channel.teamsChannelId
          ? await messenger.startThread(channel, { card })
          : { thread: channel, ...(await messenger.send(channel, { card })) };
      await inbox.attachThread(r.id, {
        ref: storedRef(posted.thread),
        activityId: posted.activityId,
      });
      logger.info('Konsultasjon request sent', { requestId: r.id, unitId });
      await context.sendActivity(
        [
          this.t.render(this.t.file.receipt, {
            unit: unit.name,
            id: r.id,
            responseTime: unit.responseTime,
            phone: unit.phone,
          }),
          this.t.file.receiptHint,
          ...this.exampleNotice(),
        ].join('\n\n'),
      );
    } catch (err) {
      logger.warn('Konsultasjon request could not be posted to the team', {
        requestId: r.id,
        unitId,
        reason: reasonOf(err),
      });
      await context.sendActivity(
        this.t.render(this.t.file.sendFailed, { unit: unit.name, phone: unit.phone }),
      );
    }
  }

  /**
   * Handles the inbox's commands and Web Chat card submits. Returns true when the message was
   * the inbox's (then nothing else should answer it).
   */
  async handleMessage(context: TurnContext): Promise<boolean> {
    const page = teamPageSchema.safeParse(context.activity.value);
    if (page.success) {
      await context.sendActivity(await this.registerWebChat(context, page.data.teamInbox.register));
      return true;
    }
    const action = inboxActionSchema.safeParse(context.activity.value);
    if (action.success) {
      const outcome = await this.act(context, action.data);
      // A change reached the thread already (in Web Chat: the new card as a new message); a
      // refusal comes with the current card and why.
      if (outcome.message) {
        if (outcome.card) {
          await context.sendActivity(
            MessageFactory.attachment(CardFactory.adaptiveCard(outcome.card)),
          );
        }
        await context.sendActivity(outcome.message);
      }
      return true;
    }
    const answer = answerActionSchema.safeParse(context.activity.value);
    if (answer.success) {
      await context.sendActivity(await this.answer(context, answer.data));
      return true;
    }
    const said = normalizeCommandText(context.activity.text ?? '');
    if (said === REGISTER || said.startsWith(`${REGISTER} `)) {
      await context.sendActivity(await this.register(context, said.slice(REGISTER.length).trim()));
      return true;
    }
    if (MINE.includes(said)) {
      await context.sendActivity(
        MessageFactory.attachment(CardFactory.adaptiveCard(await this.mine(context))),
      );
      return true;
    }
    if (OPEN.includes(said)) {
      const cards = await this.open(context);
      if (typeof cards === 'string') {
        await context.sendActivity(cards);
      } else {
        for (const card of cards) {
          await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
        }
      }
      return true;
    }
    return false;
  }

  /**
   * A team member's action on a request card (Action.Execute in Teams, a submit in Web Chat):
   * the new card (also put in place of the thread's card) and, for a refusal, why.
   */
  async act(
    context: TurnContext,
    action: InboxAction,
  ): Promise<{ card?: AdaptiveCard; message?: string }> {
    const { inbox, messenger, logger } = this.deps;
    const { requestId } = action.konsultasjon;
    const kind = action.konsultasjon.action;
    const note = noteOf(action)?.trim();
    const current = await inbox.get(requestId);
    if ((kind === 'needs-info' || kind === 'reject') && !note) {
      return {
        ...(current ? { card: this.card(current) } : {}),
        message: this.t.file.noteMissing,
      };
    }
    if (note && this.deps.acute) {
      const { knowledge, texts } = this.deps.acute;
      const assessment = knowledge.acuteRisk.assess(note);
      if (assessment.tier === 'acute') {
        await sendAcuteRoutine(context, knowledge, texts, assessment.because, false);
      }
    }
    // Only the unit's own inbox (its Teams channel, or its Web Chat window) may change a request:
    // a card action can be sent from any chat by anyone who knows the request number.
    if (current && !(await this.fromTeamOf(context, current.unitId))) {
      logger.warn('Konsultasjon action refused: not from the unit’s inbox', {
        requestId,
        channelId: context.activity.channelId,
      });
      return {
        message: this.t.render(this.t.file.notTeam, {
          unit: inbox.unit(current.unitId)?.name ?? current.unitId,
        }),
      };
    }
    const result = await inbox.act(requestId, kind, personOf(context, this.t.file.teamName), note);
    if (!result.ok) {
      if (!result.request) {
        return {
          message: this.t.render(this.t.file.notFound, { days: this.deps.retentionDays }),
        };
      }
      return {
        card: this.card(result.request),
        message: this.t.render(this.t.file.alreadyDone, {
          id: requestId,
          status: statusLine(this.t, result.request),
        }),
      };
    }
    const r = result.request;
    const card = this.card(r);
    logger.info('Konsultasjon request changed', { requestId, unitId: r.unitId, status: r.status });
    if (r.thread) {
      await messenger
        .update(refFromStored(r.thread.ref), r.thread.activityId, { card })
        .catch((err: unknown) =>
          logger.warn('Konsultasjon card could not be updated', {
            requestId,
            reason: reasonOf(err),
          }),
        );
    }
    const notice = noticeText(this.t, r, inbox.unit(r.unitId));
    if (notice) {
      const text = [notice, ...this.exampleNotice()].join('\n\n');
      // «Trenger mer informasjon» can be answered in the chat: a field and «Send svar».
      const message =
        r.status === 'needs-info'
          ? { card: answerFormCard(this.t, r, notice, this.exampleNotice()) }
          : { text };
      await messenger.send(refFromStored(r.requester.ref), message).catch((err: unknown) =>
        logger.warn('Konsultasjon requester could not be notified', {
          requestId,
          reason: reasonOf(err),
        }),
      );
    }
    return { card };
  }

  /**
   * The requester answers «Trenger mer informasjon» in their chat: the answer (masked strictly)
   * goes to the request's thread and onto its card, and the request is the team's again. Only
   * the requester may answer, and only while the request waits on them.
   */
  async answer(context: TurnContext, action: AnswerAction): Promise<string> {
    const { inbox, messenger, logger } = this.deps;
    const { requestId } = action.konsultasjonAnswer;
    const text = action.answer?.trim() ?? '';
    if (text === '') return this.t.file.answerMissing;
    if (this.deps.acute) {
      const { knowledge, texts } = this.deps.acute;
      const assessment = knowledge.acuteRisk.assess(text);
      if (assessment.tier === 'acute') {
        await sendAcuteRoutine(context, knowledge, texts, assessment.because, false);
      }
    }
    const result = await inbox.answer(requestId, personOf(context, this.t.file.wardName), text);
    if (!result.ok) {
      return result.request
        ? this.t.render(this.t.file.answerNotAllowed, { id: requestId })
        : this.t.render(this.t.file.notFound, { days: this.deps.retentionDays });
    }
    const r = result.request;
    logger.info('Konsultasjon request answered by the requester', { requestId, unitId: r.unitId });
    let delivered = false;
    if (r.thread) {
      const thread = refFromStored(r.thread.ref);
      const warn = (what: string) => (err: unknown) => {
        logger.warn(`Konsultasjon answer: ${what} failed`, {
          requestId,
          reason: reasonOf(err),
        });
        return false;
      };
      const posted = await messenger
        .send(thread, {
          text: this.t.render(this.t.file.answerThread, { id: r.id, text: r.answer?.text ?? '' }),
        })
        .then(() => true, warn('thread message'));
      const updated = await messenger
        .update(thread, r.thread.activityId, { card: this.card(r) })
        .then(() => true, warn('card update'));
      delivered = posted || updated;
    }
    const unit = inbox.unit(r.unitId);
    // Said as it is: an answer that did not reach the team is kept, but they must be phoned.
    return this.t.render(delivered ? this.t.file.answerSent : this.t.file.answerNotDelivered, {
      id: r.id,
      unit: unit?.name ?? r.unitId,
      phone: unit?.phone ?? '',
    });
  }

  /** Reminds every request due a reminder: in its thread, and the requester with whom to phone. */
  async remind(): Promise<number> {
    const { inbox, messenger, logger } = this.deps;
    const due = await inbox.claimDueReminders();
    for (const r of due) {
      const unit = inbox.unit(r.unitId);
      const minutes = unit?.remindAfterMinutes ?? 0;
      const fail = (what: string) => (err: unknown) =>
        logger.warn(`Konsultasjon reminder could not be sent to the ${what}`, {
          requestId: r.id,
          reason: reasonOf(err),
        });
      if (r.thread) {
        await messenger
          .send(refFromStored(r.thread.ref), {
            text: this.t.render(this.t.file.reminderThread, { id: r.id, minutes }),
          })
          .catch(fail('team'));
      }
      await messenger
        .send(refFromStored(r.requester.ref), {
          text: this.t.render(this.t.file.reminderRequester, {
            id: r.id,
            minutes,
            unit: unit?.name ?? r.unitId,
            phone: unit?.phone ?? '',
          }),
        })
        .catch(fail('requester'));
      logger.info('Konsultasjon request reminded', { requestId: r.id, unitId: r.unitId });
    }
    return due.length;
  }

  /** Whether this activity comes from the unit's registered inbox (Teams channel or Web Chat). */
  private async fromTeamOf(context: TurnContext, unitId: string): Promise<boolean> {
    const ref = (await this.deps.inbox.registration(unitId))?.ref;
    if (!ref) return false;
    const activity = context.activity;
    const channelData = activity.channelData as { channel?: { id?: unknown } } | undefined;
    return ref.teamsChannelId
      ? activity.channelId === 'msteams' && channelData?.channel?.id === ref.teamsChannelId
      : activity.channelId === ref.channelId && activity.conversation?.id === ref.conversationId;
  }

  private card(
    r: InboxRequest,
    mode: ActionMode = r.thread ? modeFor(r.thread.ref) : 'execute',
  ): AdaptiveCard {
    const { inbox, kt } = this.deps;
    return requestCard(this.t, kt, r, inbox.unit(r.unitId), inbox.directory, mode);
  }

  /** The example directory's warning, for texts the requester reads. */
  private exampleNotice(): string[] {
    return this.deps.inbox.directory?.example ? [`⚠️ ${this.t.file.exampleNotice}`] : [];
  }

  private unitsWithInbox(): DirectoryUnit[] {
    return (this.deps.inbox.directory?.units ?? []).filter((u) => u.inbox);
  }

  /** A unit named by id, by name, or by the start of its name (case and æøå ignored). */
  private findUnit(name: string): DirectoryUnit | undefined {
    const wanted = fold(name);
    const units = this.unitsWithInbox();
    const simple = (u: DirectoryUnit): string => fold(u.name.replace(/\(.*?\)/g, ''));
    return (
      units.find((u) => u.id === name.toLowerCase() || fold(u.name) === wanted) ??
      units.find((u) => simple(u) === wanted) ??
      (wanted.length >= 3 ? units.find((u) => simple(u).startsWith(wanted)) : undefined)
    );
  }

  /**
   * «registrer tilsynsteam <enhet>»: in a Teams channel, by someone on the allow-list. Elsewhere
   * the command says where registration happens (a typed command in a web chat never registers:
   * anyone can type it).
   */
  private async register(context: TurnContext, name: string): Promise<string> {
    const activity = context.activity;
    const units = this.unitsWithInbox()
      .map((u) => u.name)
      .join(', ');
    if (activity.channelId !== 'msteams') {
      return this.deps.webChatInbox && activity.channelId === 'directline'
        ? this.t.render(this.t.file.registerUsePage, { units })
        : this.t.file.registerUseTeams;
    }
    const ref = conversationRefFrom(activity);
    if (!ref.teamsChannelId) return this.t.file.registerNotChannel;
    const person = personOf(context, this.t.file.teamName);
    if (!this.deps.allowedUsers.includes(person.key)) {
      this.deps.logger.warn('Team registration refused', { channelId: activity.channelId });
      return this.t.file.registerNotAllowed;
    }
    if (!name) return this.t.render(this.t.file.registerUsage, { units });
    const unit = this.findUnit(name);
    if (!unit) return this.t.render(this.t.file.registerUnknownUnit, { name, units });
    await this.registerHere(context, unit, person.key);
    return this.t.render(this.t.file.registered, { unit: unit.name });
  }

  /** The local team page's own request (a post back from /team/<enhet>, TEAM_INBOX_WEBCHAT). */
  private async registerWebChat(context: TurnContext, unitId: string): Promise<string> {
    const unit = this.unitsWithInbox().find((u) => u.id === unitId);
    if (!this.deps.webChatInbox || context.activity.channelId !== 'directline' || !unit) {
      this.deps.logger.warn('Team registration refused', {
        channelId: context.activity.channelId,
      });
      return this.t.file.registerUseTeams;
    }
    await this.registerHere(context, unit, 'webchat');
    return this.t.render(this.t.file.webChatInbox, { unit: unit.name });
  }

  /** Makes this conversation the unit's inbox; the one it replaces is told. */
  private async registerHere(
    context: TurnContext,
    unit: DirectoryUnit,
    registeredBy: string,
  ): Promise<void> {
    const { inbox, messenger, logger } = this.deps;
    const ref = storedRef(conversationRefFrom(context.activity));
    const previous = (await inbox.registration(unit.id))?.ref;
    await inbox.register(unit.id, ref, registeredBy);
    const moved =
      previous !== undefined &&
      (previous.conversationId !== ref.conversationId ||
        previous.teamsChannelId !== ref.teamsChannelId);
    logger.info('Team inbox registered', {
      unitId: unit.id,
      channelId: context.activity.channelId,
      replacedAnother: moved,
    });
    if (moved && previous) {
      await messenger
        .send(refFromStored(previous), {
          text: this.t.render(this.t.file.moved, { unit: unit.name }),
        })
        .catch((err: unknown) =>
          logger.warn('The previous team inbox could not be told it moved', {
            unitId: unit.id,
            reason: reasonOf(err),
          }),
        );
    }
  }

  private async mine(context: TurnContext): Promise<AdaptiveCard> {
    const requests = await this.deps.inbox.mine(personFrom(context).key);
    return listCard(
      this.t,
      this.t.file.mineTitle,
      requests,
      (id) => this.deps.inbox.unit(id)?.name ?? id,
      this.t.render(this.t.file.mineEmpty, { days: this.deps.retentionDays }),
    );
  }

  /** The open requests of the unit whose inbox this conversation (or Teams channel) is. */
  /**
   * The open requests of the unit whose inbox this conversation (or Teams channel) is: the list,
   * then each request's card with its buttons (the oldest five), so they can be handled from here
   * too — after a reload of the team page, or when the thread is hard to find.
   */
  private async open(context: TurnContext): Promise<AdaptiveCard[] | string> {
    const here = conversationRefFrom(context.activity);
    const inboxes = await this.deps.inbox.inboxes();
    const mine = inboxes.find(({ registration }) => {
      const ref = registration?.ref;
      if (!ref) return false;
      return here.teamsChannelId
        ? ref.teamsChannelId === here.teamsChannelId
        : ref.conversationId === here.conversationId;
    });
    if (!mine) return this.t.file.openNotRegistered;
    const requests = (await this.deps.inbox.open(mine.unit.id)).filter((r) =>
      openStatuses.includes(r.status),
    );
    const mode = mine.registration ? modeFor(mine.registration.ref) : 'execute';
    return [
      listCard(
        this.t,
        this.t.render(this.t.file.openTitle, { unit: mine.unit.name }),
        requests,
        () => mine.unit.name,
        this.t.render(this.t.file.openEmpty, { unit: mine.unit.name }),
      ),
      ...requests.slice(0, 5).map((r) => this.card(r, mode)),
    ];
  }
}
