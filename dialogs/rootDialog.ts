/**
 * The root dialog: the main menu loop, and the one place where global commands are handled for
 * every flow. Child flows run on this component's inner stack, so onContinueDialog sees every
 * turn before any prompt does (and onBeginDialog covers a turn with no active dialog).
 * Order of interrupts: acute risk first (the acute routine, or "Er det akutt fare nå?" for a
 * possible sign), then a click on an old card's answer button («Dette kortet er ikke lenger
 * aktivt.» and the current question or the menu again: never a search, never an answer to
 * another question), then avbryt, meny, hjelp.
 */
import type { KnowledgeService } from '../src/domain/knowledge/service.js';
import type { ResponsibilityTexts } from '../src/presentation/responsibility.js';
import type { MenuEntry, Texts } from '../src/presentation/texts.js';
import {
  ComponentDialog,
  Dialog,
  DialogTurnStatus,
  TextPrompt,
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type StatePropertyAccessor,
  type WaterfallStepContext,
} from '../src/channel/sdk.js';
import { parseCardAction } from './cardActions.js';
import { normalizeCommandText, recognizeCommand } from './commands.js';
import { DialogIds } from './ids.js';
import { answerQuestion, runCardAction } from './knowledgeReplies.js';
import { menuActivity, textWithMenuSuggestions } from './replies.js';
import { answerTagSchema, staleAnswer } from './optionPrompt.js';
import type { KonsultasjonTexts } from '../src/presentation/konsultasjon.js';
import { AcuteCheckDialog, type AcuteCheckOptions } from './acuteCheckDialog.js';
import { AuditcDialog } from './auditcDialog.js';
import { sendAcuteRoutine } from './safetyReplies.js';
import { ProcedureDialog } from './procedureDialog.js';
import { ResponsibilityDialog } from './responsibilityDialog.js';
import { SearchDialog } from './searchDialog.js';
import { fold } from '../src/domain/knowledge/normalize.js';
import { turnEvents } from '../src/shared/metrics.js';
import type { TeamInbox } from './teamInbox.js';
import {
  LEARNING_DIALOG,
  LearningDialog,
  type LearningHooks,
  type LearningOptions,
} from './learningDialog.js';
import type { LearnerProgress } from '../src/domain/learning/progress.js';
import type { LearningTexts } from '../src/presentation/learning.js';

export interface MainOptions {
  /** 'full' shows the menu card, 'compact' a short question with suggested actions. */
  readonly showMenu?: 'full' | 'compact';
  /** Begin this flow at once (a button outside the menu, e.g. «Start repetisjon»). */
  readonly begin?: { readonly id: string; readonly options?: object };
}

export class RootDialog extends ComponentDialog {
  private readonly offeredLabels: ReadonlySet<string>;
  /** Menu entries by every normalised name (number, title, synonym); the first entry wins. */
  private readonly entryByName = new Map<string, MenuEntry>();
  /** labels.yaml shortReplies, folded. */
  private readonly shortReplies: ReadonlySet<string>;
  /** Opplæring, whose commands (repetition, nudges, sharing) work in any flow. */
  readonly learning: LearningDialog | undefined;

  constructor(
    private readonly texts: Texts,
    private readonly knowledge: KnowledgeService,
    responsibilityTexts: ResponsibilityTexts,
    konsultasjonTexts: KonsultasjonTexts,
    inbox?: TeamInbox,
    learning?: {
      readonly progress: StatePropertyAccessor<LearnerProgress>;
      readonly texts: LearningTexts;
      readonly hooks?: LearningHooks;
      readonly now?: () => Date;
    },
  ) {
    super(DialogIds.root);
    this.offeredLabels = new Set(
      [
        ...texts.menu.flatMap((e) => [e.title, ...e.synonyms]),
        ...Object.values(konsultasjonTexts).flatMap((q) =>
          typeof q === 'object' && 'options' in q
            ? q.options.flatMap((o) => [o.label, ...o.synonyms])
            : [],
        ),
        ...[...knowledge.kb.procedures.values()].flatMap((p) =>
          p.questions.flatMap((q) => q.options.flatMap((o) => [o.label, ...o.synonyms])),
        ),
      ].map(normalizeCommandText),
    );
    // Normalised once here rather than on every turn.
    for (const entry of texts.menu) {
      for (const name of [String(entry.number), entry.title, ...entry.synonyms]) {
        const key = normalizeCommandText(name);
        if (!this.entryByName.has(key)) this.entryByName.set(key, entry);
      }
    }
    this.shortReplies = new Set(texts.labels.shortReplies.split(',').map((w) => fold(w)));
    this.addDialog(new TextPrompt(DialogIds.menuPrompt));
    this.addDialog(new AcuteCheckDialog(texts, knowledge));
    this.addDialog(new SearchDialog(texts, knowledge));
    this.addDialog(new ResponsibilityDialog(texts, responsibilityTexts, knowledge));
    this.addDialog(
      new AuditcDialog(
        texts,
        knowledge,
        responsibilityTexts.labels.retry,
        konsultasjonTexts,
        inbox,
      ),
    );
    if (learning) {
      this.learning = new LearningDialog(
        texts,
        learning.texts,
        knowledge,
        learning.progress,
        responsibilityTexts.labels.retry,
        learning.now,
        learning.hooks,
      );
      this.addDialog(this.learning);
    }
    // Guided routines are data: one dialog per knowledge/procedures/<menu id>.yaml.
    for (const procedure of knowledge.kb.procedures.values()) {
      this.addDialog(
        new ProcedureDialog(texts, knowledge, procedure, responsibilityTexts.labels.retry),
      );
    }
    this.addDialog(
      new WaterfallDialog(DialogIds.main, [
        this.askStep.bind(this),
        this.routeStep.bind(this),
        this.loopStep.bind(this),
      ]),
    );
    this.initialDialogId = DialogIds.main;
  }

