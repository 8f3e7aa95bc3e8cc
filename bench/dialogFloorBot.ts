/**
 * A second baseline for `npm run bench:load`: the least a dialog turn can cost on the stack the
 * product owner chose. The bare echo bot (bench/echoBot.ts) plus what every Fagstøtte turn needs
 * from botbuilder: conversation state in botbuilder's MemoryStorage, a DialogSet, a component
 * dialog holding a one-step waterfall that sends one small Adaptive Card, and the state saved at
 * the end of the turn. No knowledge, no safety check, no middleware. Listens on 127.0.0.1:$PORT.
 */
import {
  ActivityHandler,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  MemoryStorage,
  MessageFactory,
} from 'botbuilder';
import {
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  WaterfallDialog,
  type DialogState,
} from 'botbuilder-dialogs';
import restify from 'restify';

class RootDialog extends ComponentDialog {
  constructor() {
    super('root');
    this.addDialog(
      new WaterfallDialog('answer', [
        async (step) => {
          const text = String(step.context.activity.text ?? '');
          const card = CardFactory.adaptiveCard({
            type: 'AdaptiveCard',
            version: '1.5',
            body: [{ type: 'TextBlock', text: `Du skrev: ${text}`, wrap: true }],
          });
          await step.context.sendActivity(MessageFactory.attachment(card));
          return step.endDialog();
        },
      ]),
    );
  }
}

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const conversationState = new ConversationState(new MemoryStorage());
const dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
const root = new RootDialog();
dialogs.add(root);

const bot = new ActivityHandler();
bot.onMessage(async (context, next) => {
  const dc = await dialogs.createContext(context);
  const result = await dc.continueDialog();
  if (result.status === DialogTurnStatus.empty) await dc.beginDialog(root.id);
  await next();
});

const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, async (context) => {
    await bot.run(context);
    await conversationState.saveChanges(context, false);
  });
});
server.get('/healthz', (_req, res, next) => {
  res.send(200, { status: 'ok' });
  return next();
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`dialog floor bot listening on ${server.url}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => {
    process.exit(0);
  });
});
