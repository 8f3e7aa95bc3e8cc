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

export class FagstotteAdapter extends CloudAdapter {
  constructor(
    auth: ConfigurationBotFrameworkAuthentication,
    private readonly logger: Logger,
  ) {
    super(auth);
  }

  /** Runs one turn for an already-validated activity. Never throws. */
  async handle(authHeader: string, activity: Activity, logic: TurnLogic): Promise<TurnOutcome> {
    try {
      const invokeResponse = await this.processActivity(authHeader, activity, logic);
      return { status: invokeResponse?.status ?? 200, body: invokeResponse?.body };
    } catch (err) {
      if (err instanceof AuthenticationError) {
        this.logger.warn('Rejected activity: authentication failed', {
          channelId: activity.channelId,
          reason: err.message,
        });
        return { status: 401, body: { error: { code: 'unauthorized', message: 'Unauthorized' } } };
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
  return new FagstotteAdapter(auth, logger);
}

/**
 * The adapter behind the embedded Direct Line endpoint. It runs the same bot in-process with
 * `expectReplies`, so it needs no Bot Framework credentials; the Direct Line endpoint does its own
 * authentication (DIRECT_LINE_SECRET and per-conversation tokens).
 */
export function createInProcessAdapter(logger: Logger): FagstotteAdapter {
  return new FagstotteAdapter(new ConfigurationBotFrameworkAuthentication({}), logger);
}