  /**
   * Safety first, before anything else, whatever is running: an acute sign (or the user asking
   * for the routine) gets the acute routine at once; a possible sign gets "Er det akutt fare nå?".
   */
  private async safetyFirst(
    innerDc: DialogContext,
  ): Promise<'acute' | AcuteCheckOptions | undefined> {
    const activity = innerDc.context.activity;
    const continuing = innerDc.stack.length > 0;
    const asked =
      recognizeCommand(activity.text) === 'acute' ||
      parseCardAction(activity.value)?.action === 'acuteRoutine';
    // A menu entry or an answer button the bot offered ("Selvmordsrisiko og selvskading") is a
    // choice, not a message about a patient.
    // (Several chosen at once, "overdose og abstinenstegn", are choices too; the rest is read.)
    const unoffered = (activity.text ?? '')
      .split(/,|\/|\bog\b/)
      .filter((part) => !this.offeredLabels.has(normalizeCommandText(part)))
      .join(', ');
    const assessment = asked ? undefined : this.knowledge.acuteRisk.assess(unoffered);
    if (asked || assessment?.tier === 'acute') {
      await sendAcuteRoutine(
        innerDc.context,
        this.knowledge,
        this.texts,
        assessment?.because,
        continuing,
      );
      return 'acute';
    }
    if (assessment?.tier === 'possible') {
      return { continuing, ...(assessment.because ? { because: assessment.because } : {}) };
    }
    return undefined;
  }

  protected override async onBeginDialog(
    innerDc: DialogContext,
    options?: MainOptions,
  ): Promise<DialogTurnResult> {
    const safety = await this.safetyFirst(innerDc);
    if (safety === 'acute') return { status: DialogTurnStatus.complete };
    if (safety) return innerDc.beginDialog(DialogIds.acuteCheck, safety);
    if (answerTagSchema.safeParse(innerDc.context.activity.value).success) {
      // An answer button of a flow that no longer runs: say so and show the menu.
      await innerDc.context.sendActivity(this.texts.render('card-stale'));
      return super.onBeginDialog(innerDc, { showMenu: 'full' });
    }
    const learning = this.learning?.recognize(innerDc.context);
    if (learning === 'review') return super.onBeginDialog(innerDc, this.beginReview());
    if (learning) {
      await this.learning?.runSetting(innerDc.context, learning);
      return { status: DialogTurnStatus.complete };
    }
    const command = recognizeCommand(innerDc.context.activity.text);
    if (command === 'cancel') {
      await innerDc.context.sendActivity(
        textWithMenuSuggestions(this.texts, this.texts.render('nothing-to-cancel')),
      );
      return { status: DialogTurnStatus.complete };
    }
    if (command === 'help') {
      await innerDc.context.sendActivity(
        textWithMenuSuggestions(
          this.texts,
          this.texts.render('help-general', { flows: this.texts.menu }),
        ),
      );
      return { status: DialogTurnStatus.complete };
    }
    if (command === 'menu') return super.onBeginDialog(innerDc, { showMenu: 'full' });
    const action = parseCardAction(innerDc.context.activity.value);
    if (action) {
      await runCardAction(innerDc.context, this.knowledge, this.texts, action);
      return { status: DialogTurnStatus.complete };
    }
    return super.onBeginDialog(innerDc, options);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    // For the turn metrics: which flow this message went to (an id, never content).
    const running = innerDc.activeDialog?.id;
    if (running && this.texts.menu.some((e) => e.id === running)) {
      turnEvents(innerDc.context).flow = running;
    }
    const checking = innerDc.activeDialog?.id === DialogIds.acuteCheck;
    const safety = await this.safetyFirst(innerDc);
    if (safety === 'acute') {
      // The routine answers an open "Er det akutt fare nå?" too; then the running flow asks its
      // question again, so the user can continue.
      if (checking) return innerDc.endDialog();
      await innerDc.repromptDialog();
      return Dialog.EndOfTurn;
    }
    if (safety && !checking) return innerDc.beginDialog(DialogIds.acuteCheck, safety);
    if (staleAnswer(innerDc)) {
      // Where the user is now: the question being asked, or the menu.
      await innerDc.context.sendActivity(this.texts.render('card-stale'));
      await innerDc.repromptDialog();
      return Dialog.EndOfTurn;
    }
    // While «Er det akutt fare nå?» waits, it is answered first (a learning button can wait).
    const learning = checking ? undefined : this.learning?.recognize(innerDc.context);
    if (learning === 'review') {
      // «Start repetisjon» (the nudge's button, or typed) leaves the flow that was running.
      await innerDc.cancelAllDialogs();
      return innerDc.beginDialog(DialogIds.main, this.beginReview());
    }
    if (learning) {
      await this.learning?.runSetting(innerDc.context, learning);
      await innerDc.repromptDialog();
      return Dialog.EndOfTurn;
    }
    const command = recognizeCommand(innerDc.context.activity.text);
    switch (command) {
      case 'cancel':
        await innerDc.cancelAllDialogs();
        await innerDc.context.sendActivity(this.texts.render('cancelled'));
        return { status: DialogTurnStatus.cancelled };
      case 'menu':
        await innerDc.cancelAllDialogs();
        return innerDc.beginDialog(DialogIds.main, { showMenu: 'full' } satisfies MainOptions);
      case 'help':
        await innerDc.context.sendActivity(this.helpFor(innerDc));
        await innerDc.repromptDialog();
        return Dialog.EndOfTurn;
      case 'acute':
        // Answered by safetyFirst above.
        return Dialog.EndOfTurn;
      case undefined: {
        // A knowledge card's button ("Les hele", an area) works in any dialog and keeps it waiting.
        const action = parseCardAction(innerDc.context.activity.value);
        if (!action) return super.onContinueDialog(innerDc);
        await runCardAction(innerDc.context, this.knowledge, this.texts, action);
        return Dialog.EndOfTurn;
      }
    }
  }

