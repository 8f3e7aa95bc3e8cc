/**
 * The deploy files against the app they deploy: deploy/docker/Dockerfile, .dockerignore,
 * deploy/azure/main.bicep and its example parameters.
 *
 * Always checked statically (file contents against src/shared/config.ts and package.json). When
 * a Docker daemon answers, the image is also built and started; when the Bicep CLI (`bicep` or
 * `az bicep`) is on the PATH, the template is also compiled. The suite titles say which ran:
 * nothing is skipped silently.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { envSchema, loadConfig } from '../../src/shared/config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

/** Every variable the app's configuration reads. */
const configKeys = new Set(Object.keys(envSchema.shape));

/** App settings read by App Service itself, not by the app (each with why it is there). */
const platformSettings = new Map([
  ['WEBSITES_PORT', 'the port App Service forwards to in a custom container'],
  ['WEBSITES_ENABLE_APP_SERVICE_STORAGE', 'no shared /home mount: the app writes no files'],
]);

const succeeds = (cmd: string, args: string[]): boolean =>
  spawnSync(cmd, args, { stdio: 'ignore', timeout: 20_000 }).status === 0;

// ---------------------------------------------------------------------------------------------
// Dockerfile

interface Instruction {
  readonly keyword: string;
  readonly args: string;
  /** index of the build stage (FROM) it belongs to */
  readonly stage: number;
}

