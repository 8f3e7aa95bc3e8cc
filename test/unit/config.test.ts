import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/shared/config.js';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const XAPI = {
  XAPI_ENDPOINT: 'https://lrs.example/xapi/',
  XAPI_USERNAME: 'fagstotte',
  XAPI_PASSWORD: 'lrs-secret',
  PUBLIC_BASE_URL: 'https://fagstotte.example.no/',
};

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

  it('sends no xAPI statements unless XAPI_ENDPOINT is set', function () {
    expect(loadConfig({}).xapi).to.equal(undefined);
    expect(
      loadConfig({ XAPI_ACTOR_HOMEPAGE: 'https://x.example', XAPI_TIMEOUT_MS: '2000' }).xapi,
    ).to.equal(undefined);
  });

  it('reads the LRS settings: endpoint, Basic-auth credentials, actor home page, activity base, timeout', function () {
    expect(loadConfig(XAPI).xapi).to.deep.equal({
      endpoint: 'https://lrs.example/xapi/',
      username: 'fagstotte',
      password: 'lrs-secret',
      actorHomePage: 'https://login.microsoftonline.com',
      activityBase: 'https://fagstotte.example.no',
      timeoutMs: 5000,
    });
    expect(
      loadConfig({
        ...XAPI,
        XAPI_ENDPOINT: 'http://127.0.0.1:8080/xapi',
        XAPI_ACTOR_HOMEPAGE: 'https://teams.microsoft.com',
        XAPI_ACTIVITY_BASE: 'https://opplaering.sykehuset.example/fagstotte/',
        XAPI_TIMEOUT_MS: '2500',
      }).xapi,
    ).to.deep.include({
      endpoint: 'http://127.0.0.1:8080/xapi',
      actorHomePage: 'https://teams.microsoft.com',
      activityBase: 'https://opplaering.sykehuset.example/fagstotte',
      timeoutMs: 2500,
    });
    for (const host of ['localhost', '[::1]']) {
      expect(
        loadConfig({ ...XAPI, XAPI_ENDPOINT: `http://${host}:9000/xapi/` }).xapi?.endpoint,
      ).to.equal(`http://${host}:9000/xapi/`);
    }
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
    ['XAPI_ENDPOINT', { ...XAPI, XAPI_ENDPOINT: 'lrs.example' }, /XAPI_ENDPOINT: must be a URL/],
    [
      'XAPI_ENDPOINT',
      { ...XAPI, XAPI_ENDPOINT: 'http://lrs.example/xapi/' },
      /XAPI_ENDPOINT: must be https \(http only to 127\.0\.0\.1, localhost or ::1\)/,
    ],
    [
      'XAPI_ENDPOINT',
      { ...XAPI, XAPI_ENDPOINT: 'https://user:pw@lrs.example/xapi/' },
      /XAPI_ENDPOINT: must not contain a user name or password/,
    ],
    [
      'XAPI_PASSWORD',
      {
        XAPI_ENDPOINT: XAPI.XAPI_ENDPOINT,
        XAPI_USERNAME: 'u',
        PUBLIC_BASE_URL: 'https://f.example',
      },
      /XAPI_PASSWORD: must be set when XAPI_ENDPOINT is set/,
    ],
    [
      'XAPI_USERNAME',
      {
        XAPI_ENDPOINT: XAPI.XAPI_ENDPOINT,
        XAPI_PASSWORD: 'p',
        PUBLIC_BASE_URL: 'https://f.example',
      },
      /XAPI_USERNAME: must be set when XAPI_ENDPOINT is set/,
    ],
    ['XAPI_USERNAME', { ...XAPI, XAPI_USERNAME: 'a:b' }, /XAPI_USERNAME: must not contain ":"/],
    [
      'XAPI_PASSWORD',
      { ...XAPI, XAPI_PASSWORD: 'pass\u2603' },
      /XAPI_PASSWORD: must be printable Latin-1 characters/,
    ],
    [
      'XAPI_ENDPOINT',
      { XAPI_USERNAME: 'u', XAPI_PASSWORD: 'p' },
      /XAPI_ENDPOINT: must be set when XAPI_USERNAME or XAPI_PASSWORD is set/,
    ],
    [
      'XAPI_ACTIVITY_BASE',
      { XAPI_ENDPOINT: XAPI.XAPI_ENDPOINT, XAPI_USERNAME: 'u', XAPI_PASSWORD: 'p' },
      /XAPI_ACTIVITY_BASE: must be set \(or PUBLIC_BASE_URL\) when XAPI_ENDPOINT is set/,
    ],
    [
      'XAPI_ACTIVITY_BASE',
      { ...XAPI, XAPI_ACTIVITY_BASE: 'http://fagstotte.example.no' },
      /XAPI_ACTIVITY_BASE: must be https/,
    ],
    [
      'XAPI_ACTOR_HOMEPAGE',
      { ...XAPI, XAPI_ACTOR_HOMEPAGE: 'urn:entra' },
      /XAPI_ACTOR_HOMEPAGE: must be an http\(s\) URL/,
    ],
    [
      'XAPI_TIMEOUT_MS',
      { ...XAPI, XAPI_TIMEOUT_MS: '50' },
      /XAPI_TIMEOUT_MS: must be at least 1000/,
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