  private beginReview(): MainOptions {
    return {
      begin: { id: LEARNING_DIALOG, options: { start: 'review' } satisfies LearningOptions },
    };
  }

  /** Context help: the active flow's help, or the general help at the menu. */
  private helpFor(innerDc: DialogContext): string {
    const flow = this.texts.menu.find((e) => e.id === innerDc.activeDialog?.id);
    return flow
      ? this.texts.render('help-flow', { title: flow.title, help: flow.help })
      : this.texts.render('help-general', { flows: this.texts.menu });
  }

  private async askStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
    const showMenu = step.options.showMenu;
    if (step.options.begin) return step.next('');
    if (showMenu === undefined) return step.next(step.context.activity.text ?? '');
    const prompt =
      showMenu === 'full'
        ? menuActivity(this.texts, this.texts.render('menu-prompt'))
        : textWithMenuSuggestions(this.texts, this.texts.render('menu-again'));
    return step.prompt(DialogIds.menuPrompt, { prompt });
  }

  private isShortReply(text: string): boolean {
    return this.shortReplies.has(fold(text.replace(/[.!?,]+$/u, '')));
  }

  private async routeStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
    const begin = step.options.begin;
    if (begin) {
      turnEvents(step.context).flow = begin.id;
      return step.beginDialog(begin.id, begin.options);
    }
    const text = String(step.result ?? '');
    const entry = this.recognizeEntry(text);
    if (entry === undefined) {
      if (text.trim() === '') {
        await step.context.sendActivity(this.texts.render('unknown-input'));
        return step.replaceDialog(DialogIds.main, { showMenu: 'full' } satisfies MainOptions);
      }
      // «nei», «takk» after a flow are not questions: no search, just where to go next.
      if (this.isShortReply(text)) {
        await step.context.sendActivity(this.texts.render('short-reply'));
        return step.replaceDialog(DialogIds.main, { showMenu: 'compact' } satisfies MainOptions);
      }
      // Any free text that is not a menu choice or a command is a question for the knowledge base.
      await answerQuestion(step.context, this.knowledge, this.texts, text);
      return step.replaceDialog(DialogIds.main, { showMenu: 'compact' } satisfies MainOptions);
    }
    if (entry.status === 'coming-soon') {
      await step.context.sendActivity(
        this.texts.render('coming-soon', { title: entry.title, description: entry.help }),
      );
      return step.replaceDialog(DialogIds.main, { showMenu: 'compact' } satisfies MainOptions);
    }
    turnEvents(step.context).flow = entry.id;
    return step.beginDialog(entry.id);
  }

  private async loopStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
    return step.replaceDialog(DialogIds.main, { showMenu: 'compact' } satisfies MainOptions);
  }

  /**
   * A menu entry is chosen only when the whole message names it (number, title or synonym), so
   * a question such as "hvem har ansvaret for ROP-pasienter" is searched, not taken as a choice.
   */
  private recognizeEntry(text: string): MenuEntry | undefined {
    const said = normalizeCommandText(text);
    if (said === '') return undefined;
    return this.entryByName.get(said);
  }
}
