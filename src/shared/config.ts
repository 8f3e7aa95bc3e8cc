/**
 * Configuration, read once from the environment and validated with zod.
 * `loadConfig(env)` is pure: it never reads process.env itself, so tests pass their own env.
 * A wrong value throws a ConfigError whose message names the variable.
 */
import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], {
    error: 'must be true or false',
  })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const emptyToUndefined = (v: unknown): unknown =>
  typeof v === 'string' && v.trim() === '' ? undefined : v;

const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());

/** A whole number from the environment within [min, max], with a default. */
const intSetting = (min: number, max: number, fallback: number, unit: string) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: `must be a number of ${unit}` })
      .int('must be a whole number')
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`)
      .default(fallback),
  );

const MiB = 1024 * 1024;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An http(s) URL without user:password; http only to a loopback host when `httpLoopback`. */
const serviceUrl = (httpLoopback: boolean) => {
  // The url check reports a value that is no URL; the others pass it.
  const parsed = (v: string): URL | undefined => (URL.canParse(v) ? new URL(v) : undefined);
  return z.preprocess(
    emptyToUndefined,
    z
      .url({ error: 'must be a URL' })
      .refine((v) => {
        const u = parsed(v);
        return !u || (u.username === '' && u.password === '');
      }, 'must not contain a user name or password')
      .refine(
        (v) => {
          const u = parsed(v);
          return (
            !u ||
            u.protocol === 'https:' ||
            (httpLoopback && u.protocol === 'http:' && LOOPBACK_HOSTS.has(u.hostname))
          );
        },
        httpLoopback ? 'must be https (http only to 127.0.0.1, localhost or ::1)' : 'must be https',
      )
      .optional(),
  );
};

/** A Basic-auth part: printable Latin-1 (what the Authorization header can carry). */
const basicAuthPart = z
  .string()
  .max(256, 'must be at most 256 characters')
  .regex(/^[\x20-\x7e\xa0-\xff]+$/, 'must be printable Latin-1 characters');

/**
 * The `account.homePage` of a learner known by an Entra ID object id (everyone in Teams): the
 * system that issues the id is Entra ID, so an LMS that also knows staff by their object id can
 * match the records.
 */
export const DEFAULT_XAPI_ACTOR_HOMEPAGE = 'https://login.microsoftonline.com';

/** A GUID (Entra ID tenant, app and object ids). */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const envSchema = z
  .object({
    PORT: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ error: 'must be a port number' })
        .int('must be a whole number')
        .min(0, 'must be 0..65535')
        .max(65535, 'must be 0..65535')
        .default(3978),
    ),
    HOST: z.preprocess(emptyToUndefined, z.string().min(1).default('127.0.0.1')),
    PUBLIC_BASE_URL: z.preprocess(emptyToUndefined, z.url({ error: 'must be a URL' }).optional()),
    MAX_BODY_BYTES: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ error: 'must be a number of bytes' })
        .int()
        .min(1024, 'must be at least 1024')
        .max(10 * 1024 * 1024, 'must be at most 10 MiB')
        .default(256 * 1024),
    ),
    MAX_JSON_DEPTH: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ error: 'must be a number of levels' })
        .int()
        .min(8, 'must be at least 8')
        .max(512, 'must be at most 512')
        .default(64),
    ),
    REQUEST_TIMEOUT_MS: intSetting(1000, 120_000, 15_000, 'milliseconds'),
    OUTBOUND_TIMEOUT_MS: intSetting(1000, 120_000, 15_000, 'milliseconds'),
    TRUST_PROXY: z.preprocess(emptyToUndefined, booleanFromEnv.default(false)),
    RATE_LIMIT_TOKENS_PER_MINUTE: intSetting(1, 1_000_000, 20, 'requests'),
    RATE_LIMIT_ACTIVITIES_PER_MINUTE: intSetting(1, 1_000_000, 60, 'activities'),
    MicrosoftAppId: z.preprocess(
      emptyToUndefined,
      z.string().regex(GUID, 'must be a GUID (the Azure Bot app registration id)').optional(),
    ),
    MicrosoftAppPassword: optionalString,
    MicrosoftAppType: z.preprocess(
      emptyToUndefined,
      z
        .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], {
          error: 'must be MultiTenant, SingleTenant or UserAssignedMSI',
        })
        .default('MultiTenant'),
    ),
    MicrosoftAppTenantId: z.preprocess(
      emptyToUndefined,
      z.string().regex(GUID, 'must be a GUID (the Entra ID tenant id)').optional(),
    ),
    DIRECT_LINE_ENABLED: z.preprocess(emptyToUndefined, booleanFromEnv.default(true)),
    DIRECT_LINE_SECRET: z.preprocess(
      emptyToUndefined,
      z.string().min(32, 'must be at least 32 characters').optional(),
    ),
    METRICS_TOKEN: z.preprocess(
      emptyToUndefined,
      z.string().min(16, 'must be at least 16 characters').optional(),
    ),
    LEARNING_SUMMARY_KEY: z.preprocess(
      emptyToUndefined,
      z.string().min(16, 'must be at least 16 characters').optional(),
    ),
    XAPI_ENDPOINT: serviceUrl(true),
    XAPI_USERNAME: z.preprocess(
      emptyToUndefined,
      basicAuthPart.regex(/^[^:]*$/, 'must not contain ":"').optional(),
    ),
    XAPI_PASSWORD: z.preprocess(emptyToUndefined, basicAuthPart.optional()),
    XAPI_ACTOR_HOMEPAGE: z.preprocess(
      emptyToUndefined,
      z
        .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
        .default(DEFAULT_XAPI_ACTOR_HOMEPAGE),
    ),
    XAPI_ACTIVITY_BASE: serviceUrl(true),
    XAPI_TIMEOUT_MS: intSetting(1000, 60_000, 5000, 'milliseconds'),
    DIRECT_LINE_TOKEN_TTL_SECONDS: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int().min(60, 'must be at least 60').max(86400).default(1800),
    ),
    DIRECT_LINE_MAX_CONVERSATIONS: intSetting(10, 100_000, 1000, 'conversations'),
    DIRECT_LINE_MAX_CONVERSATION_BYTES: intSetting(64 * 1024, 64 * MiB, MiB, 'bytes'),
    DIRECT_LINE_MAX_TOTAL_BYTES: intSetting(MiB, 4096 * MiB, 64 * MiB, 'bytes'),
    WEBCHAT_ACCESS: z.preprocess(
      emptyToUndefined,
      z.enum(['open', 'proxy', 'off'], { error: 'must be open, proxy or off' }).optional(),
    ),
    WEBCHAT_AUTH_HEADER: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an HTTP header name')
        .default('X-MS-CLIENT-PRINCIPAL-ID'),
    ),
    STORAGE: z.preprocess(
      emptyToUndefined,
      z.enum(['memory', 'blob'], { error: 'must be memory or blob' }).default('memory'),
    ),
    AZURE_STORAGE_CONNECTION_STRING: optionalString,
    AZURE_STORAGE_CONTAINER: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(
          /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/,
          'must be a valid blob container name (3-63 lowercase letters, digits, hyphens)',
        )
        .default('fagstotte-state'),
    ),
    MEMORY_STORAGE_MAX_BYTES: intSetting(MiB, 8192 * MiB, 64 * MiB, 'bytes'),
    MEMORY_STORAGE_TTL_MINUTES: intSetting(1, 30 * 24 * 60, 24 * 60, 'minutes'),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z
        .enum(['error', 'warn', 'info', 'debug'], { error: 'must be error, warn, info or debug' })
        .default('info'),
    ),
    KNOWLEDGE_DIR: z.preprocess(emptyToUndefined, z.string().default('knowledge')),
    ORG: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a folder name under knowledge/local/')
        .optional(),
    ),
    TEAM_REGISTRATION_ALLOWED_USERS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .transform((v) =>
          v
            .split(',')
            .map((x) => x.trim().toLowerCase())
            .filter(Boolean),
        )
        .pipe(
          z
            .array(z.string().regex(GUID, 'must be Entra ID object ids (GUIDs), comma-separated'))
            .max(500),
        )
        .default([]),
    ),
    KONSULTASJON_RETENTION_DAYS: intSetting(1, 365, 30, 'days'),
    KONSULTASJON_MAX_REQUESTS: intSetting(10, 1_000_000, 10_000, 'requests'),
    TEAM_INBOX_WEBCHAT: z.preprocess(emptyToUndefined, booleanFromEnv.optional()),
    LEARNING_NUDGE_HOUR: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^(off|0?\d|1\d|2[0-3])$/, 'must be an hour 0–23 (Norwegian time) or off')
        .default('9')
        .transform((v) => (v === 'off' ? undefined : Number(v))),
    ),
    LEARNING_MAX_LEARNERS: intSetting(10, 100_000, 5000, 'learners'),
    TYPING_DELAY_MS: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int().min(0).max(10000).default(500),
    ),
  })
  .superRefine((env, ctx) => {
    const needsPassword = env.MicrosoftAppType !== 'UserAssignedMSI';
    if (env.MicrosoftAppId && needsPassword && !env.MicrosoftAppPassword) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppPassword'],
        message: 'must be set when MicrosoftAppId is set',
      });
    }
    if (env.MicrosoftAppPassword && !env.MicrosoftAppId) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppId'],
        message: 'must be set when MicrosoftAppPassword is set',
      });
    }
    if (env.STORAGE === 'blob' && !env.AZURE_STORAGE_CONNECTION_STRING) {
      ctx.addIssue({
        code: 'custom',
        path: ['AZURE_STORAGE_CONNECTION_STRING'],
        message: 'must be set when STORAGE is blob',
      });
    }
    if (env.XAPI_ENDPOINT) {
      for (const name of ['XAPI_USERNAME', 'XAPI_PASSWORD'] as const) {
        if (!env[name]) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: 'must be set when XAPI_ENDPOINT is set (the LRS credentials, Basic auth)',
          });
        }
      }
      if (!env.XAPI_ACTIVITY_BASE && !env.PUBLIC_BASE_URL) {
        ctx.addIssue({
          code: 'custom',
          path: ['XAPI_ACTIVITY_BASE'],
          message: 'must be set (or PUBLIC_BASE_URL) when XAPI_ENDPOINT is set',
        });
      }
    } else if (env.XAPI_USERNAME || env.XAPI_PASSWORD) {
      ctx.addIssue({
        code: 'custom',
        path: ['XAPI_ENDPOINT'],
        message: 'must be set when XAPI_USERNAME or XAPI_PASSWORD is set',
      });
    }
    if (env.MicrosoftAppType !== 'MultiTenant' && env.MicrosoftAppId && !env.MicrosoftAppTenantId) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppTenantId'],
        message: `must be set when MicrosoftAppType is ${env.MicrosoftAppType}`,
      });
    }
  });

type Env = z.output<typeof envSchema>;

export interface Config {
  readonly http: {
    readonly port: number;
    readonly host: string;
    readonly publicBaseUrl: string | undefined;
    readonly maxBodyBytes: number;
    /** deepest JSON nesting accepted in a request body (400 above it) */
    readonly maxJsonDepth: number;
    /** a request (headers and body) must arrive within this time, else 408 */
    readonly requestTimeoutMs: number;
    /** timeout of every outbound call to a Bot Framework channel (the Connector) */
    readonly outboundTimeoutMs: number;
    /** true behind a reverse proxy: the client address is the last X-Forwarded-For entry */
    readonly trustProxy: boolean;
  };
  readonly rateLimits: {
    /** web chat tokens and new Direct Line conversations per client address per minute */
    readonly tokensPerMinute: number;
    /** activities posted per Direct Line conversation per minute */
    readonly activitiesPerMinute: number;
  };
  readonly botAuth: {
    /** true when MicrosoftAppId is set: /api/messages then requires a valid Bot Framework token. */
    readonly enabled: boolean;
    readonly appId: string | undefined;
    readonly appPassword: string | undefined;
    readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    readonly tenantId: string | undefined;
  };
  readonly directLine: {
    readonly enabled: boolean;
    /** When undefined (local), any Bearer value is accepted. */
    readonly secret: string | undefined;
    readonly tokenTtlSeconds: number;
    readonly maxConversations: number;
    readonly maxConversationBytes: number;
    readonly maxTotalBytes: number;
    /**
     * Who gets a web chat token from POST /webchat/token: anyone (open), only requests carrying
     * the header set by an authenticating front end (proxy), or nobody (off).
     */
    readonly webChatAccess: 'open' | 'proxy' | 'off';
    readonly webChatAuthHeader: string;
  };
  readonly storage:
    | { readonly kind: 'memory'; readonly maxBytes: number; readonly ttlMinutes: number }
    | { readonly kind: 'blob'; readonly connectionString: string; readonly container: string };
  readonly logLevel: 'error' | 'warn' | 'info' | 'debug';
  readonly knowledgeDir: string;
  /** The health trust: knowledge/local/<org>/ (undefined: the shipped example). */
  readonly org: string | undefined;
  readonly konsultasjon: {
    /** Entra ID object ids allowed to register a Teams channel as a unit's inbox. */
    readonly registrationAllowedUsers: readonly string[];
    /** Requests are deleted this many days after they were sent. */
    readonly retentionDays: number;
    /** At most this many requests are kept (the oldest go first). */
    readonly maxRequests: number;
    /** The Web Chat team page (/team/<unit>) may register a Web Chat inbox. */
    readonly webChatInbox: boolean;
  };
  readonly typingDelayMs: number;
  /** Bearer token for GET /metrics; without it the endpoint does not exist. */
  readonly metricsToken: string | undefined;
  /** Bearer key for GET /api/v1/learning/summary; without it the endpoint does not exist. */
  readonly learningSummaryKey: string | undefined;
  readonly learning: {
    /** The hour (Norwegian time) the daily repetition nudge goes out in Teams; undefined: off. */
    readonly nudgeHour: number | undefined;
    /** At most this many learners are kept for nudges, and for the opted-in manager list. */
    readonly maxLearners: number;
  };
  /** Opplæring xAPI statements to a learning record store; undefined: nothing is sent. */
  readonly xapi: XapiConfig | undefined;
}

export interface XapiConfig {
  /** The LRS's xAPI base (statements go to <endpoint>/statements). */
  readonly endpoint: string;
  readonly username: string;
  readonly password: string;
  /** account.homePage of a learner known by an Entra ID object id. */
  readonly actorHomePage: string;
  /** Activity ids are <activityBase>/learning/modules/<id> (no trailing slash). */
  readonly activityBase: string;
  /** Per request to the LRS. */
  readonly timeoutMs: number;
}

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly variables: readonly string[],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      variable: issue.path.map(String).join('.') || '(environment)',
      message: issue.message,
    }));
    const lines = problems.map((p) => `  ${p.variable}: ${p.message}`);
    throw new ConfigError(
      `Invalid configuration:\n${lines.join('\n')}\nSee .env.example for every setting.`,
      problems.map((p) => p.variable),
    );
  }
  const e: Env = parsed.data;
  return deepFreeze({
    http: {
      port: e.PORT,
      host: e.HOST,
      publicBaseUrl: e.PUBLIC_BASE_URL,
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxJsonDepth: e.MAX_JSON_DEPTH,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      outboundTimeoutMs: e.OUTBOUND_TIMEOUT_MS,
      trustProxy: e.TRUST_PROXY,
    },
    rateLimits: {
      tokensPerMinute: e.RATE_LIMIT_TOKENS_PER_MINUTE,
      activitiesPerMinute: e.RATE_LIMIT_ACTIVITIES_PER_MINUTE,
    },
    botAuth: {
      enabled: e.MicrosoftAppId !== undefined,
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
    },
    directLine: {
      enabled: e.DIRECT_LINE_ENABLED,
      secret: e.DIRECT_LINE_SECRET,
      tokenTtlSeconds: e.DIRECT_LINE_TOKEN_TTL_SECONDS,
      maxConversations: e.DIRECT_LINE_MAX_CONVERSATIONS,
      maxConversationBytes: e.DIRECT_LINE_MAX_CONVERSATION_BYTES,
      maxTotalBytes: e.DIRECT_LINE_MAX_TOTAL_BYTES,
      // With a secret the service is deployed: tokens only behind an authenticating front end.
      webChatAccess: e.WEBCHAT_ACCESS ?? (e.DIRECT_LINE_SECRET ? 'proxy' : 'open'),
      webChatAuthHeader: e.WEBCHAT_AUTH_HEADER.toLowerCase(),
    },
    storage:
      e.STORAGE === 'blob'
        ? {
            kind: 'blob',
            connectionString: e.AZURE_STORAGE_CONNECTION_STRING ?? '',
            container: e.AZURE_STORAGE_CONTAINER,
          }
        : {
            kind: 'memory',
            maxBytes: e.MEMORY_STORAGE_MAX_BYTES,
            ttlMinutes: e.MEMORY_STORAGE_TTL_MINUTES,
          },
    logLevel: e.LOG_LEVEL,
    knowledgeDir: e.KNOWLEDGE_DIR,
    org: e.ORG,
    konsultasjon: {
      registrationAllowedUsers: e.TEAM_REGISTRATION_ALLOWED_USERS,
      retentionDays: e.KONSULTASJON_RETENTION_DAYS,
      maxRequests: e.KONSULTASJON_MAX_REQUESTS,
      // The team page is a local convenience (any web chat user could make their window the
      // inbox): on by default only on a loopback address with an open web chat.
      webChatInbox:
        e.TEAM_INBOX_WEBCHAT ??
        (e.DIRECT_LINE_ENABLED &&
          ['127.0.0.1', 'localhost', '::1'].includes(e.HOST) &&
          (e.WEBCHAT_ACCESS ?? (e.DIRECT_LINE_SECRET ? 'proxy' : 'open')) === 'open'),
    },
    typingDelayMs: e.TYPING_DELAY_MS,
    metricsToken: e.METRICS_TOKEN,
    learningSummaryKey: e.LEARNING_SUMMARY_KEY,
    learning: {
      nudgeHour: e.LEARNING_NUDGE_HOUR,
      maxLearners: e.LEARNING_MAX_LEARNERS,
    },
    xapi: e.XAPI_ENDPOINT
      ? {
          endpoint: e.XAPI_ENDPOINT,
          username: e.XAPI_USERNAME ?? '',
          password: e.XAPI_PASSWORD ?? '',
          actorHomePage: e.XAPI_ACTOR_HOMEPAGE,
          activityBase: (e.XAPI_ACTIVITY_BASE ?? e.PUBLIC_BASE_URL ?? '').replace(/\/+$/, ''),
          timeoutMs: e.XAPI_TIMEOUT_MS,
        }
      : undefined,
  });
}
