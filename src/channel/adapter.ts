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
import { AuthenticationError } from 'botframework-connector';
import type { Config } from '../shared/config.js';
import type { Logger } from '../shared/logger.js';

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

export class FagstotteAdapter extends CloudAdapter {
  constructor(
    auth: ConfigurationBotFrameworkAuthentication,
    private readonly logger: Logger,
    /** true when the channel requires a Bot Framework token (MicrosoftAppId set) */
    private readonly requireAuth = false,
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
    let started = false;
    try {
      const invokeResponse = await this.processActivity(authHeader, activity, async (context) => {
        started = true;
        await logic(context);
      });
      return { status: invokeResponse?.status ?? 200, body: invokeResponse?.body };
    } catch (err) {
      // Anything that fails before the turn starts is the token's validation failing (a bad
      // signature, an unknown key, metadata that cannot be fetched): 401, never 500.
      if (err instanceof AuthenticationError || (this.requireAuth && !started)) {
        this.logger.warn('Rejected activity: authentication failed', {
          channelId: activity.channelId,
          reason: err instanceof Error ? err.message : 'unknown',
        });
        return unauthorized;
      }
      this.logger.error('Turn failed outside the bot', { error: err });
      return {
        status: 500,
        body: { error: { code: 'internal', message: 'Internal error' } },
      };
    }
  }
}

/** The adapter for Bot Framework channels (Azure Bot Service, Teams): authenticated when an app id is set. */
export function createChannelAdapter(config: Config, logger: Logger): FagstotteAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.botAuth.appId ?? '',
    MicrosoftAppPassword: config.botAuth.appPassword ?? '',
    MicrosoftAppType: config.botAuth.appType,
    MicrosoftAppTenantId: config.botAuth.tenantId ?? '',
  });
  return new FagstotteAdapter(auth, logger, config.botAuth.enabled);
}

/**
 * The adapter behind the embedded Direct Line endpoint. It runs the same bot in-process with
 * `expectReplies`, so it needs no Bot Framework credentials; the Direct Line endpoint does its own
 * authentication (DIRECT_LINE_SECRET and per-conversation tokens).
 */
export function createInProcessAdapter(logger: Logger): FagstotteAdapter {
  return new FagstotteAdapter(new ConfigurationBotFrameworkAuthentication({}), logger);
}
