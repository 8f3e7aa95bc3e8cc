/**
 * The bot: a welcome on conversationUpdate, every message through the root dialog, state saved
 * once per turn. Thin by design: what to say lives in dialogs/ and src/presentation/.
 */
import {
  ActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type TurnContext,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import type { RootDialog } from '../../dialogs/rootDialog.js';
import { menuActivity } from '../../dialogs/replies.js';
import type { TeamInbox } from '../../dialogs/teamInbox.js';
import { EXECUTE_VERB, inboxActionSchema } from '../presentation/teamInbox.js';
import type { Texts } from '../presentation/texts.js';
import type { Logger } from '../shared/logger.js';
import { StateConflictError, type BotState } from './state.js';

export class FagstotteBot extends ActivityHandler {
  private readonly dialogs: DialogSet;

  constructor(
    private readonly state: BotState,
    private readonly rootDialog: RootDialog,
    private readonly texts: Texts,
    private readonly logger?: Pick<Logger, 'warn'>,
    /** The konsultasjon inbox: its commands and card actions come before the dialogs. */
    private readonly inbox?: TeamInbox,
  ) {
    super();
    this.dialogs = new DialogSet(
      state.conversationState.createProperty<DialogState>('dialogState'),
    );
    this.dialogs.add(rootDialog);

    this.onMembersAdded(async (context, next) => {
      if (this.shouldWelcome(context)) {
        await context.sendActivity(this.texts.render('welcome'));
        await context.sendActivity(menuActivity(this.texts, this.texts.render('menu-prompt')));
        // Back again (Web Chat keeps its user): repetition that is due is offered at once — in
        // a chat of one's own only, never in a team's channel or a group chat.
        const type = context.activity.conversation?.conversationType;
        if (type !== 'channel' && type !== 'groupChat' && !context.activity.conversation?.isGroup) {
          await this.rootDialog.learning?.offerDue(context);
        }
        // In a team's channel: how to make it a TSB unit's konsultasjon inbox.
        const teamHint =
          context.activity.conversation?.conversationType === 'channel'
            ? this.inbox?.teamWelcome()
            : undefined;
        if (teamHint) await context.sendActivity(teamHint);
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      if (this.inbox && (await this.inbox.handleMessage(context))) {
        await next();
        return;
      }
      const dc = await this.dialogs.createContext(context);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) {
        await dc.beginDialog(this.rootDialog.id);
      }
      await next();
    });
  }

  /**
   * Teams Universal Actions (Action.Execute on a request card in the team's channel): the action
   * is applied and the refreshed card returned, so the one who clicked sees it at once (the
   * thread's card is replaced for everyone too). A refusal comes back as a short message.
   */
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const action = inboxActionSchema.safeParse(invokeValue.action?.data);
    if (!this.inbox || invokeValue.action?.verb !== EXECUTE_VERB || !action.success) {
      return { statusCode: 400, type: 'application/vnd.microsoft.error', value: {} };
    }
    const outcome = await this.inbox.act(context, action.data);
    if (outcome.message && outcome.card) await context.sendActivity(outcome.message);
    return outcome.card
      ? {
          statusCode: 200,
          type: 'application/vnd.microsoft.card.adaptive',
          value: outcome.card as unknown as Record<string, unknown>,
        }
      : {
          statusCode: 200,
          type: 'application/vnd.microsoft.activity.message',
          // Teams shows a text value as a short message to the one who clicked.
          value: (outcome.message ?? '') as unknown as Record<string, unknown>,
        };
  }

  /**
   * Teams: greet when the bot itself is installed (personal, team or group chat), not every time
   * someone joins a team. Other channels (Web Chat, Direct Line): greet when the user joins.
   */
  private shouldWelcome(context: TurnContext): boolean {
    const added = context.activity.membersAdded ?? [];
    const botId = context.activity.recipient?.id;
    if (context.activity.channelId === 'msteams') return added.some((m) => m.id === botId);
    return added.some((m) => m.id !== botId);
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    try {
      await this.state.conversationState.saveChanges(context, false);
      await this.state.userState.saveChanges(context, false);
    } catch (err) {
      // Another turn of this conversation (another instance, or a message sent at the same
      // moment) saved first. Its state stands; this answer was not applied, so say so and ask
      // again rather than pretend it was kept or reset the conversation.
      if (!(err instanceof StateConflictError)) throw err;
      this.logger?.warn('Turn state not saved: changed by a concurrent turn', {
        channelId: context.activity.channelId,
      });
      await context.sendActivity(this.texts.render('state-conflict'));
    }
  }

  /** Clears the conversation's state (after an error, so the user starts clean). */
  async resetConversation(context: TurnContext): Promise<void> {
    await this.state.conversationState.delete(context);
  }
}
