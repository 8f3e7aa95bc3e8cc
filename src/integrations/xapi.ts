/**
 * Sends Opplæring xAPI statements to a learning record store with @xapi/xapi (issue 17), in the
 * background: `record` builds the statement and queues it; a learner's turn never waits for the
 * LRS and never fails because of it.
 *
 * - The queue keeps order and is bounded (QUEUE_CAP): beyond it the oldest statements are
 *   dropped, counted in the metrics and logged as a count.
 * - One batch (at most BATCH_SIZE statements, one POST <endpoint>/statements) is in flight at a
 *   time, each request aborted after `timeoutMs`. A network error, a timeout, 429 or 5xx is
 *   retried once; then the batch is given up and counted as failed. Statement ids are fixed when
 *   a statement is built, so a resend after a lost answer is idempotent at the LRS.
 * - A failure is logged with its reason only (the HTTP status or the error code), never the
 *   statements or the LRS's answer.
 * - `flush()` resolves when the queue is empty (tests, graceful shutdown).
 *
 * The library builds the request (the URL, Basic auth, X-Experience-API-Version 1.0.3, JSON);
 * it has no timeout of its own, so the transport is our adapter: Node's fetch with an abort
 * signal.
 */
import xapiModule, { type Statement } from '@xapi/xapi';
import type { LearnerRef, LearningEvent, LearningRecorder } from '../domain/learning/events.js';
import type { XapiConfig } from '../shared/config.js';
import type { Logger } from '../shared/logger.js';
import type { Metrics } from '../shared/metrics.js';
import { toStatement } from './xapiStatements.js';

// The package is CommonJS whose module.exports is the class, also exposed as its `default`.
const XAPI = xapiModule.default;

/** Statements waiting beyond this are dropped, oldest first. */
export const QUEUE_CAP = 1000;
/** Statements per request. */
export const BATCH_SIZE = 50;
/** Pause before the one retry. */
const RETRY_DELAY_MS = 250;

export interface XapiRecorder extends LearningRecorder {
  /** Resolves when every queued statement was sent or given up. */
  flush(): Promise<void>;
}

type Adapter = Extract<
  NonNullable<ConstructorParameters<typeof XAPI>[0]['adapter']>,
  (...args: never[]) => unknown
>;

/** The LRS answered with an error status. */
class LrsStatusError extends Error {
  constructor(readonly status: number) {
    super(`LRS answered ${status}`);
    this.name = 'LrsStatusError';
  }
}

/** The library's transport: fetch, aborted after `timeoutMs` (reading the answer included). */
export function fetchAdapter(timeoutMs: number): Adapter {
  return async ({ url, method, headers, data }) => {
    const response = await fetch(url, {
      method,
      headers: headers as Record<string, string>,
      body: data === undefined ? undefined : JSON.stringify(data),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) {
      // The reason is the status; the LRS's error text is neither needed nor logged.
      await response.body?.cancel();
      throw new LrsStatusError(response.status);
    }
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (a 204 has no body): keep the text.
    }
    return {
      data: body as never,
      headers: Object.fromEntries(response.headers.entries()),
      status: response.status,
    };
  };
}

/** Why a request failed, without content: a status, a timeout, or an error code. */
function lrsFailure(err: unknown): { reason: string; retry: boolean } {
  if (err instanceof LrsStatusError) {
    return {
      reason: `status ${err.status}`,
      retry: err.status >= 500 || err.status === 429,
    };
  }
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return { reason: 'timeout', retry: true };
  }
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (err instanceof TypeError) return { reason: code ?? 'network error', retry: true };
  return { reason: err instanceof Error ? err.name : 'unknown', retry: false };
}

export function createXapiRecorder(deps: {
  config: XapiConfig;
  logger: Logger;
  metrics?: Metrics;
  queueCap?: number;
  batchSize?: number;
}): XapiRecorder {
  const { config, logger, metrics } = deps;
  const queueCap = deps.queueCap ?? QUEUE_CAP;
  const batchSize = deps.batchSize ?? BATCH_SIZE;
  const lrs = new XAPI({
    endpoint: config.endpoint,
    auth: XAPI.toBasicAuth(config.username, config.password),
    adapter: fetchAdapter(config.timeoutMs),
  });
  logger.info('Opplæring xAPI statements go to the LRS', { lrs: new URL(config.endpoint).origin });
  const settings = { actorHomePage: config.actorHomePage, activityBase: config.activityBase };
  const queue: Statement[] = [];
  let dropped = 0;
  let pumping: Promise<void> | undefined;

  const sendBatch = async (batch: Statement[]): Promise<void> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await lrs.sendStatements({ statements: batch });
        metrics?.xapiStatements('sent', batch.length);
        return;
      } catch (err) {
        const { reason, retry } = lrsFailure(err);
        if (retry && attempt === 1) {
          await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
          continue;
        }
        metrics?.xapiStatements('failed', batch.length);
        logger.warn('xAPI statements not sent to the LRS', {
          reason,
          statements: batch.length,
          attempts: attempt,
        });
        return;
      }
    }
  };

  const pump = async (): Promise<void> => {
    // Start after the turn that queued the statement has moved on.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      await sendBatch(queue.splice(0, batchSize));
      if (dropped > 0) {
        logger.warn('xAPI queue full: oldest statements dropped', { dropped });
        dropped = 0;
      }
    }
  };

  const schedule = (): void => {
    pumping ??= pump()
      .catch((err: unknown) => {
        // sendBatch handles every request error; this is a guard against a bug, not content.
        logger.error('xAPI sender stopped: queued statements given up', {
          reason: err instanceof Error ? err.name : 'unknown',
          statements: queue.length,
        });
        metrics?.xapiStatements('failed', queue.length);
        queue.length = 0;
      })
      .finally(() => {
        pumping = undefined;
        // Statements queued while the last batch was finishing.
        if (queue.length > 0) schedule();
      });
  };

  return {
    record(learner: LearnerRef, event: LearningEvent): void {
      try {
        queue.push(toStatement(learner, event, settings));
        if (queue.length > queueCap) {
          const over = queue.length - queueCap;
          queue.splice(0, over);
          dropped += over;
          metrics?.xapiStatements('dropped', over);
        }
        schedule();
      } catch (err) {
        logger.warn('xAPI statement not queued', {
          reason: err instanceof Error ? err.name : 'unknown',
        });
      }
    },
    async flush(): Promise<void> {
      while (pumping) await pumping;
    },
  };
}
