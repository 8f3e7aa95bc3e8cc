/**
 * «Opplæring» (issue 17): choose a module (or the repetition that is due), read its lessons one
 * at a time, then answer its questions one at a time with the explanation and source after each;
 * a missed question comes again at the end of the sitting. Passed at ≥ 80 % right on the first
 * try, with a completion card; then a few questions come back after a day, a week and a month.
 * Progress lives in user state, so it survives a restart and a new conversation.
 *
 * The modules are data (knowledge/learning/*.yaml); the rules of a sitting and of repetition are
 * src/domain/learning/progress.ts.
 */
import { randomUUID } from 'node:crypto';
import type { KnowledgeService } from '../src/domain/knowledge/service.js';
import {
  moduleRef,
  questionRef,
  sittingEndEvents,
  type LearningEvent,
  type LearningRecorder,
} from '../src/domain/learning/events.js';
import {
  answer,
  dueReviews,
  emptyProgress,
  finishSitting,
  keepOpen,
  openSitting,
  recordReview,
  result,
  startSitting,
  type LearnerProgress,
  type ReviewCard,
  type Sitting,
} from '../src/domain/learning/progress.js';
import {
  approvedModules,
  type LearningModule,
  type LearningQuestion,
  type StaleQuestion,
} from '../src/domain/learning/schema.js';
import {
  feedbackCard,
  isRight,
  learningActionSchema,
  learningCommands,
  lessonCard,
  norwegianDate,
  questionPrompt,
  resultCard,
  reviewCard,
  type LearningCommand,
  type LearningTexts,
} from '../src/presentation/learning.js';
import { personFrom } from '../src/channel/messenger.js';
import { normalizeCommandText } from './commands.js';
import { recognizeMany, type QuestionText } from '../src/presentation/questions.js';
import type { Texts } from '../src/presentation/texts.js';
import {
  CardFactory,
  ComponentDialog,
  MessageFactory,
  WaterfallDialog,
  type DialogTurnResult,
  type StatePropertyAccessor,
  type TurnContext,
  type WaterfallStepContext,
} from '../src/channel/sdk.js';
import {
  askMany,
  askOption,
  chosenValue,
  createMultiOptionPrompt,
  createOptionPrompt,
} from './optionPrompt.js';
import { learnerOf } from './learner.js';

export const LEARNING_DIALOG = 'opplaering';
const ASK = 'learnAsk';
const ASK_MANY = 'learnAskMany';
const MAIN = 'learnMain';
const LESSONS = 'learnLessons';
const QUESTIONS = 'learnQuestions';
const REVIEW = 'learnReview';

interface LessonOptions {
  readonly moduleId: string;
  readonly n: number;
}
interface QuestionOptions {
  readonly sitting: Sitting;
  /** The sitting's id for the learning record store (absent in a sitting begun before it). */
  readonly attempt?: string;
}
/** How the flow is begun: `start: 'review'` goes straight to the repetition that is due. */
export interface LearningOptions {
  readonly start?: 'review';
}
interface ReviewOptions {
  readonly cards: readonly ReviewCard[];
  readonly i: number;
}

/** Told when a learner finishes a sitting: their first one of the module, their first pass. */
export type SittingListener = (
  moduleId: string,
  change: { readonly firstSitting: boolean; readonly firstPass: boolean },
) => Promise<void>;

/** What the channel layer hears of a learner, and what it tells the flow. */
export interface LearningHooks {
  readonly onSitting?: SittingListener;
  /** The learner's progress changed (a sitting, a repetition, a setting): after it is set. */
  readonly onProgress?: (context: TurnContext, progress: LearnerProgress) => Promise<void>;
  /** The hour (Norwegian time) the daily nudge goes out in Teams; undefined: no nudges. */
  readonly nudgeHour?: number;
  /** Learning records (xAPI), when an LRS is configured. */
  readonly recorder?: LearningRecorder;
}

