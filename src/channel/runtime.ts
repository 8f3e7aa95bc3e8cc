/**
 * Wires the bot for both adapters: the Bot Framework channel adapter (/api/messages) and the
 * in-process adapter behind the embedded Direct Line. Both share one bot, one storage and the
 * same middleware, so a conversation behaves the same whichever way it arrives.
 */
import {
  ShowTypingMiddleware,
  type Activity,
  type BotAdapter,
  type Storage,
  type TurnContext,
} from 'botbuilder';
import { RootDialog } from '../../dialogs/rootDialog.js';
import type { KnowledgeService } from '../domain/knowledge/service.js';
import { loadResponsibilityTexts } from '../presentation/responsibility.js';
import type { Texts } from '../presentation/texts.js';
import type { Config } from '../shared/config.js';
import { reasonOf, type Logger } from '../shared/logger.js';
import { createChannelAdapter, createInProcessAdapter, type TurnOutcome } from './adapter.js';
import { FagstotteBot } from './bot.js';
import { createInboundMiddleware } from './inbound.js';
import { createBotState, createStorage } from './state.js';
import { createMetrics, type Metrics } from '../shared/metrics.js';
import { TeamInbox } from '../../dialogs/teamInbox.js';
import { KonsultasjonInbox } from '../domain/konsultasjon/inbox.js';
import type { RecordStore } from '../domain/records.js';
import { maskPatientIdsStrict } from '../domain/safety/patientId.js';
import { loadKonsultasjonTexts } from '../presentation/konsultasjon.js';
import { loadInboxTexts } from '../presentation/teamInbox.js';
import { loadLearningTexts } from '../presentation/learning.js';
import type { LearnerProgress } from '../domain/learning/progress.js';
import {
  countSitting,
  readLearningSummary,
  readSharedLearners,
  setSharedLearner,
  sharedModules,
  type LearningSummary,
  type SharedLearner,
} from '../domain/learning/summary.js';
import { LearningReminders } from '../domain/learning/reminders.js';
import { reviewCard } from '../presentation/learning.js';
import {
  conversationRefFrom,
  createBotConnectorMessenger,
  personFrom,
  refFromStored,
  storedRef,
} from './messenger.js';
import { createRecordStore } from './recordStore.js';
import { createRoutingMessenger, type DirectLinePost } from './routingMessenger.js';
import type { LearningRecorder } from '../domain/learning/events.js';
import { createXapiRecorder } from '../integrations/xapi.js';

export interface BotRuntime {
  readonly bot: FagstotteBot;
  /** Handles an activity from a Bot Framework channel; authHeader is the request's Authorization. */
  handleChannelActivity(authHeader: string, activity: Activity): Promise<TurnOutcome>;
  /** Runs a turn in-process (embedded Direct Line) and returns the bot's replies. */
  runInProcess(activity: Activity): Promise<Partial<Activity>[]>;
  /** Writes and reads back a small health record in the conversation storage; throws on failure. */
  probeStorage(): Promise<void>;
  /** Turn and HTTP metrics (counts and latencies, no content). */
  readonly metrics: Metrics;
  /** The konsultasjon inbox (issue 16). */
  readonly teamInbox: TeamInbox;
  /** Lets the inbox write into the embedded Direct Line's conversations. */
  attachDirectLine(post: DirectLinePost): void;
  /** Sends due reminders and deletes expired requests now (also runs every minute). */
  runInboxTimers(): Promise<void>;
  /** Sends the Opplæring nudges due now (also runs every minute). */
  runLearningNudges(): Promise<void>;
  /** Stops the inbox's timer. */
  close(): void;
  /** Opplæring per module: learners who finished a sitting, and who passed (counts only). */
  learningSummary(): Promise<LearningSummary>;
  /** The learners who opted in to be named in the manager view. */
  sharedLearners(): Promise<SharedLearner[]>;
  /** Resolves when queued xAPI statements were sent or given up (at once without an LRS). */
  flushLearningRecords(): Promise<void>;
}

/** How often due reminders are looked for and expired requests deleted. */
export const INBOX_TIMER_MS = 60_000;