/** Instructions of a Dockerfile: comments dropped, backslash continuations joined. */
function parseDockerfile(text: string): Instruction[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) continue;
    if (pending && line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${pending}${line}`.trim());
    pending = '';
  }
  if (pending) logical.push(pending.trim());
  let stage = -1;
  return logical.map((line) => {
    const match = /^(\S+)\s*(.*)$/.exec(line);
    const keyword = (match?.[1] ?? '').toUpperCase();
    if (keyword === 'FROM') stage += 1;
    return { keyword, args: match?.[2] ?? '', stage };
  });
}

/** `ENV A=1 B=2` (and the old `ENV A 1`) as pairs. */
function envPairs(args: string): [string, string][] {
  if (!args.includes('=')) {
    const [key = '', ...rest] = args.split(/\s+/);
    return [[key, rest.join(' ')]];
  }
  return [...args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)].map((m) => [
    m[1] ?? '',
    (m[2] ?? '').replace(/^"|"$/g, ''),
  ]);
}

const dockerDaemon = succeeds('docker', ['info']);

describe(`Dockerfile (checked statically${dockerDaemon ? '; built and started with Docker' : '; no Docker daemon on this machine, so the image is not built here'})`, function () {
  const instructions = parseDockerfile(read('deploy/docker/Dockerfile'));
  const lastStage = Math.max(...instructions.map((i) => i.stage));
  const runtime = instructions.filter((i) => i.stage === lastStage);
  const build = instructions.filter((i) => i.stage === 0);
  const all = (keyword: string, list = instructions): Instruction[] =>
    list.filter((i) => i.keyword === keyword);
  const argDefaults = new Map(
    all('ARG').map((i) => {
      const [name = '', value = ''] = i.args.split('=');
      return [name, value];
    }),
  );
  const image = (from: Instruction): string =>
    (from.args.split(/\s+/)[0] ?? '').replace(
      /^\$\{(\w+)\}$/,
      (_, name: string) => argDefaults.get(name) ?? '',
    );

  it('builds in one stage and runs from a second, both on Node 20 slim', function () {
    const froms = all('FROM');
    expect(froms.length).to.be.at.least(2);
    for (const from of froms) expect(image(from)).to.match(/^node:20[\w.-]*-slim$/);
    expect(build.map((i) => `${i.keyword} ${i.args}`)).to.include.members(['RUN npm run build']);
    expect(all('RUN', build).some((i) => /^npm ci\b/.test(i.args))).to.equal(true);
  });

  it('installs production dependencies only in the runtime stage, without install scripts', function () {
    const installs = all('RUN', runtime).filter((i) => /\bnpm ci\b/.test(i.args));
    expect(installs, 'one npm ci in the runtime stage').to.have.length(1);
    expect(installs[0]?.args).to.include('--omit=dev');
    // package.json allowScripts denies every install script, but only npm 11 reads it: every
    // npm ci in the image must say so itself.
    const pkg = JSON.parse(read('package.json')) as {
      allowScripts: Record<string, boolean>;
      dependencies: Record<string, string>;
    };
    expect(Object.values(pkg.allowScripts).every((allowed) => !allowed)).to.equal(true);
    for (const i of all('RUN').filter((r) => /\bnpm ci\b/.test(r.args))) {
      expect(i.args).to.include('--ignore-scripts');
    }
    // The runtime bundles the Web Chat detector with tsx's esbuild (src/http/webchat.ts).
    expect(pkg.dependencies).to.have.property('tsx');
  });

  it('copies exactly what the runtime needs: dist/ from the build stage, knowledge/, package.json', function () {
    const copies = all('COPY', runtime).map((i) => i.args);
    expect(copies.some((c) => /--from=build\s+\/app\/dist\s/.test(c))).to.equal(true);
    expect(copies.some((c) => /^knowledge\s/.test(c))).to.equal(true);
    expect(copies.some((c) => /\bpackage\.json\b/.test(c))).to.equal(true);
  });

  it('sets only environment variables the config schema knows, and binds 0.0.0.0:3978', function () {
    const env = Object.fromEntries(all('ENV').flatMap((i) => envPairs(i.args)));
    for (const key of Object.keys(env)) expect(configKeys, `ENV ${key}`).to.include(key);
    expect(env).to.include({ HOST: '0.0.0.0', PORT: '3978' });
    const config = loadConfig(env);
    expect(config.http).to.include({ host: '0.0.0.0', port: 3978 });
    expect(all('EXPOSE').map((i) => i.args)).to.deep.equal(['3978']);
  });

  it('runs as a non-root user', function () {
    const users = all('USER', runtime).map((i) => i.args.split(':')[0]);
    expect(users.length).to.be.at.least(1);
    expect(users.at(-1)).to.not.be.oneOf(['root', '0', undefined]);
    const userAt = runtime.findIndex((i) => i.keyword === 'USER');
    const cmdAt = runtime.findIndex((i) => i.keyword === 'CMD');
    expect(userAt).to.be.lessThan(cmdAt);
  });

  it('checks health on /healthz with node (no curl in slim images)', function () {
    const checks = all('HEALTHCHECK', runtime);
    expect(checks).to.have.length(1);
    const args = checks[0]?.args ?? '';
    expect(args).to.include('/healthz');
    const command = JSON.parse(args.slice(args.indexOf('CMD') + 3).trim()) as string[];
    expect(command[0]).to.equal('node');
    expect(args).to.not.match(/\b(curl|wget)\b/);
  });

  it('starts dist/src/main.js with node itself (exec form, no npm or shell), as start:prod does', function () {
    expect(all('ENTRYPOINT')).to.have.length(0);
    const cmds = all('CMD').filter((i) => i.stage === lastStage);
    expect(cmds).to.have.length(1);
    const cmd = JSON.parse(cmds[0]?.args ?? '') as string[];
    expect(cmd).to.deep.equal(['node', 'dist/src/main.js']);
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts['start:prod']).to.equal(cmd.join(' '));
  });

  it('.dockerignore keeps dependencies, build output, secrets and history out of the context', function () {
    const lines = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(lines).to.include.members(['node_modules', 'dist', 'artifacts', '.git', '.env']);
    expect(lines).to.not.include.members(['src', 'knowledge', 'package.json', 'package-lock.json']);
  });

  if (dockerDaemon) {
    it('builds the image, answers /healthz, becomes healthy and stops cleanly on SIGTERM', async function () {
      this.timeout(20 * 60_000);
      const tag = `fagstotte-deploy-test:${process.pid}`;
      const run = (args: string[]) => spawnSync('docker', args, { encoding: 'utf8', cwd: root });
      const built = run(['build', '-f', 'deploy/docker/Dockerfile', '-t', tag, '.']);
      expect(built.status, built.stderr).to.equal(0);
      const started = run(['run', '-d', '-p', '127.0.0.1::3978', tag]);
      expect(started.status, started.stderr).to.equal(0);
      const id = started.stdout.trim();
      try {
        const port = run(['port', id, '3978']).stdout.trim().split(':').at(-1);
        let status = 0;
        for (let i = 0; i < 60 && status !== 200; i += 1) {
          status = await fetch(`http://127.0.0.1:${port}/healthz`).then(
            (r) => r.status,
            () => 0,
          );
          if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 1000));
        }
        expect(status).to.equal(200);
        expect(run(['exec', id, 'id', '-u']).stdout.trim()).to.not.equal('0');
        const stopped = run(['stop', '-t', '15', id]);
        expect(stopped.status, stopped.stderr).to.equal(0);
        expect(run(['inspect', '-f', '{{.State.ExitCode}}', id]).stdout.trim()).to.equal('0');
      } finally {
        run(['rm', '-f', id]);
        run(['rmi', '-f', tag]);
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Bicep

const bicepText = read('deploy/azure/main.bicep');

/** The text of the `{ … }` block that starts at the first `{` at or after `from`. */
function blockAt(text: string, from: number): string {
  const open = text.indexOf('{', from);
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    if (text[i] === '}') depth -= 1;
    if (depth === 0) return text.slice(open + 1, i);
  }
  throw new Error('unbalanced braces');
}

