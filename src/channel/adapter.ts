/**
 * The Bot Framework adapter. `handle()` wraps CloudAdapter's turn processing so the HTTP layer
 * owns every response body: authentication failures become 401, anything else a generic 500,
 * and no internal error text reaches the caller (CloudAdapter.process would send err.message).
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  type ClaimsIdentity,
  type ConnectorClient,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { LRUCache } from 'lru-cache';
import type { Config } from '../shared/config.js';
import { reasonOf, type Logger } from '../shared/logger.js';

export type TurnLogic = (context: TurnContext) => Promise<void>;

export interface TurnOutcome {
  readonly status: number;
  readonly body?: unknown;
}

const unauthorized: TurnOutcome = {
  status: 401,
  body: { error: { code: 'unauthorized', message: 'Unauthorized' } },
};

/**
 * "Bearer" and a JWT whose header parses and names a signing algorithm other than "none" — the
 * shape every Bot Framework token has. Signature, issuer and audience are checked by the SDK.
 */
export function wellFormedBearer(authHeader: string): boolean {
  const m = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(authHeader.trim());
  if (!m?.[1]) return false;
  try {
    const header = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')) as { alg?: unknown };
    return typeof header.alg === 'string' && header.alg.toLowerCase() !== 'none';
  } catch {
    return false;
  }
}

/**
 * True when the token check failed because the channel's signing keys could not be loaded (the
 * metadata fetch failed or timed out), not because the token is bad: a forged token must never
 * make the adapter refuse genuine ones.
 */
function signingKeysFailed(err: unknown): boolean {
  const e = err as { name?: unknown; message?: unknown; statusCode?: unknown };
  const message = typeof e?.message === 'string' ? e.message : '';
  return (
    message === TOKEN_CHECK_TIMEOUT ||
    e?.name === 'FetchError' ||
    (err instanceof AuthenticationError && err.statusCode >= 500) ||
    /^Failed to load (openID config|Keys)/.test(message)
  );
}

const TOKEN_CHECK_TIMEOUT = 'token check timed out';

/** How long tokens are refused without a check after the signing keys could not be loaded. */
export const KEYS_UNAVAILABLE_BACKOFF_MS = 30_000;

export class FagstotteAdapter extends CloudAdapter {
  /** Until this time, tokens are refused at once: the signing keys could not be loaded. */
  private keysUnavailableUntil = 0;

  constructor(
    auth: ConfigurationBotFrameworkAuthentication,
    private readonly logger: Logger,
    /** true when the channel requires a Bot Framework token (MicrosoftAppId set) */
    private readonly requireAuth = false,
    /** longest wait for the token check (it may fetch the channel's signing keys) */
    private readonly authTimeoutMs = 15_000,
    private readonly now: () => number = Date.now,
  ) {
    super(auth);
  }

