/**
 * The packaged Teams manifest against Microsoft's own JSON schema for its manifestVersion, as
 * shipped in the npm package @microsoft/app-manifest (read from node_modules, no network).
 * The schemas are JSON Schema draft-04, so they are compiled with ajv-draft-04 (Ajv 8 for
 * draft-04) and ajv-formats (the schema uses `format: uri`).
 */
import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';
import { buildTeamsPackage } from '../../deploy/teams/package.js';

const require = createRequire(import.meta.url);

const goodEnv = {
  MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
  TEAMS_APP_ID: '66666666-7777-4888-9999-aaaaaaaaaaaa',
  BOT_DOMAIN: 'fagstotte.example.no',
  DEVELOPER_WEBSITE_URL: 'https://fagstotte.example.no',
  PRIVACY_URL: 'https://fagstotte.example.no/personvern',
  TERMS_URL: 'https://fagstotte.example.no/vilkar',
  APP_VERSION: '1.2.3',
};

type Json = Record<string, unknown>;

/** The path of MicrosoftTeams.schema.json for a manifestVersion such as "1.30" in the package. */
function schemaPath(manifestVersion: string): string {
  const packageDir = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  return path.join(
    packageDir,
    'build',
    'json-schemas',
    'teams',
    `v${manifestVersion}`,
    'MicrosoftTeams.schema.json',
  );
}

async function compileSchema(manifestVersion: string): Promise<ValidateFunction> {
  const file = schemaPath(manifestVersion);
  let schema: Json;
  try {
    schema = JSON.parse(await readFile(file, 'utf8')) as Json;
  } catch (err) {
    throw new Error(
      `@microsoft/app-manifest has no schema for manifestVersion ${manifestVersion} (${file}): ` +
        'update the package or use a manifestVersion it ships',
      { cause: err },
    );
  }
  expect(schema.$schema).to.equal('http://json-schema.org/draft-04/schema#');
  // CommonJS packages: under NodeNext the default import is module.exports, typed as the module.
  // strictTypes off: Microsoft's schema leaves out `type` beside some keywords (Ajv would only log
  // it); strictSchema stays on, so an unknown keyword in the schema still fails the compile.
  const ajv = new AjvDraft04.default({ allErrors: true, strictTypes: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

/** "path: message" for each error, with the JSON Pointer of the failing value (root = "/"). */
function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);
}

describe('Teams app manifest against the official JSON schema', function () {
  let tmp: string;
  let manifest: Json;
  let validate: ValidateFunction;

  before(async function () {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'fagstotte-teams-schema-'));
    const result = await buildTeamsPackage(goodEnv, {
      outFile: path.join(tmp, 'fagstotte-teams.zip'),
    });
    const zip = await JSZip.loadAsync(await readFile(result.outFile));
    manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as Json;
    expect(manifest.manifestVersion).to.be.a('string');
    validate = await compileSchema(manifest.manifestVersion as string);
  });

  after(async function () {
    await rm(tmp, { recursive: true, force: true });
  });

  it('uses the schema version of its $schema URL', function () {
    expect(manifest.$schema).to.equal(
      `https://developer.microsoft.com/json-schemas/teams/v${String(manifest.manifestVersion)}/MicrosoftTeams.schema.json`,
    );
  });

  it('validates the packaged manifest.json', function () {
    const valid = validate(manifest);
    expect(describeErrors(validate.errors), 'schema errors').to.deep.equal([]);
    expect(valid).to.equal(true);
  });

  describe('the validator bites', function () {
    function errorsFor(edit: (m: Json) => void): string[] {
      const copy = structuredClone(manifest);
      edit(copy);
      expect(validate(copy), 'the edited manifest must be invalid').to.equal(false);
      return describeErrors(validate.errors);
    }

    interface Bot {
      commandLists: { scopes: string[]; commands: { title: string }[] }[];
    }
    const firstBot = (m: Json): Bot => (m.bots as Bot[])[0]!;

    it('rejects a command title longer than the schema allows, naming its path', function () {
      const errors = errorsFor((m) => {
        firstBot(m).commandLists[1]!.commands[3]!.title = 'x'.repeat(129);
      });
      expect(errors).to.deep.equal([
        '/bots/0/commandLists/1/commands/3/title: must NOT have more than 128 characters',
      ]);
    });

    it('rejects a manifest without a required field, naming it', function () {
      const errors = errorsFor((m) => {
        delete m.developer;
      });
      expect(errors).to.deep.equal(["/: must have required property 'developer'"]);
    });

    it('rejects an unknown command-list scope and an unknown property', function () {
      const errors = errorsFor((m) => {
        firstBot(m).commandLists[2]!.scopes = ['channel'];
        (firstBot(m) as unknown as Json).commandList = [];
      });
      expect(errors).to.include(
        '/bots/0/commandLists/2/scopes/0: must be equal to one of the allowed values',
      );
      expect(errors).to.include('/bots/0: must NOT have additional properties');
    });

    it('rejects a botId that is not a GUID', function () {
      const errors = errorsFor((m) => {
        (firstBot(m) as unknown as Json).botId = 'not-a-guid';
      });
      expect(errors.join('\n')).to.match(/^\/bots\/0\/botId: must match pattern/m);
    });
  });
});
