/**
 * Builds the Microsoft Teams app package: deploy/teams/manifest.json with its `${{NAME}}`
 * placeholders filled from the environment, plus color.png and outline.png, zipped at the root.
 *
 *   npm run teams:package   → reads .env, writes dist/teams/fagstotte-teams.zip
 *
 * `buildTeamsPackage(env)` never reads process.env itself, so tests pass their own env.
 * Every problem (missing or invalid variable, leftover placeholder, wrong icon size) throws a
 * TeamsPackageError whose message names the variable or field.
 */
import { realpathSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import dotenv from 'dotenv';
import JSZip from 'jszip';
import { z } from 'zod';

const moduleDir = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(moduleDir, '..', '..');

export const DEFAULT_OUT_FILE = path.join(projectRoot, 'dist', 'teams', 'fagstotte-teams.zip');

/** Icon sizes required by Teams: a full-colour 192×192 icon and a white-on-transparent 32×32 one. */
export const ICON_SIZES = { color: 192, outline: 32 } as const;

/** Fixed timestamp for the zip entries, so the same input gives byte-identical packages. */
const ZIP_DATE = new Date(Date.UTC(2020, 0, 1));

export class TeamsPackageError extends Error {
  override name = 'TeamsPackageError';
}

export interface BuildTeamsPackageOptions {
  /** Folder holding manifest.json and the icons. Default: this file's folder (deploy/teams). */
  manifestDir?: string;
  /** Where to write the zip; relative paths resolve against the working directory. */
  outFile?: string;
}

export interface TeamsPackageResult {
  outFile: string;
  manifest: unknown;
}

// ---------------------------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------------------------

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** MAJOR.MINOR.PATCH only, like the schema's own semver definition (no pre-release suffix). */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const HOSTNAME =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}

/** A non-empty string; when missing, the message says what it is and where a default comes from. */
const required = (what: string, defaultHint?: string) =>
  z.string({
    error: (issue) =>
      issue.input === undefined
        ? `is required (${what}${defaultHint === undefined ? '' : `; ${defaultHint}`})`
        : undefined,
  });

const guid = (what: string, defaultHint?: string) =>
  required(`${what}, a GUID`, defaultHint).regex(GUID, `must be a GUID (${what})`);

const httpsUrl = (what: string, defaultHint?: string) =>
  required(`${what}, an https:// URL`, defaultHint)
    .max(2048, 'must be at most 2048 characters')
    .refine(isHttpsUrl, { error: `must be an https:// URL (${what})` });

const packageEnvSchema = z.object({
  MicrosoftAppId: guid('the Azure Bot app registration id'),
  TEAMS_APP_ID: guid('the Teams app id', 'defaults to MicrosoftAppId'),
  BOT_DOMAIN: required(
    'the bot host name, e.g. fagstotte.example.no',
    'defaults to the host of PUBLIC_BASE_URL',
  )
    .refine((v) => !v.includes('://'), {
      error: 'must be a host name without scheme, e.g. fagstotte.example.no (not a URL)',
    })
    .refine((v) => HOSTNAME.test(v), {
      error: 'must be a host name such as fagstotte.example.no (no scheme, port or path)',
    }),
  DEVELOPER_NAME: required('the publisher name shown in Teams').max(
    32,
    'must be at most 32 characters',
  ),
  DEVELOPER_WEBSITE_URL: httpsUrl('the support/website page', 'defaults to PUBLIC_BASE_URL'),
  PRIVACY_URL: httpsUrl('the privacy statement'),
  TERMS_URL: httpsUrl('the terms of use'),
  APP_VERSION: required('the app version, MAJOR.MINOR.PATCH', 'defaults to package.json').regex(
    SEMVER,
    'must be a version MAJOR.MINOR.PATCH such as 1.0.0 (no pre-release suffix)',
  ),
});

export type TeamsPackageEnv = z.infer<typeof packageEnvSchema>;

function clean(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

async function packageVersion(): Promise<string | undefined> {
  try {
    const pkg: unknown = JSON.parse(await readFile(path.join(projectRoot, 'package.json'), 'utf8'));
    if (pkg !== null && typeof pkg === 'object' && 'version' in pkg) {
      return typeof pkg.version === 'string' ? pkg.version : undefined;
    }
  } catch {
    // No readable package.json: APP_VERSION then has to be set explicitly.
  }
  return undefined;
}

function hostOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Validates the variables the manifest needs. Defaults: TEAMS_APP_ID ← MicrosoftAppId (the Teams
 * docs allow the bot id to be the app id), BOT_DOMAIN ← host of PUBLIC_BASE_URL,
 * DEVELOPER_WEBSITE_URL ← PUBLIC_BASE_URL, DEVELOPER_NAME ← "Fagstøtte", APP_VERSION ←
 * package.json version.
 */
export async function resolvePackageEnv(
  env: Record<string, string | undefined>,
): Promise<TeamsPackageEnv> {
  const input: Record<string, string | undefined> = {};
  /** Where a defaulted value came from (for messages), and which variable it depends on. */
  const takenFrom: Record<string, string> = {};
  const dependsOn: Record<string, string> = {};
  for (const key of Object.keys(packageEnvSchema.shape)) input[key] = clean(env[key]);

  const fallback = (key: string, from: string, value: string | undefined, label = from): void => {
    if (input[key] !== undefined) return;
    dependsOn[key] = from;
    if (value !== undefined) {
      input[key] = value;
      takenFrom[key] = label;
    }
  };
  const publicBaseUrl = clean(env.PUBLIC_BASE_URL);
  fallback('TEAMS_APP_ID', 'MicrosoftAppId', input.MicrosoftAppId);
  fallback('BOT_DOMAIN', 'PUBLIC_BASE_URL', hostOf(publicBaseUrl), 'the host of PUBLIC_BASE_URL');
  fallback('DEVELOPER_WEBSITE_URL', 'PUBLIC_BASE_URL', publicBaseUrl);
  fallback('DEVELOPER_NAME', 'default', 'Fagstøtte', 'the default');
  fallback('APP_VERSION', 'package.json', await packageVersion(), 'the package.json version');

  const parsed = packageEnvSchema.safeParse(input);
  if (parsed.success) return parsed.data;

  const failing = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
  const lines = parsed.error.issues
    // A defaulted value that failed only because the variable it defaults to failed adds nothing.
    .filter((issue) => {
      const source = dependsOn[String(issue.path[0])];
      return source === undefined || !failing.has(source);
    })
    .map((issue) => {
      const key = String(issue.path[0]);
      const from = takenFrom[key];
      return `  - ${from === undefined ? key : `${key} (taken from ${from})`}: ${issue.message}`;
    });
  throw new TeamsPackageError(
    `Cannot build the Teams package, check these environment variables (or .env):\n${lines.join('\n')}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Manifest
// ---------------------------------------------------------------------------------------------

/** Replaces `${{NAME}}` in every string of the parsed manifest; unknown names are collected. */
function fillPlaceholders(
  value: unknown,
  lookup: (name: string) => string | undefined,
  unresolved: Set<string>,
): unknown {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (whole, name: string) => {
      const replacement = lookup(name);
      if (replacement === undefined) {
        unresolved.add(name);
        return whole;
      }
      return replacement;
    });
  }
  if (Array.isArray(value)) return value.map((item) => fillPlaceholders(item, lookup, unresolved));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, fillPlaceholders(item, lookup, unresolved)]),
    );
  }
  return value;
}

const https = z.string().refine(isHttpsUrl, { error: 'must be an https:// URL' });
const iconPath = z
  .string()
  .regex(/^[A-Za-z0-9._-]+\.png$/, 'must be a .png file name at the package root');

/** The fields Teams insists on (app manifest v1.30), checked after the placeholders are filled. */
const filledManifestSchema = z
  .looseObject({
    $schema: z
      .string()
      .regex(
        /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}-[a-z]{2}\/)?json-schemas\/teams\/v\d+\.\d+\/MicrosoftTeams\.schema\.json$/,
        'must be the https://developer.microsoft.com/json-schemas/teams/v1.x/… schema URL',
      ),
    manifestVersion: z.string().regex(/^\d+\.\d+$/, 'must be a version such as 1.30'),
    version: z.string().regex(SEMVER, 'must be MAJOR.MINOR.PATCH'),
    id: z.string().regex(GUID, 'must be a GUID'),
    developer: z.looseObject({
      name: z.string().min(1).max(32),
      websiteUrl: https,
      privacyUrl: https,
      termsOfUseUrl: https,
    }),
    name: z.looseObject({ short: z.string().min(1).max(30), full: z.string().max(100).optional() }),
    description: z.looseObject({
      short: z.string().min(1).max(80),
      full: z.string().min(1).max(4000),
    }),
    icons: z.looseObject({ color: iconPath, outline: iconPath }),
    accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #00796B'),
    bots: z
      .array(
        z.looseObject({
          botId: z.string().regex(GUID, 'must be a GUID'),
          scopes: z.array(z.enum(['personal', 'team', 'groupChat', 'copilot'])).min(1),
        }),
      )
      .length(1, 'must hold exactly one bot'),
    validDomains: z
      .array(z.string().regex(HOSTNAME, 'must be a host name without scheme, port or path'))
      .optional(),
  })
  .superRefine((m, ctx) => {
    const schemaVersion = /\/v(\d+\.\d+)\//.exec(m.$schema)?.[1];
    if (schemaVersion !== m.manifestVersion) {
      ctx.addIssue({
        code: 'custom',
        path: ['manifestVersion'],
        message: `must match the $schema URL version (${schemaVersion ?? '?'})`,
      });
    }
    if (m.name.full !== undefined && m.name.full === m.name.short) {
      ctx.addIssue({
        code: 'custom',
        path: ['name', 'full'],
        message: 'must differ from name.short',
      });
    }
    if (m.description.full === m.description.short) {
      ctx.addIssue({
        code: 'custom',
        path: ['description', 'full'],
        message: 'must differ from description.short',
      });
    }
  });

type FilledManifest = z.infer<typeof filledManifestSchema>;

/** Width and height from a PNG's IHDR chunk, or undefined when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunkType = String.fromCharCode(...bytes.subarray(12, 16));
  if (chunkType !== 'IHDR') return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function checkManifest(manifest: unknown): FilledManifest {
  const parsed = filledManifestSchema.safeParse(manifest);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map(
    (issue) => `  - ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`,
  );
  throw new TeamsPackageError(`The filled manifest.json is not valid:\n${lines.join('\n')}`);
}

async function readIcon(
  manifestDir: string,
  file: string,
  kind: keyof typeof ICON_SIZES,
): Promise<Buffer> {
  const full = path.join(manifestDir, file);
  let bytes: Buffer;
  try {
    bytes = await readFile(full);
  } catch {
    throw new TeamsPackageError(`icons.${kind}: ${full} cannot be read`);
  }
  const size = pngSize(bytes);
  const want = ICON_SIZES[kind];
  if (size === undefined) throw new TeamsPackageError(`icons.${kind}: ${file} is not a PNG file`);
  if (size.width !== want || size.height !== want) {
    throw new TeamsPackageError(
      `icons.${kind}: ${file} is ${size.width}×${size.height} pixels; Teams requires ${want}×${want}`,
    );
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Package
// ---------------------------------------------------------------------------------------------

export async function buildTeamsPackage(
  env: Record<string, string | undefined>,
  options: BuildTeamsPackageOptions = {},
): Promise<TeamsPackageResult> {
  const manifestDir = path.resolve(options.manifestDir ?? moduleDir);
  const outFile = path.resolve(options.outFile ?? DEFAULT_OUT_FILE);

  const manifestPath = path.join(manifestDir, 'manifest.json');
  let template: unknown;
  try {
    template = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (err) {
    throw new TeamsPackageError(
      `Cannot read ${manifestPath}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }

  // Validated values first; any other placeholder a future manifest adds is taken from env as is.
  const values: Record<string, string> = await resolvePackageEnv(env);
  const unresolved = new Set<string>();
  const filled = fillPlaceholders(
    template,
    (name) => (Object.hasOwn(values, name) ? values[name] : clean(env[name])),
    unresolved,
  );
  if (unresolved.size > 0) {
    const names = [...unresolved];
    throw new TeamsPackageError(
      `manifest.json still contains ${names.map((n) => `\${{${n}}}`).join(', ')}: ` +
        `set ${names.join(', ')} in the environment or .env`,
    );
  }
  if (JSON.stringify(filled).includes('${{')) {
    throw new TeamsPackageError(
      'manifest.json contains a malformed placeholder: write it as ${{NAME}} (letters, digits, _)',
    );
  }

  const manifest = checkManifest(filled);
  const color = await readIcon(manifestDir, manifest.icons.color, 'color');
  const outline = await readIcon(manifestDir, manifest.icons.outline, 'outline');

  const zip = new JSZip();
  const entry = { date: ZIP_DATE };
  zip.file('manifest.json', `${JSON.stringify(filled, null, 2)}\n`, entry);
  zip.file(manifest.icons.color, color, entry);
  zip.file(manifest.icons.outline, outline, entry);
  const bytes = await zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
  });

  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, bytes);
  return { outFile, manifest: filled };
}

// ---------------------------------------------------------------------------------------------
// Script entry: npm run teams:package
// ---------------------------------------------------------------------------------------------

function isRunAsScript(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  try {
    const { outFile } = await buildTeamsPackage(process.env);
    console.log(`Teams app package written to ${outFile}`);
    console.log(
      'Upload it in Teams: Apps → Manage your apps → Upload an app (see deploy/teams/README.md).',
    );
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  }
}

if (isRunAsScript()) void main();