export function configureAdapter(
  adapter: BotAdapter,
  deps: {
    texts: Texts;
    logger: Logger;
    bot: FagstotteBot;
    typingDelayMs: number;
    metrics?: Metrics;
  },
): void {
  adapter.use(createInboundMiddleware(deps));
  adapter.use(new ShowTypingMiddleware(deps.typingDelayMs, 2000));
  adapter.onTurnError = async (context: TurnContext, error: Error): Promise<void> => {
    // Log what the error is, not the dialog state botbuilder attaches to it (it can hold answers).
    deps.logger.error('Unhandled error in turn', {
      error: { name: error.name, message: error.message, stack: error.stack },
      channelId: context.activity.channelId,
      activityType: context.activity.type,
    });
    try {
      await context.sendActivity(deps.texts.render('error-apology'));
      await deps.bot.resetConversation(context);
    } catch (inner) {
      deps.logger.error('Could not recover from turn error', { error: inner });
    }
  };
}

export function createBotRuntime(deps: {
  config: Config;
  logger: Logger;
  texts: Texts;
  knowledge: KnowledgeService;
  storage?: Storage;
  metrics?: Metrics;
  /** The inbox's record store (default: from the configuration). */
  records?: RecordStore;
  now?: () => Date;
  /** Opplæring's learning records (default: xAPI to the configured LRS, or none). */
  learningRecorder?: LearningRecorder & { flush?(): Promise<void> };
}): BotRuntime {
  const metrics = deps.metrics ?? createMetrics();
  const state = createBotState(deps.storage ?? createStorage(deps.config));
  const channelAdapter = createChannelAdapter(deps.config, deps.logger);
  const messenger = createRoutingMessenger(
    createBotConnectorMessenger(channelAdapter, deps.config.botAuth.appId ?? '', deps.logger),
  );
  const records = deps.records ?? createRecordStore(deps.config);
  const inbox = new KonsultasjonInbox({
    store: records,
    directory: deps.knowledge.kb.directory,
    retentionDays: deps.config.konsultasjon.retentionDays,
    maxRequests: deps.config.konsultasjon.maxRequests,
    // Stricter than the chat guard: this text goes to other people.
    mask: (text) => maskPatientIdsStrict(text),
    ...(deps.now ? { now: deps.now } : {}),
  });
  const konsultasjonTexts = loadKonsultasjonTexts();
  const teamInbox = new TeamInbox({
    inbox,
    messenger,
    texts: loadInboxTexts(),
    kt: konsultasjonTexts,
    logger: deps.logger,
    allowedUsers: deps.config.konsultasjon.registrationAllowedUsers,
    webChatInbox: deps.config.konsultasjon.webChatInbox,
    retentionDays: deps.config.konsultasjon.retentionDays,
    acute: { knowledge: deps.knowledge, texts: deps.texts },
  });
  const learningTexts = loadLearningTexts();
  const nudgeHour = deps.config.learning.nudgeHour;
  const maxLearners = deps.config.learning.maxLearners;
  const reminders = new LearningReminders({
    store: records,
    hour: nudgeHour ?? 0,
    maxLearners,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const now = deps.now ?? (() => new Date());
  /**
   * A learner's progress changed: Teams users in their personal chat are kept for the nudge
   * while repetition is scheduled; an opted-in learner's passed modules (with their name) are
   * kept for the manager view, and deleted when they withdraw.
   */
  const learnerChanged = async (context: TurnContext, progress: LearnerProgress) => {
    try {
      await keepLearner(context, progress);
    } catch (err) {
      // The learner's own progress is saved with the turn; a missed nudge entry or manager-list
      // update must not fail their answer.
      deps.logger.warn('Opplæring learner records not updated', {
        reason: reasonOf(err),
      });
    }
  };
  const keepLearner = async (context: TurnContext, progress: LearnerProgress) => {
    const person = personFrom(context);
    const activity = context.activity;
    if (nudgeHour !== undefined && activity.channelId === 'msteams') {
      // Where to write comes from the personal chat; elsewhere only due times and on/off change.
      const personal = activity.conversation?.conversationType === 'personal';
      await reminders.track(
        person.key,
        personal ? storedRef(conversationRefFrom(activity)) : undefined,
        progress,
      );
    }
    // Shared: kept with the name this channel gives (none given: left as it is); not shared: gone.
    if (progress.shared && !person.name) return;
    await setSharedLearner(
      records,
      person.key,
      progress.shared && person.name
        ? { name: person.name, modules: sharedModules(progress), updatedAt: now().toISOString() }
        : undefined,
      maxLearners,
    );
  };
  const learningRecorder =
    deps.learningRecorder ??
    (deps.config.xapi
      ? createXapiRecorder({ config: deps.config.xapi, logger: deps.logger, metrics })
      : undefined);
  const root = new RootDialog(
    deps.texts,
    deps.knowledge,
    loadResponsibilityTexts(),
    konsultasjonTexts,
    teamInbox,
    {
      // In user state: progress survives a restart and a new conversation.
      progress: state.userState.createProperty<LearnerProgress>('learning'),
      texts: learningTexts,
      hooks: {
        // Counts only (started, passed per module) for the manager view; never who.
        onSitting: (moduleId, change) => countSitting(records, moduleId, change),
        onProgress: (context, progress) => learnerChanged(context, progress),
        ...(nudgeHour !== undefined ? { nudgeHour } : {}),
        ...(learningRecorder ? { recorder: learningRecorder } : {}),
      },
      ...(deps.now ? { now: deps.now } : {}),
    },
  );
  const bot = new FagstotteBot(state, root, deps.texts, deps.logger, teamInbox);
  const withheld = root.learning?.withheld ?? [];
  if (withheld.length > 0) {
    deps.logger.warn('Opplæring questions withheld: not approved for their items as they are now', {
      questions: withheld.map((w) => `${w.module}/${w.question}`),
    });
  }
  const runInboxTimers = async (): Promise<void> => {
    try {
      await teamInbox.remind();
      await inbox.purge();
    } catch (err) {
      deps.logger.warn('Konsultasjon inbox timer failed', {
        reason: reasonOf(err),
      });
    }
  };
  const runLearningNudges = async (): Promise<void> => {
    if (nudgeHour === undefined) return;
    try {
      for (const nudge of await reminders.claimDue()) {
        try {
          await messenger.send(refFromStored(nudge.ref), {
            card: reviewCard(learningTexts, nudge.count, true),
          });
        } catch (err) {
          // Claimed, so not sent again today: the repetition waits under «Opplæring».
          deps.logger.warn('Opplæring nudge not sent', {
            reason: reasonOf(err),
          });
        }
      }
    } catch (err) {
      deps.logger.warn('Opplæring nudge timer failed', {
        reason: reasonOf(err),
      });
    }
  };
  const timer = setInterval(() => {
    void runInboxTimers();
    void runLearningNudges();
  }, INBOX_TIMER_MS);
  timer.unref();
  const inProcessAdapter = createInProcessAdapter(deps.logger);
  for (const adapter of [channelAdapter, inProcessAdapter]) {
    configureAdapter(adapter, { ...deps, bot, metrics, typingDelayMs: deps.config.typingDelayMs });
  }
  const logic = (context: TurnContext): Promise<void> => bot.run(context);
  return {
    bot,
    metrics,
    teamInbox,
    attachDirectLine: (post) => messenger.attachDirectLine(post),
    runInboxTimers,
    runLearningNudges,
    close: () => clearInterval(timer),
    learningSummary: () => readLearningSummary(records),
    sharedLearners: () => readSharedLearners(records),
    flushLearningRecords: async () => learningRecorder?.flush?.(),
    handleChannelActivity: (authHeader, activity) =>
      channelAdapter.handle(authHeader, activity, logic),
    async probeStorage() {
      const key = 'fagstotte-health';
      const at = new Date().toISOString();
      await state.storage.write({ [key]: { at, eTag: '*' } });
      const read = await state.storage.read([key]);
      if ((read[key] as { at?: string } | undefined)?.at !== at) {
        throw new Error('the health record did not come back');
      }
    },
    async runInProcess(activity) {
      const outcome = await inProcessAdapter.handle(
        '',
        { ...activity, deliveryMode: 'expectReplies' },
        logic,
      );
      const body = outcome.body as { activities?: Partial<Activity>[] } | undefined;
      if (outcome.status !== 200) throw new Error(`In-process turn failed (${outcome.status})`);
      return body?.activities ?? [];
    },
  };
}
