/**
 * Entry point: config → logger → texts → bot → HTTP server (listening, not yet ready) →
 * knowledge (fail fast) → ready. SIGTERM/SIGINT close the server gracefully.
 */
import 'dotenv/config';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBotRuntime } from './channel/runtime.js';
import { loadKnowledge } from './domain/knowledge/load.js';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './shared/config.js';
import { createLogger } from './shared/logger.js';
import { loadTexts } from './presentation/texts.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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
  const runtime = createBotRuntime({ config, logger, texts });
  const app = createApp({ config, logger, runtime });

  await app.listen();
  try {
    const knowledge = await loadKnowledge(path.resolve(projectRoot, config.knowledgeDir));
    app.markReady(knowledge.version);
    logger.info('Knowledge loaded', { version: knowledge.version });
  } catch (err) {
    logger.error('Knowledge base is invalid: stopping', { error: err });
    await app.close();
    process.exit(1);
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('Shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
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