export class LearningDialog extends ComponentDialog {
  constructor(
    private readonly texts: Texts,
    private readonly t: LearningTexts,
    private readonly knowledge: KnowledgeService,
    private readonly progress: StatePropertyAccessor<LearnerProgress>,
    private readonly retryText: string,
    private readonly now: () => Date = () => new Date(),
    private readonly hooks: LearningHooks = {},
  ) {
    super(LEARNING_DIALOG);
    this.served = approvedModules(knowledge.kb.learning, knowledge.kb.itemsById);
    for (const command of learningCommands) {
      for (const name of t.file.commands[command]) {
        this.commandByName.set(normalizeCommandText(name), command);
      }
    }
    this.addDialog(createOptionPrompt(ASK));
    this.addDialog(createMultiOptionPrompt(ASK_MANY));
    this.addDialog(
      new WaterfallDialog(MAIN, [(s) => this.chooseStep(s), (s) => this.startStep(s)]),
    );
    this.addDialog(
      new WaterfallDialog(LESSONS, [(s) => this.lessonStep(s), (s) => this.afterLesson(s)]),
    );
    this.addDialog(
      new WaterfallDialog(QUESTIONS, [(s) => this.questionStep(s), (s) => this.afterQuestion(s)]),
    );
    this.addDialog(
      new WaterfallDialog(REVIEW, [(s) => this.reviewStep(s), (s) => this.afterReview(s)]),
    );
    this.initialDialogId = MAIN;
  }

  private readonly commandByName = new Map<string, LearningCommand>();

  /** A learning command in this message: a card button's value, or the whole text typed. */
  recognize(context: TurnContext): LearningCommand | undefined {
    const action = learningActionSchema.safeParse(context.activity.value);
    if (action.success) return action.data.learning;
    const text = context.activity.text;
    return text ? this.commandByName.get(normalizeCommandText(text)) : undefined;
  }

  /** Turns the nudge or the sharing with the manager view on or off, and says so. */
  async runSetting(
    context: TurnContext,
    command: Exclude<LearningCommand, 'review'>,
  ): Promise<void> {
    const progress = await this.load(context);
    const f = this.t.file;
    if (
      (command === 'nudgesOff' || command === 'nudgesOn') &&
      context.activity.channelId !== 'msteams'
    ) {
      // The nudge is a Teams message; Web Chat offers the repetition when the user comes back.
      await context.sendActivity(f.nudgesOnlyTeams);
      return;
    }
    switch (command) {
      case 'nudgesOff':
        await this.save(context, { ...progress, nudges: false });
        await context.sendActivity(f.nudgesOff);
        return;
      case 'nudgesOn':
        if (this.hooks.nudgeHour === undefined) {
          await context.sendActivity(f.nudgesNotSent);
          return;
        }
        await this.save(context, { ...progress, nudges: true });
        await context.sendActivity(this.t.render(f.nudgesOn, { hour: this.hour() }));
        return;
      case 'share':
        // A name is what makes sharing mean anything; the local Web Chat has none.
        if (personFrom(context).name === undefined) {
          await context.sendActivity(f.shareNeedsName);
          return;
        }
        await this.save(context, { ...progress, shared: true });
        await context.sendActivity(f.shared);
        return;
      case 'unshare':
        // Removed from the manager view in any case (also if an earlier removal was lost).
        await this.save(context, { ...progress, shared: false });
        if (!progress.shared) {
          await context.sendActivity(f.notShared);
          return;
        }
        await context.sendActivity(f.unshared);
        return;
    }
  }

  /** When the user comes back: «2 repetisjonsspørsmål venter», if any do. */
  async offerDue(context: TurnContext): Promise<void> {
    const due = this.due(await this.load(context)).length;
    if (due > 0) {
      await context.sendActivity(
        MessageFactory.attachment(CardFactory.adaptiveCard(reviewCard(this.t, due, false))),
      );
    }
  }

  private hour(): string {
    return String(this.hooks.nudgeHour ?? 0).padStart(2, '0');
  }

  private async save(context: TurnContext, progress: LearnerProgress): Promise<void> {
    await this.progress.set(context, progress);
    // Repetition of a question not taught now (withheld) is neither counted nor nudged about.
    await this.hooks.onProgress?.(context, {
      ...progress,
      reviews: progress.reviews.filter((c) => this.question(c.moduleId, c.questionId)),
    });
  }

  /** A question as taught now (undefined when its module or it is withheld or gone). */
  private question(moduleId: string, questionId: string): LearningQuestion | undefined {
    return this.module(moduleId)?.questions.find((q) => q.id === questionId);
  }

  /** Repetition due now, of questions taught now. */
  private due(progress: LearnerProgress): ReviewCard[] {
    return dueReviews(progress, this.now()).filter((c) => this.question(c.moduleId, c.questionId));
  }

