/**
 * Structured logging: one JSON line per entry (timestamp, level, message, service, metadata),
 * built on winston and written to stdout by default.
 *
 * Every entry passes through `redactFormat` as the last step before serialization: the message and
 * every metadata value (at any depth, Errors included) are run through `redact`, so no
 * fødselsnummer, e-mail address or phone number reaches a log line, whoever wrote the log call.
 * The rest of the application depends only on the small `Logger` interface.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Writable } from 'node:stream';
import winston from 'winston';
import { redact, redactDeep } from './redact.js';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface Logger {
  error(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  debug(message: string, meta?: Record<string, unknown>): void;
  /** A logger that adds `meta` to every entry (and keeps redaction). */
  child(meta: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  readonly level: LogLevel;
  /** winston transports; default: one Console transport writing to stdout. */
  readonly transports?: winston.transport[];
  /** The `service` field of every entry; default "fagstotte". */
  readonly service?: string;
}

export const DEFAULT_SERVICE = 'fagstotte';

/** Fields the logger itself sets; metadata with these names is kept under `meta.<name>`. */
const RESERVED = new Set(['timestamp', 'level', 'message', 'service']);

/**
 * winston format: redacts the message and every metadata value, and orders the fields
 * timestamp, level, message, service, metadata. Must run last, just before `json()`.
 */
const correlation = new AsyncLocalStorage<string>();

/**
 * Runs `fn` with a correlation id: every log entry written inside it (across awaits) carries
 * `correlationId`, so one turn's lines can be found together. Never derived from content.
 */
/**
 * What a failure says, for a log line: the error's message (never the error itself, whose cause
 * or request can hold message content), or «unknown».
 */
export function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : 'unknown';
}

export function withCorrelationId<T>(id: string, fn: () => T): T {
  return correlation.run(id, fn);
}

/** Adds the current correlation id, if any. */
export const correlationFormat = winston.format((info) => {
  const id = correlation.getStore();
  if (id !== undefined && info.correlationId === undefined) info.correlationId = id;
  return info;
});

export const redactFormat = winston.format((info) => {
  const { timestamp, level, message, service, ...rest } = info;
  const out: Record<string | symbol, unknown> = {};
  if (timestamp !== undefined) out.timestamp = timestamp;
  out.level = level;
  out.message = typeof message === 'string' ? redact(message) : redactDeep(message);
  if (service !== undefined) out.service = redactDeep(service);
  for (const [key, value] of Object.entries(rest)) out[key] = redactDeep(value);
  // Keep winston's internal symbol fields (level, splat) for the transports.
  for (const sym of Object.getOwnPropertySymbols(info)) {
    out[sym] = info[sym];
  }
  return out as winston.Logform.TransformableInfo;
});

function withoutReserved(meta: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta)) {
    out[RESERVED.has(key) ? `meta.${key}` : key] = value;
  }
  return out;
}

class WinstonLogger implements Logger {
  constructor(
    private readonly winstonLogger: winston.Logger,
    private readonly bindings: Record<string, unknown> = {},
  ) {}

  error(message: string, meta?: Record<string, unknown>): void {
    this.write('error', message, meta);
  }

  warn(message: string, meta?: Record<string, unknown>): void {
    this.write('warn', message, meta);
  }

  info(message: string, meta?: Record<string, unknown>): void {
    this.write('info', message, meta);
  }

  debug(message: string, meta?: Record<string, unknown>): void {
    this.write('debug', message, meta);
  }

  child(meta: Record<string, unknown>): Logger {
    return new WinstonLogger(this.winstonLogger, { ...this.bindings, ...withoutReserved(meta) });
  }

  private write(level: LogLevel, message: string, meta?: Record<string, unknown>): void {
    if (!this.winstonLogger.isLevelEnabled(level)) return;
    // The object form of log() takes the entry as is (no splat, no message concatenation).
    this.winstonLogger.log({
      ...this.bindings,
      ...(meta ? withoutReserved(meta) : {}),
      level,
      message,
    });
  }
}

/** A logger writing JSON lines (stdout by default), with redaction of personal data. */
export function createLogger(options: LoggerOptions): Logger {
  const winstonLogger = winston.createLogger({
    level: options.level,
    levels: winston.config.npm.levels,
    format: winston.format.combine(
      winston.format.timestamp(),
      correlationFormat(),
      redactFormat(),
      winston.format.json({ deterministic: false }),
    ),
    defaultMeta: { service: options.service ?? DEFAULT_SERVICE },
    transports: options.transports ?? [new winston.transports.Console()],
    exitOnError: false,
  });
  return new WinstonLogger(winstonLogger);
}

/**
 * For tests: a real winston logger (same format and redaction) whose JSON lines are collected in
 * memory. `lines()` returns a copy of the lines written so far.
 */
export function createMemoryLogger(level: LogLevel = 'debug'): {
  logger: Logger;
  lines: () => string[];
} {
  const collected: string[] = [];
  let partial = '';
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, callback): void {
      const parts = (partial + chunk.toString()).split(/\r?\n/);
      partial = parts.pop() ?? '';
      collected.push(...parts.filter((line) => line !== ''));
      callback();
    },
  });
  const logger = createLogger({
    level,
    transports: [new winston.transports.Stream({ stream, eol: '\n' })],
  });
  return { logger, lines: () => [...collected] };
}

/** A logger that discards everything. */
export const silentLogger: Logger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  child: () => silentLogger,
};
