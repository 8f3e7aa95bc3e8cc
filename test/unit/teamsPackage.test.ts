import { expect } from 'chai';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { buildTeamsPackage, pngSize, TeamsPackageError } from '../../deploy/teams/package.js';
import { loadTexts } from '../../src/presentation/texts.js';

const BOT_ID = '11111111-2222-3333-4444-555555555555';
const TEAMS_APP_ID = '66666666-7777-4888-9999-aaaaaaaaaaaa';
const teamsDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'deploy',
  'teams',
);

const goodEnv = {
  MicrosoftAppId: BOT_ID,
  TEAMS_APP_ID,
  BOT_DOMAIN: 'fagstotte.example.no',
  DEVELOPER_WEBSITE_URL: 'https://fagstotte.example.no',
  PRIVACY_URL: 'https://fagstotte.example.no/personvern',
  TERMS_URL: 'https://fagstotte.example.no/vilkar',
  APP_VERSION: '1.2.3',
};

interface Manifest {
  $schema: string;
  manifestVersion: string;
  version: string;
  id: string;
  localizationInfo?: { defaultLanguageTag: string };
  developer: Record<string, string>;
  name: { short: string; full: string };
  description: { short: string; full: string };
  icons: { color: string; outline: string };
  bots: {
    botId: string;
    scopes: string[];
    supportsFiles: boolean;
    isNotificationOnly: boolean;
    commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[];
  }[];
  validDomains: string[];
}

function without(env: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([key]) => key !== name));
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Error) return err;
    throw err;
  }
  throw new Error('expected the build to fail');
}