  /** The modules as taught: questions not approved for their items' current text are withheld. */
  private readonly served: ReturnType<typeof approvedModules>;

  /** Questions withheld because they are not approved for their items as they are now. */
  get withheld(): readonly StaleQuestion[] {
    return this.served.withheld;
  }

  private get modules(): readonly LearningModule[] {
    return this.served.modules;
  }

  private module(id: string): LearningModule | undefined {
    return this.modules.find((m) => m.id === id);
  }

  /** Hands events to the learning record store, if any: never waits, never throws. */
  private note(context: TurnContext, ...events: LearningEvent[]): void {
    const recorder = this.hooks.recorder;
    const learner = recorder && learnerOf(context);
    if (learner) for (const event of events) recorder.record(learner, event);
  }

  private eventBase(module: LearningModule, attempt?: string) {
    return {
      module: moduleRef(module),
      at: this.now(),
      kbVersion: this.knowledge.kb.version,
      attempt,
    };
  }

  private async load(context: TurnContext): Promise<LearnerProgress> {
    return this.progress.get(context, emptyProgress);
  }

  private sources(itemIds: readonly string[]) {
    return itemIds.flatMap((id) => {
      const item = this.knowledge.item(id);
      return item ? this.knowledge.sourcesOf(item) : [];
    });
  }