/** The body of the resource with this symbolic name. */
function resource(name: string): string {
  const at = bicepText.search(new RegExp(`^resource ${name} '`, 'm'));
  if (at < 0) throw new Error(`no resource ${name} in main.bicep`);
  return blockAt(bicepText, at);
}

/** Top-level `key: value` lines of a block (nested blocks skipped), values as written. */
function entries(block: string): Map<string, string> {
  const result = new Map<string, string>();
  let depth = 0;
  for (const line of block.split('\n')) {
    const match = depth === 0 ? /^\s*'?([A-Za-z_][\w-]*)'?:\s*(.*)$/.exec(line) : null;
    if (match) result.set(match[1] ?? '', (match[2] ?? '').trim());
    depth += (line.match(/[{[]/g) ?? []).length - (line.match(/[}\]]/g) ?? []).length;
  }
  return result;
}

/** The app settings: the `properties` of the sites/config 'appsettings' resource. */
function appSettings(): Map<string, string> {
  const symbolic =
    /^resource (\w+) 'Microsoft\.Web\/sites\/config@[^']+' = \{[^]*?name: 'appsettings'/m.exec(
      bicepText,
    )?.[1];
  if (!symbolic) throw new Error('no Microsoft.Web/sites/config appsettings resource');
  const body = resource(symbolic);
  return entries(blockAt(body, body.indexOf('properties:')));
}

/** A setting's value for loadConfig: literals as they are, Bicep expressions as a deploy would fill them. */
function deployedValue(key: string, value: string): string {
  const literal = /^'([^'$]*)'$/.exec(value);
  if (literal) return literal[1] ?? '';
  const stand_ins: Record<string, string> = {
    MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
    MicrosoftAppTenantId: '66666666-7777-4888-9999-aaaaaaaaaaaa',
    PUBLIC_BASE_URL: 'https://app-fagstotte-example.azurewebsites.net',
    AZURE_STORAGE_CONNECTION_STRING:
      'DefaultEndpointsProtocol=https;AccountName=example;AccountKey=a2V5;EndpointSuffix=core.windows.net',
    AZURE_STORAGE_CONTAINER: 'fagstotte-state',
    LOG_LEVEL: 'info',
    ORG: 'sykehuset-x',
    TEAM_REGISTRATION_ALLOWED_USERS:
      '11111111-2222-4333-8444-555555555555,66666666-7777-4888-9999-aaaaaaaaaaaa',
    KONSULTASJON_RETENTION_DAYS: '30',
    LEARNING_NUDGE_HOUR: '9',
    // A deployment with an LRS (empty parameters give empty settings, also valid).
    XAPI_ENDPOINT: 'https://lrs.example.no/xapi/',
    XAPI_USERNAME: 'fagstotte',
    XAPI_PASSWORD: 'the-password-from-key-vault',
    XAPI_ACTOR_HOMEPAGE: '',
    XAPI_ACTIVITY_BASE: '',
  };
  const standIn = stand_ins[key];
  if (standIn === undefined)
    throw new Error(`no stand-in for the Bicep expression of ${key}: ${value}`);
  return standIn;
}

