import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/shared/config.js';

const APP_ID = '11111111-2222-3333-4444-555555555555';

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('Configuration', function () {
  it('starts locally with no settings at all: port 3978, auth off, embedded Direct Line on', function () {
    const config = loadConfig({});
    expect(config.http.port).to.equal(3978);
    expect(config.http.host).to.equal('127.0.0.1');
    expect(config.botAuth.enabled).to.equal(false);
    expect(config.directLine.enabled).to.equal(true);
    expect(config.directLine.secret).to.equal(undefined);
    expect(config.storage.kind).to.equal('memory');
    expect(config.logLevel).to.equal('info');
  });

  it('reads every setting from the environment', function () {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      PUBLIC_BASE_URL: 'https://fagstotte.example.no',
      MAX_BODY_BYTES: '65536',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'secret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: APP_ID,
      DIRECT_LINE_ENABLED: 'false',
      DIRECT_LINE_SECRET: 'a'.repeat(32),
      DIRECT_LINE_TOKEN_TTL_SECONDS: '600',
      LOG_LEVEL: 'debug',
      KNOWLEDGE_DIR: 'kb',
      TYPING_DELAY_MS: '0',
      REQUEST_TIMEOUT_MS: '5000',
      OUTBOUND_TIMEOUT_MS: '8000',
      TRUST_PROXY: 'true',
      RATE_LIMIT_TOKENS_PER_MINUTE: '5',
      RATE_LIMIT_ACTIVITIES_PER_MINUTE: '30',
      DIRECT_LINE_MAX_CONVERSATIONS: '50',
      DIRECT_LINE_MAX_CONVERSATION_BYTES: '131072',
      DIRECT_LINE_MAX_TOTAL_BYTES: '4194304',
      WEBCHAT_ACCESS: 'off',
    });
    expect(config.http).to.deep.equal({
      port: 8080,
      host: '0.0.0.0',
      publicBaseUrl: 'https://fagstotte.example.no',
      maxBodyBytes: 65536,
      maxJsonDepth: 64,
      requestTimeoutMs: 5000,
      outboundTimeoutMs: 8000,
      trustProxy: true,
    });
    expect(config.rateLimits).to.deep.equal({ tokensPerMinute: 5, activitiesPerMinute: 30 });
    expect(config.botAuth.enabled).to.equal(true);
    expect(config.botAuth.appType).to.equal('SingleTenant');
    expect(config.directLine).to.deep.equal({
      enabled: false,
      secret: 'a'.repeat(32),
      tokenTtlSeconds: 600,
      maxConversations: 50,
      maxConversationBytes: 131072,
      maxTotalBytes: 4194304,
      webChatAccess: 'off',
      webChatAuthHeader: 'x-ms-client-principal-id',
    });
    expect(config.logLevel).to.equal('debug');
    expect(config.knowledgeDir).to.equal('kb');
    expect(config.typingDelayMs).to.equal(0);
  });

  it('treats empty values as unset (as .env files often have them)', function () {
    const config = loadConfig({ PORT: '', MicrosoftAppId: '', MicrosoftAppPassword: '' });
    expect(config.http.port).to.equal(3978);
    expect(config.botAuth.enabled).to.equal(false);
  });

  it('selects Azure Blob storage with a connection string and container', function () {
    const config = loadConfig({
      STORAGE: 'blob',
      AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
    });
    expect(config.storage).to.deep.equal({
      kind: 'blob',
      connectionString: 'UseDevelopmentStorage=true',
      container: 'fagstotte-state',
    });
  });

  it('returns a frozen object', function () {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).to.equal(true);
    expect(Object.isFrozen(config.http)).to.equal(true);
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    ['PORT', { PORT: 'abc' }, /PORT: must be a port number/],
    ['PORT', { PORT: '70000' }, /PORT: must be 0\.\.65535/],
    ['MAX_BODY_BYTES', { MAX_BODY_BYTES: '10' }, /MAX_BODY_BYTES: must be at least 1024/],
    [
      'MicrosoftAppId',
      { MicrosoftAppId: 'not-a-guid', MicrosoftAppPassword: 'x' },
      /MicrosoftAppId: must be a GUID/,
    ],
    [
      'MicrosoftAppPassword',
      { MicrosoftAppId: APP_ID },
      /MicrosoftAppPassword: must be set when MicrosoftAppId is set/,
    ],
    [
      'MicrosoftAppId',
      { MicrosoftAppPassword: 'x' },
      /MicrosoftAppId: must be set when MicrosoftAppPassword is set/,
    ],
    [
      'MicrosoftAppTenantId',
      { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', MicrosoftAppType: 'SingleTenant' },
      /MicrosoftAppTenantId: must be set/,
    ],
    [
      'MicrosoftAppType',
      { MicrosoftAppType: 'Other' },
      /MicrosoftAppType: must be MultiTenant, SingleTenant or UserAssignedMSI/,
    ],
    [
      'DIRECT_LINE_ENABLED',
      { DIRECT_LINE_ENABLED: 'maybe' },
      /DIRECT_LINE_ENABLED: must be true or false/,
    ],
    [
      'DIRECT_LINE_SECRET',
      { DIRECT_LINE_SECRET: 'short' },
      /DIRECT_LINE_SECRET: must be at least 32 characters/,
    ],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }, /LOG_LEVEL: must be error, warn, info or debug/],
    ['STORAGE', { STORAGE: 'redis' }, /STORAGE: must be memory or blob/],
    [
      'AZURE_STORAGE_CONNECTION_STRING',
      { STORAGE: 'blob' },
      /AZURE_STORAGE_CONNECTION_STRING: must be set when STORAGE is blob/,
    ],
    [
      'AZURE_STORAGE_CONTAINER',
      { AZURE_STORAGE_CONTAINER: 'Bad_Name' },
      /AZURE_STORAGE_CONTAINER: must be a valid blob container name/,
    ],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'not a url' }, /PUBLIC_BASE_URL: must be a URL/],
    [
      'LEARNING_NUDGE_HOUR',
      { LEARNING_NUDGE_HOUR: '24' },
      /LEARNING_NUDGE_HOUR: must be an hour 0–23 \(Norwegian time\) or off/,
    ],
    [
      'LEARNING_NUDGE_HOUR',
      { LEARNING_NUDGE_HOUR: 'morning' },
      /LEARNING_NUDGE_HOUR: must be an hour 0–23/,
    ],
  ];

  it('sends the Opplæring nudge at 09 by default, at the configured hour, or never with off', function () {
    expect(loadConfig({}).learning).to.deep.equal({ nudgeHour: 9, maxLearners: 5000 });
    expect(loadConfig({ LEARNING_NUDGE_HOUR: '7' }).learning.nudgeHour).to.equal(7);
    expect(loadConfig({ LEARNING_NUDGE_HOUR: '0' }).learning.nudgeHour).to.equal(0);
    expect(loadConfig({ LEARNING_NUDGE_HOUR: 'off' }).learning.nudgeHour).to.equal(undefined);
  });
  for (const [variable, env, message] of bad) {
    it(`stops with a message naming ${variable} for ${JSON.stringify(env)}`, function () {
      const err = errorOf(env);
      expect(err.message).to.match(message);
      expect(err.variables).to.include(variable);
    });
  }

  it('names every wrong variable at once', function () {
    const err = errorOf({ PORT: 'x', LOG_LEVEL: 'loud' });
    expect(err.variables).to.have.members(['PORT', 'LOG_LEVEL']);
  });
});