describe('Teams app package', function () {
  let tmp: string;

  before(async function () {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'fagstotte-teams-'));
  });

  after(async function () {
    await rm(tmp, { recursive: true, force: true });
  });

  const outFile = (name: string): string => path.join(tmp, name, 'fagstotte-teams.zip');

  describe('with a complete environment', function () {
    let zip: JSZip;
    let manifest: Manifest;
    let returned: unknown;
    let written: string;

    before(async function () {
      const result = await buildTeamsPackage(goodEnv, { outFile: outFile('good') });
      written = result.outFile;
      returned = result.manifest;
      zip = await JSZip.loadAsync(await readFile(result.outFile));
      manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as Manifest;
    });

    it('writes the zip where asked, with manifest.json and both icons at the root', function () {
      expect(written).to.equal(outFile('good'));
      const names = Object.values(zip.files)
        .filter((f) => !f.dir)
        .map((f) => f.name)
        .sort();
      expect(names).to.deep.equal(['color.png', 'manifest.json', 'outline.png']);
    });

    it('fills the app id, bot id, version, domain and developer URLs', function () {
      expect(manifest.id).to.equal(TEAMS_APP_ID);
      expect(manifest.bots[0]!.botId).to.equal(BOT_ID);
      expect(manifest.version).to.equal('1.2.3');
      expect(manifest.validDomains).to.deep.equal(['fagstotte.example.no']);
      expect(manifest.developer.websiteUrl).to.equal('https://fagstotte.example.no');
      expect(manifest.developer.privacyUrl).to.equal('https://fagstotte.example.no/personvern');
      expect(manifest.developer.termsOfUseUrl).to.equal('https://fagstotte.example.no/vilkar');
      expect(manifest.developer.name).to.be.a('string').and.have.length.within(1, 32);
    });

    it('leaves no ${{…}} placeholder behind and returns the manifest it zipped', function () {
      expect(JSON.stringify(manifest)).not.to.include('${{');
      expect(returned).to.deep.equal(manifest);
    });

    it('uses the v1.30 app manifest schema in Norwegian (nb-NO)', function () {
      expect(manifest.$schema).to.equal(
        'https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json',
      );
      expect(manifest.manifestVersion).to.equal('1.30');
      expect(manifest.localizationInfo?.defaultLanguageTag).to.equal('nb-NO');
    });

    it('names and describes the app within the Teams limits and warns against patient data', function () {
      expect(manifest.name.short).to.equal('Fagstøtte');
      expect(manifest.name.full).to.equal('Fagstøtte – rutiner for PHV og TSB');
      expect(manifest.description.short.length).to.be.at.most(80);
      expect(manifest.description.full.length).to.be.at.most(4000);
      expect(manifest.description.full).to.include('AUDIT-C');
      expect(manifest.description.full).to.include('barn som pårørende');
      expect(manifest.description.full).to.include('selvmord og selvskading');
      expect(manifest.description.full).to.match(/identifisere en pasient/);
    });

    it('declares one conversational bot and one command list per scope: global, flow and tilsyn commands', function () {
      expect(manifest.bots).to.have.length(1);
      const bot = manifest.bots[0]!;
      expect(bot.scopes).to.have.members(['personal', 'team', 'groupChat']);
      expect(bot.supportsFiles).to.equal(false);
      expect(bot.isNotificationOnly).to.equal(false);
      const scopes = bot.commandLists.flatMap((list) => list.scopes);
      expect(scopes).to.have.members(['personal', 'team', 'groupChat']);
      const global = ['meny', 'hjelp', 'avbryt'];
      // In a personal chat the menu entries are commands too (the title starts the flow), plus the
      // sender's own tilsyn requests; in a team channel the TSB team registers its inbox and lists
      // the open requests; in a group chat only the global commands.
      const expected: Record<string, string[]> = {
        personal: [...global, ...loadTexts().menu.map((e) => e.title), 'mine forespørsler'],
        team: [...global, 'registrer tilsynsteam', 'åpne forespørsler'],
        groupChat: global,
      };
      for (const list of bot.commandLists) {
        expect(list.scopes).to.have.length(1);
        const titles = list.commands.map((c) => c.title);
        expect(titles).to.deep.equal(expected[list.scopes[0]!]);
        // The classic Teams limits (10 commands, 32-character titles, 128-character descriptions):
        // stricter than the v1.30 JSON schema (12, 128, 4000), which teamsManifestSchema.test.ts checks.
        expect(list.commands.length).to.be.at.most(10);
        for (const command of list.commands) {
          expect(command.title.length).to.be.at.most(32);
          expect(command.description.length).to.be.within(1, 128);
        }
      }
    });

    it('packs a 192×192 colour icon and a 32×32 outline icon', async function () {
      const color = await zip.file(manifest.icons.color)!.async('uint8array');
      const outline = await zip.file(manifest.icons.outline)!.async('uint8array');
      expect(pngSize(color)).to.deep.equal({ width: 192, height: 192 });
      expect(pngSize(outline)).to.deep.equal({ width: 32, height: 32 });
    });

    it('produces the same bytes when built twice from the same input', async function () {
      const again = await buildTeamsPackage(goodEnv, { outFile: outFile('again') });
      expect(Buffer.compare(await readFile(again.outFile), await readFile(written))).to.equal(0);
    });
  });

  describe('defaults', function () {
    it('uses the bot id as app id, PUBLIC_BASE_URL for domain and website, package.json version', async function () {
      const pkg = JSON.parse(
        await readFile(path.join(teamsDir, '..', '..', 'package.json'), 'utf8'),
      ) as { version: string };
      const { manifest } = await buildTeamsPackage(
        {
          MicrosoftAppId: BOT_ID,
          PUBLIC_BASE_URL: 'https://bot.example.no',
          PRIVACY_URL: 'https://bot.example.no/personvern',
          TERMS_URL: 'https://bot.example.no/vilkar',
        },
        { outFile: outFile('defaults') },
      );
      const m = manifest as Manifest;
      expect(m.id).to.equal(BOT_ID);
      expect(m.bots[0]!.botId).to.equal(BOT_ID);
      expect(m.validDomains).to.deep.equal(['bot.example.no']);
      expect(m.developer.websiteUrl).to.equal('https://bot.example.no');
      expect(m.version).to.equal(pkg.version);
    });
  });

  describe('invalid environment', function () {
    it('rejects a missing MicrosoftAppId, naming it', async function () {
      const err = await rejection(
        buildTeamsPackage(without(goodEnv, 'MicrosoftAppId'), { outFile: outFile('missing') }),
      );
      expect(err).to.be.instanceOf(TeamsPackageError);
      expect(err.message).to.match(/MicrosoftAppId: is required/);
      // TEAMS_APP_ID defaults to MicrosoftAppId, so it is not reported a second time.
      expect(err.message).not.to.include('TEAMS_APP_ID');
    });

    it('treats an empty MicrosoftAppId as missing', async function () {
      const err = await rejection(
        buildTeamsPackage({ ...goodEnv, MicrosoftAppId: '  ' }, { outFile: outFile('empty') }),
      );
      expect(err.message).to.include('MicrosoftAppId');
    });

    it('rejects a MicrosoftAppId that is not a GUID, naming it', async function () {
      const err = await rejection(
        buildTeamsPackage({ ...goodEnv, MicrosoftAppId: 'not-a-guid' }, { outFile: outFile('g1') }),
      );
      expect(err.message).to.match(/MicrosoftAppId: must be a GUID/);
      expect(err.message).not.to.include('TEAMS_APP_ID');
    });

    it('rejects a TEAMS_APP_ID that is not a GUID, naming it', async function () {
      const err = await rejection(
        buildTeamsPackage({ ...goodEnv, TEAMS_APP_ID: '1234' }, { outFile: outFile('g2') }),
      );
      expect(err.message).to.match(/TEAMS_APP_ID: must be a GUID/);
    });

    it('rejects an http (not https) URL', async function () {
      const err = await rejection(
        buildTeamsPackage(
          { ...goodEnv, PRIVACY_URL: 'http://fagstotte.example.no/personvern' },
          { outFile: outFile('http') },
        ),
      );
      expect(err.message).to.match(/PRIVACY_URL: must be an https:\/\/ URL/);
    });

    it('says when an http URL came from PUBLIC_BASE_URL', async function () {
      const err = await rejection(
        buildTeamsPackage(
          {
            ...without(goodEnv, 'DEVELOPER_WEBSITE_URL'),
            PUBLIC_BASE_URL: 'http://fagstotte.example.no',
          },
          { outFile: outFile('http2') },
        ),
      );
      expect(err.message).to.include('DEVELOPER_WEBSITE_URL (taken from PUBLIC_BASE_URL)');
    });

    it('rejects a BOT_DOMAIN with a scheme', async function () {
      const err = await rejection(
        buildTeamsPackage(
          { ...goodEnv, BOT_DOMAIN: 'https://fagstotte.example.no' },
          { outFile: outFile('domain') },
        ),
      );
      expect(err.message).to.match(/BOT_DOMAIN: must be a host name without scheme/);
    });

    it('rejects an APP_VERSION that is not MAJOR.MINOR.PATCH', async function () {
      const err = await rejection(
        buildTeamsPackage({ ...goodEnv, APP_VERSION: '1.0' }, { outFile: outFile('version') }),
      );
      expect(err.message).to.include('APP_VERSION');
    });

    it('lists every problem at once', async function () {
      const err = await rejection(buildTeamsPackage({}, { outFile: outFile('none') }));
      for (const name of ['MicrosoftAppId', 'BOT_DOMAIN', 'PRIVACY_URL', 'TERMS_URL']) {
        expect(err.message).to.include(name);
      }
    });
  });

  describe('manifest and icon checks', function () {
    async function manifestDir(name: string, edit: (manifest: string) => string): Promise<string> {
      const dir = path.join(tmp, name);
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      const template = await readFile(path.join(teamsDir, 'manifest.json'), 'utf8');
      await writeFile(path.join(dir, 'manifest.json'), edit(template));
      await copyFile(path.join(teamsDir, 'color.png'), path.join(dir, 'color.png'));
      await copyFile(path.join(teamsDir, 'outline.png'), path.join(dir, 'outline.png'));
      return dir;
    }

    it('names a placeholder that nothing fills', async function () {
      const dir = await manifestDir('leftover', (m) =>
        m.replace('${{DEVELOPER_NAME}}', '${{NOT_SET_ANYWHERE}}'),
      );
      const err = await rejection(
        buildTeamsPackage(goodEnv, { manifestDir: dir, outFile: outFile('leftover') }),
      );
      expect(err.message).to.include('${{NOT_SET_ANYWHERE}}');
      expect(err.message).to.include('set NOT_SET_ANYWHERE');
    });

    it('fills any other placeholder straight from the environment', async function () {
      const dir = await manifestDir('extra', (m) =>
        m.replace('${{DEVELOPER_NAME}}', '${{HOSPITAL_NAME}}'),
      );
      const { manifest } = await buildTeamsPackage(
        { ...goodEnv, HOSPITAL_NAME: 'Helse Eksempel HF' },
        { manifestDir: dir, outFile: outFile('extra') },
      );
      expect((manifest as Manifest).developer.name).to.equal('Helse Eksempel HF');
    });

    it('rejects a malformed placeholder', async function () {
      const dir = await manifestDir('malformed', (m) =>
        m.replace('${{DEVELOPER_NAME}}', '${{ developer-name }}'),
      );
      const err = await rejection(
        buildTeamsPackage(goodEnv, { manifestDir: dir, outFile: outFile('malformed') }),
      );
      expect(err.message).to.include('malformed placeholder');
    });

    it('checks the filled manifest against the Teams limits', async function () {
      const dir = await manifestDir('limits', (m) =>
        m.replace('"short": "Fagstøtte"', `"short": "${'x'.repeat(31)}"`),
      );
      const err = await rejection(
        buildTeamsPackage(goodEnv, { manifestDir: dir, outFile: outFile('limits') }),
      );
      expect(err.message).to.include('name.short');
    });

    it('rejects an icon of the wrong size', async function () {
      const dir = await manifestDir('icons', (m) => m);
      await copyFile(path.join(teamsDir, 'outline.png'), path.join(dir, 'color.png'));
      const err = await rejection(
        buildTeamsPackage(goodEnv, { manifestDir: dir, outFile: outFile('icons') }),
      );
      expect(err.message).to.match(/icons\.color: .*32×32.*192×192/);
    });
  });
});