function bicepCli(): string[] | undefined {
  if (succeeds('bicep', ['--version'])) return ['bicep'];
  if (succeeds('az', ['bicep', 'version'])) return ['az', 'bicep'];
  return undefined;
}
const bicep = bicepCli();

describe(`Azure template main.bicep (checked statically${bicep ? `; compiled with ${bicep.join(' ')}` : '; no Bicep CLI on this machine, so it is not compiled here'})`, function () {
  const settings = appSettings();

  it('sets only app settings the config schema knows (plus two that App Service reads)', function () {
    expect(settings.size).to.be.greaterThan(5);
    for (const key of settings.keys()) {
      expect(configKeys.has(key) || platformSettings.has(key), `app setting ${key}`).to.equal(true);
    }
    // One place for settings: none in siteConfig.appSettings, where a second list could drift.
    expect(bicepText).to.not.match(/\bappSettings:\s*\[/);
  });

  it('has every setting Teams in production needs, with the right values', function () {
    expect(settings.get('MicrosoftAppType')).to.equal("'UserAssignedMSI'");
    expect(settings.get('MicrosoftAppId')).to.equal('identity.properties.clientId');
    expect(settings.get('MicrosoftAppTenantId')).to.equal('tenant().tenantId');
    expect(settings.get('HOST')).to.equal("'0.0.0.0'");
    expect(settings.get('PUBLIC_BASE_URL')).to.match(/^'https:\/\//);
    expect(settings.get('STORAGE')).to.equal("'blob'");
    expect(settings.get('TRUST_PROXY')).to.equal("'true'");
    expect(settings.get('DIRECT_LINE_ENABLED')).to.equal("'false'");
    expect(settings.get('PORT')).to.equal("'3978'");
    expect(settings.get('WEBSITES_PORT')).to.equal(settings.get('PORT'));
    // No secret in an app setting: the storage key comes from Key Vault, a managed identity has
    // no password.
    expect(settings.get('AZURE_STORAGE_CONNECTION_STRING')).to.match(
      /^'@Microsoft\.KeyVault\(SecretUri=\$\{/,
    );
    expect(settings.has('MicrosoftAppPassword')).to.equal(false);
    // The LRS password: a secure parameter, written to Key Vault, referenced from there.
    expect(settings.get('XAPI_PASSWORD')).to.match(
      /^empty\(xapiPassword\) \? '' : '@Microsoft\.KeyVault\(VaultName=\$\{keyVault\.name\};SecretName=/,
    );
    expect(bicepText).to.match(/@secure\(\)\s*param xapiPassword string/);
    expect(resource('xapiSecret')).to.include('value: xapiPassword');
  });

  it('the settings, as a deployment fills them, are a valid configuration for the app', function () {
    const env = Object.fromEntries(
      [...settings]
        .filter(([key]) => configKeys.has(key))
        .map(([key, value]) => [key, deployedValue(key, value)]),
    );
    const config = loadConfig(env);
    expect(config.botAuth).to.include({ enabled: true, appType: 'UserAssignedMSI' });
    expect(config.storage.kind).to.equal('blob');
    expect(config.directLine.enabled).to.equal(false);
    expect(config.directLine.webChatAccess).to.equal('off');
    expect(config.http).to.include({ host: '0.0.0.0', port: 3978, trustProxy: true });
    expect(config.xapi).to.include({
      endpoint: 'https://lrs.example.no/xapi/',
      activityBase: 'https://app-fagstotte-example.azurewebsites.net',
      actorHomePage: 'https://login.microsoftonline.com',
    });
  });

  it('runs at least two instances of the web app, health-checked, with no instance affinity', function () {
    const param = /((?:@\w+\([^)]*\)\s*)*)param instanceCount int = (\d+)/.exec(bicepText);
    expect(param, 'param instanceCount').to.not.equal(null);
    expect(param?.[1]).to.include('@minValue(2)');
    expect(Number(param?.[2])).to.be.at.least(2);
    expect(
      entries(blockAt(resource('plan'), resource('plan').indexOf('sku:'))).get('capacity'),
    ).to.equal('instanceCount');
    const site = resource('site');
    expect(site).to.match(/healthCheckPath: '\/(readyz|healthz)'/);
    expect(site).to.include('clientAffinityEnabled: false');
    expect(site).to.include("type: 'UserAssigned'");
    expect(site).to.include('keyVaultReferenceIdentity: identity.id');
  });

  it('registers the Azure Bot as UserAssignedMSI with the app endpoint and the Teams channel', function () {
    expect(bicepText).to.match(/^resource bot 'Microsoft\.BotService\/botServices@/m);
    const bot = entries(blockAt(resource('bot'), resource('bot').indexOf('properties:')));
    expect(bot.get('msaAppType')).to.equal("'UserAssignedMSI'");
    expect(bot.get('msaAppId')).to.equal(settings.get('MicrosoftAppId'));
    expect(bot.get('msaAppTenantId')).to.equal(settings.get('MicrosoftAppTenantId'));
    expect(bot.get('msaAppMSIResourceId')).to.equal('identity.id');
    expect(bot.get('endpoint')).to.match(/^'https:\/\/.*\/api\/messages'$/);
    expect(resource('teamsChannel')).to.include("channelName: 'MsTeamsChannel'");
  });

  it('creates the state container, Key Vault, monitoring and the registry the app uses', function () {
    for (const type of [
      'Microsoft.ManagedIdentity/userAssignedIdentities',
      'Microsoft.Storage/storageAccounts/blobServices/containers',
      'Microsoft.KeyVault/vaults',
      'Microsoft.KeyVault/vaults/secrets',
      'Microsoft.OperationalInsights/workspaces',
      'Microsoft.Insights/components',
      'Microsoft.Insights/diagnosticSettings',
      'Microsoft.ContainerRegistry/registries',
      'Microsoft.Web/serverfarms',
      'Microsoft.Web/sites',
    ]) {
      expect(bicepText, type).to.include(`'${type}@`);
    }
    expect(settings.get('AZURE_STORAGE_CONTAINER')).to.equal('stateContainer.name');
  });

  it('the example parameters name only parameters the template declares', function () {
    const declared = new Set([...bicepText.matchAll(/^param (\w+) /gm)].map((m) => m[1]));
    const example = JSON.parse(read('deploy/azure/main.parameters.example.json')) as {
      parameters: Record<string, { value: unknown }>;
    };
    for (const name of Object.keys(example.parameters)) expect(declared, name).to.include(name);
    expect(example.parameters.instanceCount?.value).to.be.at.least(2);
  });

  if (bicep) {
    it('compiles with the Bicep CLI', function () {
      this.timeout(120_000);
      const file = 'deploy/azure/main.bicep';
      // `bicep build <file>`; `az bicep build --file <file>`
      const [cmd = 'bicep', ...prefix] = bicep;
      const args = cmd === 'az' ? ['build', '--file', file] : ['build', file];
      const result = spawnSync(cmd, [...prefix, ...args, '--stdout'], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(result.status, result.stderr).to.equal(0);
      expect(result.stdout).to.include('Microsoft.BotService/botServices');
    });
  }
});