  private async chooseStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (this.modules.length === 0) {
      await step.context.sendActivity(this.t.file.noModules);
      return step.endDialog();
    }
    const progress = await this.load(step.context);
    const due = this.due(progress);
    if ((step.options as LearningOptions | undefined)?.start === 'review') {
      if (due.length > 0) {
        return step.replaceDialog(REVIEW, { cards: due, i: 0 } satisfies ReviewOptions);
      }
      await step.context.sendActivity(this.t.file.reviewNoneDue);
    }
    const status = (m: LearningModule): string => {
      const r = progress.modules[m.id];
      if (r?.passedAt)
        return this.t.render(this.t.file.status.passed, { date: norwegianDate(r.passedAt) });
      const open = openSitting(progress, m);
      if (open) {
        return this.t.render(this.t.file.status.started, {
          answered: Object.keys(open.sitting.firstTry).length,
          total: m.questions.length,
        });
      }
      return r
        ? this.t.render(this.t.file.status.failed, {
            percent: Math.round((r.bestScore ?? 0) * 100),
          })
        : this.t.file.status.new;
    };
    const question: QuestionText = {
      prompt: `${this.t.file.intro}\n\n${this.t.file.chooseModule}`,
      acceptsAge: false,
      options: [
        ...(due.length > 0
          ? [
              {
                value: 'review',
                label: this.t.render(this.t.file.reviewOption, { count: due.length }),
                synonyms: ['repetisjon', 'repeter'],
              },
            ]
          : []),
        ...this.modules.map((m) => ({
          value: m.id,
          label: this.t.render(this.t.file.moduleOption, { title: m.title, status: status(m) }),
          synonyms: [m.title, ...m.synonyms],
        })),
      ],
    };
    (step.values as Record<string, unknown>).question = question;
    return askOption(step, ASK, question, this.retryText, 'module');
  }

  private async startStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const question = (step.values as Record<string, unknown>).question as QuestionText;
    const chosen = String(chosenValue(question, step.result));
    const progress = await this.load(step.context);
    if (chosen === 'review') {
      const due = this.due(progress);
      return step.replaceDialog(REVIEW, { cards: due, i: 0 } satisfies ReviewOptions);
    }
    const module = this.module(chosen);
    const open = module && openSitting(progress, module);
    if (module && open) {
      // Left unfinished (menu, another flow, a closed window): go on where they left off.
      await step.context.sendActivity(
        this.t.render(this.t.file.resumed, {
          answered: Object.keys(open.sitting.firstTry).length,
          total: module.questions.length,
        }),
      );
      return step.replaceDialog(QUESTIONS, {
        sitting: open.sitting,
        ...(open.attempt ? { attempt: open.attempt } : {}),
      } satisfies QuestionOptions);
    }
    return step.replaceDialog(LESSONS, { moduleId: chosen, n: 0 } satisfies LessonOptions);
  }

  private async lessonStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { moduleId, n } = step.options as LessonOptions;
    const module = this.module(moduleId);
    const lesson = module?.lessons[n];
    if (!module || !lesson) return step.endDialog();
    const total = module.lessons.length;
    await step.context.sendActivity(
      MessageFactory.attachment(
        CardFactory.adaptiveCard(
          lessonCard(this.texts, this.t, lesson, n + 1, total, this.sources(lesson.items)),
        ),
      ),
    );
    const last = n + 1 >= total;
    const question: QuestionText = {
      prompt: this.t.file.lessonQuestion,
      acceptsAge: false,
      options: last
        ? [
            {
              value: 'questions',
              label: this.t.file.toQuestions,
              synonyms: ['spørsmål', 'spørsmålene', 'neste', 'videre'],
            },
            { value: 'again', label: this.t.file.lessonsAgain, synonyms: ['på nytt'] },
          ]
        : [
            { value: 'next', label: this.t.file.nextLesson, synonyms: ['neste', 'videre'] },
            {
              value: 'questions',
              label: this.t.file.toQuestions,
              synonyms: ['spørsmål', 'spørsmålene'],
            },
          ],
    };
    (step.values as Record<string, unknown>).question = question;
    return askOption(step, ASK, question, this.retryText, `lesson-${n}`);
  }

  private async afterLesson(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { moduleId, n } = step.options as LessonOptions;
    const question = (step.values as Record<string, unknown>).question as QuestionText;
    const module = this.module(moduleId);
    if (!module) return step.endDialog();
    const chosen = chosenValue(question, step.result);
    if (chosen === 'next' || chosen === 'again') {
      const next = chosen === 'next' ? n + 1 : 0;
      return step.replaceDialog(LESSONS, { moduleId, n: next } satisfies LessonOptions);
    }
    const attempt = randomUUID();
    this.note(step.context, { ...this.eventBase(module, attempt), kind: 'attempted' });
    return step.replaceDialog(QUESTIONS, {
      sitting: startSitting(module),
      attempt,
    } satisfies QuestionOptions);
  }

  /** Asks `q` with `heading`: one option, or several for a multiple-choice question. */
  private ask(step: WaterfallStepContext, q: LearningQuestion, heading: string) {
    const prompt = questionPrompt(q, heading);
    (step.values as Record<string, unknown>).prompt = prompt;
    return q.kind === 'multiple'
      ? askMany(
          step,
          ASK_MANY,
          prompt,
          this.t.file.retryMany,
          this.texts,
          this.t.file.submitAnswer,
          q.id,
        )
      : askOption(step, ASK, prompt, this.retryText, q.id);
  }

  /** The option indexes the user chose. */
  private chosen(step: WaterfallStepContext, q: LearningQuestion): number[] {
    const prompt = (step.values as Record<string, unknown>).prompt as QuestionText;
    return q.kind === 'multiple'
      ? (recognizeMany(prompt, String(step.result)) ?? []).map(Number)
      : [Number(chosenValue(prompt, step.result))];
  }

  /** Judges the answer and sends the feedback; true when it was right. */
  private async feedback(step: WaterfallStepContext, q: LearningQuestion): Promise<boolean> {
    const chosen = this.chosen(step, q);
    await step.context.sendActivity(
      MessageFactory.attachment(
        CardFactory.adaptiveCard(
          feedbackCard(this.texts, this.t, q, chosen, this.sources(q.items)),
        ),
      ),
    );
    return isRight(q, chosen);
  }

  private async questionStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { sitting } = step.options as QuestionOptions;
    const module = this.module(sitting.moduleId);
    if (!module) return step.endDialog();
    const id = sitting.queue[0];
    if (id === undefined) return this.finish(step, module, sitting);
    const q = module.questions.find((x) => x.id === id);
    // Withheld since the sitting began (a restart after a content change): not asked, not counted.
    if (!q) return this.skipQuestion(step, sitting);
    const again = q.id in sitting.firstTry;
    const n = Object.keys(sitting.firstTry).length + 1;
    const heading = again
      ? this.t.file.againHeading
      : this.t.render(this.t.file.questionHeading, { n, total: module.questions.length });
    return this.ask(step, q, `**${heading}**`);
  }

  private async afterQuestion(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { sitting, attempt } = step.options as QuestionOptions;
    const module = this.module(sitting.moduleId);
    if (!module) return step.endDialog();
    const q = module.questions.find((x) => x.id === sitting.queue[0]);
    if (!q) return this.skipQuestion(step, sitting);
    const right = await this.feedback(step, q);
    this.note(step.context, {
      ...this.eventBase(module, attempt),
      kind: 'answered',
      question: questionRef(q),
      right,
      phase: q.id in sitting.firstTry ? 'retry' : 'first-try',
    });
    const next = answer(sitting, right);
    // Kept after every answer, so a sitting left unfinished can be taken up again.
    if (next.queue.length > 0) {
      await this.progress.set(step.context, keepOpen(await this.load(step.context), next, attempt));
    }
    return step.replaceDialog(QUESTIONS, {
      sitting: next,
      attempt,
    } satisfies QuestionOptions);
  }

  private async finish(
    step: WaterfallStepContext,
    module: LearningModule,
    sitting: Sitting,
  ): Promise<DialogTurnResult> {
    const now = this.now();
    const before = await this.load(step.context);
    const r = result(module, sitting);
    const after = finishSitting(before, module, sitting, now, this.knowledge.kb.version);
    await this.save(step.context, after);
    await this.hooks.onSitting?.(module.id, {
      firstSitting: before.modules[module.id] === undefined,
      firstPass: r.passed && before.modules[module.id]?.passedAt === undefined,
    });
    const { attempt } = step.options as QuestionOptions;
    this.note(
      step.context,
      ...sittingEndEvents(module, r, { ...this.eventBase(module, attempt), at: now }),
    );
    const completedAt = after.modules[module.id]?.passedAt ?? now.toISOString();
    await step.context.sendActivity(
      MessageFactory.attachment(
        CardFactory.adaptiveCard(
          resultCard(this.t, module.title, r, completedAt, this.knowledge.kb.version),
        ),
      ),
    );
    const scheduled = after.reviews.filter((c) => c.moduleId === module.id).length;
    if (r.passed && before.modules[module.id]?.passedAt === undefined && scheduled > 0) {
      const teams = step.context.activity.channelId === 'msteams';
      const lines = [
        this.t.render(this.t.file.reviewsScheduled, { count: scheduled }),
        ...(teams && after.nudges && this.hooks.nudgeHour !== undefined
          ? [this.t.render(this.t.file.reviewsNudged, { hour: this.hour() })]
          : []),
        ...(teams && !after.shared ? [this.t.file.shareOffer] : []),
      ];
      await step.context.sendActivity(lines.join('\n\n'));
    }
    return step.endDialog();
  }

  private async reviewStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { cards, i } = step.options as ReviewOptions;
    const card = cards[i];
    if (!card) {
      await step.context.sendActivity(this.t.file.reviewDone);
      return step.endDialog();
    }
    const q = this.question(card.moduleId, card.questionId);
    // Withheld since the list was made (a restart after a content change): the next one.
    if (!q) return step.replaceDialog(REVIEW, { cards, i: i + 1 } satisfies ReviewOptions);
    const heading = this.t.render(this.t.file.reviewHeading, { n: i + 1, total: cards.length });
    return this.ask(step, q, `**${heading}**`);
  }

  /** Goes on without the question at the head of the queue. */
  private skipQuestion(step: WaterfallStepContext, sitting: Sitting): Promise<DialogTurnResult> {
    const { attempt } = step.options as QuestionOptions;
    return step.replaceDialog(QUESTIONS, {
      sitting: { ...sitting, queue: sitting.queue.slice(1) },
      ...(attempt ? { attempt } : {}),
    } satisfies QuestionOptions);
  }

  private async afterReview(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { cards, i } = step.options as ReviewOptions;
    const card = cards[i];
    const q = card && this.question(card.moduleId, card.questionId);
    if (!card) return step.endDialog();
    if (!q) return step.replaceDialog(REVIEW, { cards, i: i + 1 } satisfies ReviewOptions);
    const right = await this.feedback(step, q);
    const module = this.module(card.moduleId);
    if (module) {
      this.note(step.context, {
        ...this.eventBase(module),
        kind: 'answered',
        question: questionRef(q),
        right,
        phase: 'repetition',
      });
    }
    const progress = await this.load(step.context);
    await this.save(
      step.context,
      recordReview(progress, card.moduleId, card.questionId, right, this.now()),
    );
    return step.replaceDialog(REVIEW, { cards, i: i + 1 } satisfies ReviewOptions);
  }
}
