/**
 * Entry point: config → logger → texts → bot → HTTP server (listening, not yet ready) →
 * knowledge (fail fast) → ready. SIGTERM/SIGINT close the server gracefully and send the
 * queued xAPI statements.
 */
import 'dotenv/config';
import path from 'node:path';
import { createBotRuntime } from './channel/runtime.js';
import { loadKnowledge } from './domain/knowledge/load.js';
import { createKnowledgeService } from './domain/knowledge/service.js';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './shared/config.js';
import { createLogger } from './shared/logger.js';
import { packageRoot } from './shared/paths.js';
import { loadTexts } from './presentation/texts.js';

// knowledge/ (KNOWLEDGE_DIR) is relative to the package, not to where the server is started.
const projectRoot = packageRoot();

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Fagstøtte cannot start. ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel });
  const texts = loadTexts();
  let kb;
  try {
    kb = await loadKnowledge(path.resolve(projectRoot, config.knowledgeDir), {
      ...(config.org ? { org: config.org } : {}),
    });
  } catch (err) {
    logger.error('Knowledge base is invalid: stopping', { error: err });
    process.exit(1);
  }
  const knowledge = createKnowledgeService(kb);
  const runtime = createBotRuntime({ config, logger, texts, knowledge });
  const app = createApp({ config, logger, runtime, knowledge });

  await app.listen();
  app.markReady(kb.version);
  logger.info('Knowledge loaded', { version: kb.version });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('Shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    // No new turns, then the queued xAPI statements (each request has its timeout; the forced
    // exit above bounds the whole).
    app
      .close()
      .then(() => runtime.flushLearningRecords())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Fagstøtte failed to start: ${String(err)}\n`);
  process.exit(1);
});