  /** Runs one turn for an already-validated activity. Never throws. */
  async handle(authHeader: string, activity: Activity, logic: TurnLogic): Promise<TurnOutcome> {
    if (this.requireAuth && !wellFormedBearer(authHeader)) {
      // A missing, malformed or unsigned token is refused here, without a metadata fetch.
      this.logger.warn('Rejected activity: malformed or unsigned token', {
        channelId: activity.channelId,
      });
      return unauthorized;
    }
    if (this.requireAuth && this.now() < this.keysUnavailableUntil) {
      // The SDK caches the signing keys once loaded, but retries the fetch on every request
      // while they cannot be loaded: refuse for a while instead of fetching per request.
      return unauthorized;
    }
    let started = false;
    let abandoned = false;
    let timer: NodeJS.Timeout | undefined;
    const checkTimedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.authTimeoutMs);
      timer.unref();
    });
    try {
      const processed = this.processActivity(authHeader, activity, async (context) => {
        if (abandoned) return; // answered 401 already: the late turn must not run
        started = true;
        clearTimeout(timer);
        await logic(context);
      });
      const first = this.requireAuth ? await Promise.race([processed, checkTimedOut]) : undefined;
      if (first === 'timeout' && !started) {
        abandoned = true;
        processed.catch(() => undefined);
        throw new Error(TOKEN_CHECK_TIMEOUT);
      }
      const invokeResponse = await processed;
      return { status: invokeResponse?.status ?? 200, body: invokeResponse?.body };
    } catch (err) {
      // Anything that fails before the turn starts is the token's validation failing (a bad
      // signature, an unknown key, metadata that cannot be fetched): 401, never 500.
      if (err instanceof AuthenticationError || (this.requireAuth && !started)) {
        if (this.requireAuth && !started && signingKeysFailed(err)) {
          this.keysUnavailableUntil = this.now() + KEYS_UNAVAILABLE_BACKOFF_MS;
          this.logger.error(
            'Bot Framework signing keys could not be loaded: tokens are refused for 30 s',
            { reason: reasonOf(err) },
          );
        } else {
          this.logger.warn('Rejected activity: authentication failed', {
            channelId: activity.channelId,
            reason: reasonOf(err),
          });
        }
        return unauthorized;
      }
      this.logger.error('Turn failed outside the bot', { error: err });
      return {
        status: 500,
        body: { error: { code: 'internal', message: 'Internal error' } },
      };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The adapter for Bot Framework channels (Azure Bot Service, Teams): authenticated when an app id is set. */
export function createChannelAdapter(config: Config, logger: Logger): FagstotteAdapter {
  const auth = new TimedBotFrameworkAuthentication(
    {
      MicrosoftAppId: config.botAuth.appId ?? '',
      MicrosoftAppPassword: config.botAuth.appPassword ?? '',
      MicrosoftAppType: config.botAuth.appType,
      MicrosoftAppTenantId: config.botAuth.tenantId ?? '',
    },
    config.http.outboundTimeoutMs,
  );
  return new FagstotteAdapter(auth, logger, config.botAuth.enabled, config.http.outboundTimeoutMs);
}

/** The Azure pipeline of a Connector client (not in the SDK's public types). */
interface WithPipeline {
  client?: {
    pipeline?: {
      addPolicy(policy: {
        name: string;
        sendRequest(
          request: { timeout: number },
          next: (request: { timeout: number }) => Promise<unknown>,
        ): Promise<unknown>;
      }): void;
    };
  };
}

/** The app id the SDK builds a client's credentials for (as ParameterizedBotFrameworkAuthentication). */
function appIdOf(identity: ClaimsIdentity): string {
  return (
    identity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    identity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    ''
  );
}

/** How many Connector clients are kept (one per bot identity, serviceUrl and audience). */
export const CONNECTOR_CLIENT_CACHE_SIZE = 64;

/**
 * Bot Framework authentication whose Connector clients (the replies sent to a channel's
 * serviceUrl) time out and are reused.
 * - Timeout: the SDK sets none and overwrites any request policy passed in its options, so a
 *   serviceUrl that accepted the connection and never answered held a turn for minutes; here a
 *   policy is added to each client's pipeline after it is created.
 * - Reuse: the SDK builds a new client, credentials and Azure request pipeline for every turn
 *   (and a User Token client, kept here one per bot identity).
 *   A client is fully determined by the bot's own app id (the token's audience), the serviceUrl
 *   and the outbound audience, so one is kept per such triple (bounded, least recently used
 *   first out) and never shared between identities. Its credentials then also keep their token.
 */
export class TimedBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly clients = new LRUCache<string, Promise<ConnectorClient>>({
    max: CONNECTOR_CLIENT_CACHE_SIZE,
  });
  /** The User Token client CloudAdapter also builds for every turn, one per bot identity. */
  private readonly tokenClients = new LRUCache<string, Promise<UserTokenClient>>({
    max: CONNECTOR_CLIENT_CACHE_SIZE,
  });

  constructor(
    options: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0],
    private readonly timeoutMs: number,
  ) {
    super(options);
  }

  override async authenticateRequest(
    ...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
  ): ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']> {
    const result = await super.authenticateRequest(...args);
    return result.connectorFactory
      ? {
          ...result,
          connectorFactory: this.timed(result.connectorFactory, result.claimsIdentity),
        }
      : result;
  }

  override createConnectorFactory(
    ...args: Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>
  ): ConnectorFactory {
    return this.timed(super.createConnectorFactory(...args), args[0]);
  }

  override createUserTokenClient(identity: ClaimsIdentity): Promise<UserTokenClient> {
    const key = appIdOf(identity);
    const cached = this.tokenClients.get(key);
    if (cached) return cached;
    const created = super.createUserTokenClient(identity);
    this.tokenClients.set(key, created);
    created.catch(() => this.tokenClients.delete(key));
    return created;
  }

  private timed(inner: ConnectorFactory, identity: ClaimsIdentity): ConnectorFactory {
    const timeoutMs = this.timeoutMs;
    const clients = this.clients;
    const appId = appIdOf(identity);
    return {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        const key = JSON.stringify([appId, serviceUrl, audience ?? null]);
        const cached = clients.get(key);
        if (cached) return cached;
        const created = inner.create(serviceUrl, audience).then((client) => {
          (client as unknown as WithPipeline).client?.pipeline?.addPolicy({
            name: 'fagstotteOutboundTimeout',
            sendRequest: (request, next) => {
              if (!request.timeout || request.timeout > timeoutMs) request.timeout = timeoutMs;
              return next(request);
            },
          });
          return client;
        });
        clients.set(key, created);
        // A client that could not be created is not kept: the next turn tries again.
        created.catch(() => clients.delete(key));
        return created;
      },
    };
  }
}

/**
 * The adapter behind the embedded Direct Line endpoint. It runs the same bot in-process with
 * `expectReplies`, so it needs no Bot Framework credentials; the Direct Line endpoint does its own
 * authentication (DIRECT_LINE_SECRET and per-conversation tokens).
 */
export function createInProcessAdapter(logger: Logger): FagstotteAdapter {
  return new FagstotteAdapter(new ConfigurationBotFrameworkAuthentication({}), logger);
}
