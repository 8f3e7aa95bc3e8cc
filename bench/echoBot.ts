/**
 * The baseline for `npm run bench:load`: a bare echo bot on the same botbuilder and restify
 * packages as Fagstøtte (CloudAdapter, no app id so no authentication, restify's body parser),
 * listening on 127.0.0.1:$PORT. It replies «Echo: <text>» to every message and keeps no state.
 */
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new ActivityHandler();
bot.onMessage(async (context, next) => {
  await context.sendActivity(`Echo: ${context.activity.text ?? ''}`);
  await next();
});

const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.get('/healthz', (_req, res, next) => {
  res.send(200, { status: 'ok' });
  return next();
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`echo bot listening on ${server.url}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => {
    process.exit(0);
  });
});
