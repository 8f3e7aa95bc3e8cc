/**
 * The messenger the application uses: conversations of the embedded Direct Line (the local Web
 * Chat page and its team page) are written into its store; everything else goes to the Bot
 * Connector (Teams, Azure Bot Service). The embedded Direct Line has no threads and cannot
 * replace a message: a «thread» is the conversation itself and an update comes as a new message.
 */
import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import {
  MessengerError,
  type ConversationRef,
  type Messenger,
  type OutgoingMessage,
} from './messenger.js';

/** Posts into a live embedded Direct Line conversation; undefined when it is gone. */
export type DirectLinePost = (
  conversationId: string,
  reply: Partial<Activity>,
) => string | undefined;

function activityOf(message: OutgoingMessage): Partial<Activity> {
  return message.card
    ? MessageFactory.attachment(CardFactory.adaptiveCard(message.card), message.text)
    : MessageFactory.text(message.text ?? '');
}

export function createRoutingMessenger(connector: Messenger): Messenger & {
  attachDirectLine(post: DirectLinePost): void;
} {
  let post: DirectLinePost | undefined;
  const embedded = (ref: ConversationRef): boolean =>
    post !== undefined && ref.channelId === 'directline' && ref.serviceUrl.length > 0;
  const toDirectLine = (
    operation: 'startThread' | 'send' | 'update',
    ref: ConversationRef,
    message: OutgoingMessage,
  ): string => {
    const id = post?.(ref.conversationId, activityOf(message));
    if (!id) throw new MessengerError(operation, 'conversation gone');
    return id;
  };
  return {
    attachDirectLine(p) {
      post = p;
    },
    async startThread(channel, message) {
      if (!embedded(channel)) return connector.startThread(channel, message);
      return { thread: channel, activityId: toDirectLine('startThread', channel, message) };
    },
    async send(to, message) {
      if (!embedded(to)) return connector.send(to, message);
      return { activityId: toDirectLine('send', to, message) };
    },
    async update(to, activityId, message) {
      if (!embedded(to)) return connector.update(to, activityId, message);
      toDirectLine('update', to, message);
    },
  };
}
