/**
 * The application: the HTTP server with every route, and how it listens and closes. Used by main
 * and by the HTTP tests (which listen on port 0), so tests exercise the same wiring as production.
 */
import type { Server } from 'restify';
import type { BotRuntime } from './channel/runtime.js';
import type { Readiness } from './http/health.js';
import type { KnowledgeService } from './domain/knowledge/service.js';
import { registerKnowledgeApi } from './http/api.js';
import { registerLearningSummary } from './http/learning.js';
import { createDirectLine } from './http/directline/routes.js';
import { createServer } from './http/server.js';
import { registerWebChat } from './http/webchat.js';
import type { Config } from './shared/config.js';
import type { Logger } from './shared/logger.js';

export interface App {
  readonly server: Server;
  /** Starts listening; resolves with the base URL (http://host:port). */
  listen(): Promise<string>;
  markReady(knowledgeVersion: string): void;
  close(): Promise<void>;
}

export function createApp(deps: {
  config: Config;
  logger: Logger;
  runtime: BotRuntime;
  knowledge: KnowledgeService;
}): App {
  const { config, logger } = deps;
  const readiness: Readiness = { probeStorage: () => deps.runtime.probeStorage() };
  const closers: (() => void)[] = [];
  const routes: ((server: Server) => void)[] = [
    (s) => registerKnowledgeApi(s, deps.knowledge),
    (s) =>
      registerLearningSummary(s, {
        key: config.learningSummaryKey,
        modules: deps.knowledge.kb.learning,
        summary: () => deps.runtime.learningSummary(),
        people: () => deps.runtime.sharedLearners(),
      }),
  ];
  if (config.directLine.enabled) {
    const directLine = createDirectLine({
      config,
      logger,
      runTurn: (a) => deps.runtime.runInProcess(a),
    });
    deps.runtime.attachDirectLine((id, reply) => directLine.post(id, reply));
    // The local team inbox pages (/team/<unit>), for trials without Teams.
    const teamUnits = config.konsultasjon.webChatInbox
      ? (deps.knowledge.kb.directory?.units ?? []).filter((u) => u.inbox).map((u) => u.id)
      : [];
    routes.push(
      (s) => directLine.register(s),
      (s) => registerWebChat(s, teamUnits),
    );
    closers.push(() => directLine.close());
  } else {
    logger.info('Embedded Direct Line and Web Chat page are off (DIRECT_LINE_ENABLED=false)');
  }
  const server = createServer({ ...deps, readiness, routes });

  if (config.storage.kind === 'memory') {
    logger.warn(
      'STORAGE=memory: conversation state lives in this process only (bounded, lost on restart); run one instance only, or use STORAGE=blob',
      { maxBytes: config.storage.maxBytes, ttlMinutes: config.storage.ttlMinutes },
    );
  }

  logger.info(
    config.botAuth.enabled
      ? 'Bot Framework authentication ON: /api/messages requires a valid token'
      : 'Bot Framework authentication OFF (no MicrosoftAppId): /api/messages accepts unauthenticated requests; local use only',
  );

  return {
    server,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.http.port, config.http.host, () => {
          const address = server.address();
          const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          const url = `http://${host}:${address.port}`;
          logger.info('Listening', { url });
          resolve(url);
        });
      }),
    markReady(version) {
      readiness.knowledgeVersion = version;
    },
    close: () =>
      new Promise((resolve) => {
        for (const close of closers) close();
        deps.runtime.close();
        server.close(() => resolve());
        // Long-polling or keep-alive clients must not hold shutdown open.
        server.server.closeIdleConnections?.();
      }),
  };
}
