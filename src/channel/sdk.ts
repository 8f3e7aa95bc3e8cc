/**
 * The one seam for Bot Framework SDK imports. Dialogs, the HTTP layer and main import Bot Framework
 * symbols only from here (enforced by ESLint and test/architecture.test.ts). Moving to the
 * Microsoft 365 Agents SDK means replacing src/channel, not the domain, presentation or dialogs.
 */
export {
  ActivityHandler,
  ActivityTypes,
  AutoSaveStateMiddleware,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  DeliveryModes,
  InputHints,
  MemoryStorage,
  MessageFactory,
  ShowTypingMiddleware,
  TurnContext,
  UserState,
} from 'botbuilder';
export type {
  Activity,
  Attachment,
  ConversationReference,
  InvokeResponse,
  Middleware,
  StatePropertyAccessor,
  Storage,
  StoreItems,
} from 'botbuilder';
export {
  ChoicePrompt,
  ComponentDialog,
  ConfirmPrompt,
  Dialog,
  DialogSet,
  DialogTurnStatus,
  ListStyle,
  TextPrompt,
  WaterfallDialog,
  recognizeChoices,
} from 'botbuilder-dialogs';
export type {
  Choice,
  DialogContext,
  DialogState,
  DialogTurnResult,
  PromptOptions,
  PromptValidatorContext,
  WaterfallStepContext,
} from 'botbuilder-dialogs';
