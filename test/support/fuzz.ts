/**
 * Seeded fuzzing of the HTTP server (issue 13: "No request can take Fagstøtte down or make it
 * repeat a fødselsnummer"). Shared by the CI test (test/fuzz/fuzz.test.ts: a few thousand requests
 * against the in-process test server) and the long run (bench/fuzz.ts, `npm run fuzz`: 10,000+
 * requests per category against the real server in a child process).
 *
 * Generation is fast-check with a fixed seed. `generateCases(category, options, seed, from, count)`
 * cuts the endless stream of a category into chunks of CHUNK cases, each sampled with a seed
 * derived from (seed, category, chunk), so the case at any index is the same for the same seed
 * whatever the run's size: a failure names the seed, the category and the index, and
 * `generateCases(category, options, seed, index, 1)` rebuilds that one request.
 *
 * Four categories:
 * - `messages`: Bot Framework activities to POST /api/messages (authentication is off): every
 *   activity type and garbage types, text with fødselsnumre in many formats, deep `value`s, bodies
 *   near the size limit, wrong field types, missing fields, unicode and NUL. Mostly
 *   `deliveryMode: expectReplies` (no outbound call); otherwise serviceUrl is 127.0.0.1:9.
 * - `directline`: the embedded Direct Line 3.0 routes, against a pool of conversations created
 *   up front (own, other and tampered tokens, unknown ids, random watermarks).
 * - `api`: the JSON API under /api/v1 (search, item, list, responsibility, AUDIT-C, safety check),
 *   health and the Web Chat routes, with random query strings and bodies.
 * - `raw`: HTTP oddities with fetch (content types, Content-Encoding, malformed JSON, empty bodies,
 *   wrong methods, URLs up to ~8 KB, numbers in paths and queries) and over raw TCP sockets
 *   (broken request lines and headers, bad chunking, wrong Content-Length, pipelining, HTTP/2 and
 *   TLS prefaces).
 *
 * Where the answer is certain from the request alone (a body over MAX_BODY_BYTES is 413, a
 * Content-Encoding is 415, JSON nested deeper than MAX_JSON_DEPTH is 400, an activity the envelope
 * schema accepts is 200, an unknown conversation is 404 …) the case carries `expect`. 429 (rate
 * limits, a full Direct Line turn queue) is always an acceptable answer.
 *
 * Every valid fødselsnummer / D-nummer the generators put anywhere in a request (found with the
 * same guard the server uses, so exactly the numbers the server must mask) is registered; no
 * response body, stored Direct Line activity or log line may contain one.
 */
import fc from 'fast-check';
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import { auditcInputSchema } from '../../src/domain/auditc/score.js';
import { areas } from '../../src/domain/knowledge/schema.js';
import { factsSchema } from '../../src/domain/responsibility/facts.js';
import {
  containsPatientId,
  findPatientIds,
  maskPatientIds,
} from '../../src/domain/safety/patientId.js';
import { MAX_SAFETY_TEXT } from '../../src/http/api.js';
import { postedActivitySchema } from '../../src/http/directline/routes.js';
import { jsonDepth } from '../../src/http/limits.js';
import { activityEnvelopeSchema } from '../../src/http/messages.js';
import { withControlDigits } from './fnr.js';

// ---------------------------------------------------------------------------------------------
// Types

export type Category = 'messages' | 'directline' | 'api' | 'raw';
export const CATEGORIES: readonly Category[] = ['messages', 'directline', 'api', 'raw'];

export const CATEGORY_LABELS: Record<Category, string> = {
  messages: 'POST /api/messages',
  directline: 'Direct Line /v3/directline',
  api: 'JSON API /api/v1, health, Web Chat',
  raw: 'raw HTTP oddities',
};

/** The seed of the CI run (and the default of the long run). */
export const DEFAULT_FUZZ_SEED = 13132026;

/** Cases per generation chunk (fixed: a case's index names it whatever the run's size). */
export const CHUNK = 250;

/** The server's request limits the generators aim at (the defaults of MAX_BODY_BYTES etc.). */
export interface FuzzLimits {
  readonly maxBodyBytes: number;
  readonly maxJsonDepth: number;
}

export const DEFAULT_LIMITS: FuzzLimits = { maxBodyBytes: 256 * 1024, maxJsonDepth: 64 };

export interface FuzzOptions {
  readonly limits: FuzzLimits;
  /** Direct Line conversations created up front and fuzzed (≥ 2). */
  readonly dlPool: number;
  /** Conversation ids used on /api/messages (a bounded set, so storage stays bounded). */
  readonly messageConversations: number;
  /** Knowledge item ids that exist (GET /api/v1/knowledge/:id answers 200 for them). */
  readonly knownIds: readonly string[];
}

/** Which credential a Direct Line case sends (resolved against the pool when sent). */
export type DlAuth = 'own' | 'other' | 'tampered' | 'asIs';

/** A request as data: what the generators produce. */
export interface FuzzCase {
  readonly category: Category;
  /** What was generated, e.g. "messages/deep-value" (the unit of the violation report). */
  readonly kind: string;
  readonly method: string;
  /** Path and query; `{conv}` is replaced with the Direct Line pool conversation it targets. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array<ArrayBuffer>;
  /** Sent as bytes over a TCP socket (request line and all) instead of with fetch. */
  readonly raw?: string;
  /** The only right answers (429 is always accepted too); undefined: any answer below 500. */
  readonly expect?: readonly number[];
  /** Direct Line: pool index, whose token, which conversation the path names. */
  readonly dl?: {
    readonly conv: number;
    readonly auth: DlAuth;
    readonly target: 'own' | 'other' | 'none';
    /** A new conversation is started: falls back to the own token once the budget is used. */
    readonly creates?: boolean;
  };
  /** The server may close the connection before answering (a body over the limit). */
  readonly mayReset?: boolean;
  /** A turn that calls the unreachable serviceUrl (the connector retries: ~11-15 s). */
  readonly slow?: boolean;
}

/** A Direct Line conversation of the pool. */
export interface DlConversation {
  readonly conversationId: string;
  readonly token: string;
}

/** One HTTP answer (a raw socket can get several when requests are pipelined). */
export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export interface Outcome {
  readonly answers: readonly HttpAnswer[];
  /** No answer: the request timed out, or the connection failed (refused, reset). */
  readonly failure?: 'timeout' | 'connection' | 'client';
  readonly error?: string;
  readonly ms: number;
}

export interface Violation {
  readonly rule:
    'server-error' | 'hang' | 'connection' | 'status' | 'error-shape' | 'echo' | 'client';
  readonly detail: string;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function weighted<T>(...pairs: [number, fc.Arbitrary<T>][]): fc.Arbitrary<T> {
  return fc.oneof(...pairs.map(([weight, arbitrary]) => ({ weight, arbitrary })));
}

/** `arb`, or undefined once in `every` cases. */
function sometimesAbsent<T>(arb: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined, freq: every });
}

/** undefined, or (once in `every` cases) a value of `arb`. */
function rarely<T>(arb: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | undefined> {
  return weighted<T | undefined>([every - 1, fc.constant(undefined)], [1, arb]);
}

/** Lone surrogates replaced, so encodeURIComponent cannot throw. */
function wellFormed(s: string): string {
  return s.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
}

const enc = (s: string): string => encodeURIComponent(wellFormed(s));

const byteLength = (s: string | Uint8Array): number =>
  typeof s === 'string' ? Buffer.byteLength(s) : s.byteLength;

/** `{"k":[{"k":…}]}` `depth` levels deep around `leaf`, built without recursion. */
function nest(depth: number, leaf: Json, key = 'a'): Json {
  let v: Json = leaf;
  for (let i = 0; i < depth; i++) v = i % 3 === 2 ? [v] : { [key]: v };
  return v;
}

/** A JSON object parsed from text, so keys like `__proto__` become own properties. */
const parsedObject = (text: string): Json => JSON.parse(text) as Json;

// ---------------------------------------------------------------------------------------------
// Fødselsnumre

/** A valid number: a real birth date (D-nummer: day + 40), individnummer, either control rule. */
export const validNumberArb: fc.Arbitrary<string> = fc
  .record({
    day: fc.integer({ min: 1, max: 28 }),
    month: fc.integer({ min: 1, max: 12 }),
    year: fc.integer({ min: 0, max: 99 }),
    individual: fc.integer({ min: 0, max: 999 }),
    dnr: fc.boolean(),
    rest: fc.constantFrom<0 | 1 | 2 | 3>(0, 0, 0, 1, 2, 3),
  })
  .map(({ day, month, year, individual, dnr, rest }) => {
    const two = (n: number): string => String(n).padStart(2, '0');
    return withControlDigits(
      `${two(dnr ? day + 40 : day)}${two(month)}${two(year)}${String(individual).padStart(3, '0')}`,
      rest,
    );
  })
  .filter((n): n is string => n !== undefined && containsPatientId(n));

const TEXT_SEPARATORS = [
  ' ',
  '  ',
  '\t',
  '\n',
  '\u00A0',
  '\u202F',
  '\u200B',
  '.',
  '-',
  '/',
  ' - ',
  '–',
];

/** The number cut into groups, joined by `seps`, maybe in full-width digits. */
function writtenArb(separators: readonly string[], fullWidth: boolean): fc.Arbitrary<string> {
  return fc
    .record({
      n: validNumberArb,
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: 10 }), { maxLength: 4 }),
      seps: fc.array(fc.constantFrom(...separators), { minLength: 4, maxLength: 4 }),
      wide: fullWidth ? fc.boolean() : fc.constant(false),
    })
    .map(({ n, cuts, seps, wide }) => {
      const digits = wide
        ? [...n].map((d) => String.fromCodePoint(0xff10 + Number(d))).join('')
        : n;
      const at = [...cuts].sort((a, b) => a - b);
      let out = '';
      let from = 0;
      at.forEach((c, i) => {
        out += digits.slice(from, c) + (seps[i] ?? '');
        from = c;
      });
      return out + digits.slice(from);
    });
}

/** A number as people type it in a message. */
export const writtenNumberArb = writtenArb(TEXT_SEPARATORS, true);

/** A number as it may appear in a URL (path segment or query value), already URL-safe. */
const urlNumberArb = weighted(
  [3, validNumberArb],
  [2, writtenArb(['.', '-'], false)],
  [1, writtenArb(['%20', '%C2%A0', '.%20'], false)],
);

const NUMBER_BEFORE = ['', 'pas ', 'Pasient med fnr ', 'hei, ', '(', 'fødselsnr: ', 'søk ', '«'];
const NUMBER_AFTER = ['', ' er innlagt', ').', ', hva gjør vi?', ' – ring meg', '»'];

/**
 * A short text holding a written number. `¤` (neither a digit nor a separator) fences it off from
 * the random text around it, so the guard sees exactly the number that was planted.
 */
const numberTextArb = fc
  .record({
    before: fc.constantFrom(...NUMBER_BEFORE),
    id: writtenNumberArb,
    after: fc.constantFrom(...NUMBER_AFTER),
    noise: fc.string({ maxLength: 12 }),
  })
  .map(({ before, id, after, noise }) => `${noise} ¤ ${before}${id}${after}`);

// ---------------------------------------------------------------------------------------------
// Texts and values

const COMMANDS = [
  'hjelp',
  'meny',
  'avbryt',
  'stopp',
  'avslutt',
  '1',
  '2',
  '3',
  '4',
  '5',
  '9',
  'AUDIT-C',
  'Hvem har ansvaret?',
  'barn som pårørende',
  'selvmord og selvskading',
  'tilsyn fra TSB',
  'hva betyr ROP',
  'Hva er PHV?',
  'konsultasjon før henvisning',
  'ja',
  'nei',
  'vet ikke',
  '17',
  '0',
  '45',
  'mann',
  'kvinne',
  'alvorlig',
  'moderat',
  'hjelp meg med AUDIT-C',
  'jeg vil ta livet mitt',
  'pasienten har tatt en overdose',
  'MENY',
  '  avbryt  ',
];

const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(50),
  '\uD800',
  '\uDFFF\uD800',
  '\uFEFF',
  '\u202Emeny',
  '\u2028\u2029',
  '<at>Fagstøtte</at> meny',
  '<script>alert(1)</script>',
  '{{ welcome }}',
  '{{{ text }}}',
  '{{#items}}{{/items}}',
  '${process.env}',
  '%s%s%s%n',
  '../../../../etc/passwd',
  "'; DROP TABLE users; --",
  'Ω≈ç√∫˜µ≤≥÷',
  '🏥🚑💊'.repeat(20),
  'ﷺ'.repeat(40),
  'Z̴̡̛͖͉̟a̸̛͖l̶g̷o̸',
  '0'.repeat(11),
  '12345678901',
  '1234567890123456789012345',
  'NaN',
  'undefined',
  'null',
  '__proto__',
  'constructor',
  'x'.repeat(600),
];

const noiseArb: fc.Arbitrary<string> = weighted(
  [3, fc.string({ maxLength: 30 })],
  [2, fc.string({ unit: 'grapheme', maxLength: 30 })],
  [2, fc.string({ unit: 'binary', maxLength: 30 })],
  [2, fc.constantFrom(...ODD_STRINGS)],
);

/** Message text; `maxText` is the route's limit (a few cases land just around it). */
function textArb(maxText: number): fc.Arbitrary<string> {
  return weighted(
    [8, fc.constantFrom(...COMMANDS)],
    [5, numberTextArb],
    [1, fc.tuple(numberTextArb, numberTextArb).map(([a, b]) => `${a} og ${b}`)],
    [4, noiseArb],
    [
      1,
      fc
        .record({ n: fc.integer({ min: -8, max: 8 }), ch: fc.constantFrom('a', 'ø', '😀') })
        .map(({ n, ch }) => ch.repeat(Math.max(1, Math.floor((maxText + n) / ch.length)))),
    ],
  );
}

const simpleJsonArb: fc.Arbitrary<Json> = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;

/** An object with numbers in values and in keys, at a few depths. */
const numberObjectArb: fc.Arbitrary<Json> = fc
  .record({ a: numberTextArb, b: writtenNumberArb, c: numberTextArb, d: validNumberArb })
  .map(({ a, b, c, d }) => ({
    note: a,
    [b]: 'nøkkel',
    nested: { list: [c, 1, null], [`id ${d}`]: { deeper: d } },
  }));

const PROTO_BODIES = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"text":"meny","__proto__":{"text":"hjelp","polluted":"yes"}}',
  '{"toString":"x","valueOf":1,"hasOwnProperty":null}',
];

/** An activity's `value` (or any free JSON field). */
const valueArb: fc.Arbitrary<Json> = weighted<Json>(
  [5, fc.constantFrom(...COMMANDS).map((text) => ({ text }))],
  [3, simpleJsonArb],
  [3, numberObjectArb],
  [2, numberTextArb.map((text) => ({ text }))],
  [
    2,
    fc
      .record({
        depth: fc.integer({ min: 1, max: 200 }),
        leaf: weighted<Json>([1, numberTextArb], [1, fc.constant(1)]),
      })
      .map(({ depth, leaf }) => nest(depth, leaf)),
  ],
  [1, fc.constantFrom(...PROTO_BODIES).map(parsedObject)],
  [
    1,
    fc.constantFrom<Json>(
      { text: 123 },
      { text: '' },
      { text: 'x'.repeat(600) },
      { text: null },
      [],
      0,
    ),
  ],
);

const attachmentArb: fc.Arbitrary<Json> = fc.record(
  {
    contentType: weighted<Json>(
      [4, fc.constantFrom('application/vnd.microsoft.card.adaptive', 'image/png', 'text/plain')],
      [1, noiseArb],
      [1, fc.constant('x'.repeat(300))],
      [1, fc.constantFrom(0, null, true)],
    ),
    content: valueArb,
    contentUrl: fc.constantFrom(
      'http://127.0.0.1:9/bilde.png',
      'data:text/plain,hei',
      '',
      'ikke en url',
    ),
    name: weighted<Json>([2, noiseArb], [1, numberTextArb]),
  },
  { requiredKeys: ['contentType'] },
);

const entityArb: fc.Arbitrary<Json> = weighted<Json>(
  [
    2,
    fc.constant({
      type: 'mention',
      mentioned: { id: '28:bot-app-id', name: 'Fagstøtte' },
      text: '<at>Fagstøtte</at>',
    }),
  ],
  [2, fc.constant({ type: 'clientInfo', locale: 'nb-NO', country: 'NO', platform: 'Web' })],
  [1, noiseArb.map((type) => ({ type }))],
  [1, fc.constant({ type: 'x'.repeat(200) })],
  [1, numberTextArb.map((text) => ({ type: 'note', text }))],
  [1, fc.constantFrom<Json>({ notype: 1 }, null, 'mention', { type: 5 })],
);

const channelDataArb: fc.Arbitrary<Json> = weighted<Json>(
  [3, fc.constant({ tenant: { id: '00000000-0000-0000-0000-0000000000aa' } })],
  [2, fc.dictionary(fc.string({ maxLength: 10 }), simpleJsonArb, { maxKeys: 4 })],
  [2, numberObjectArb],
  [1, fc.constantFrom<Json>([], 'streng', 7, null, { postBack: true })],
);

/** Deep-sets or deletes `path` in a JSON object (used to break required fields). */
function mutate(
  target: Record<string, Json>,
  path: readonly string[],
  value: Json | undefined,
): void {
  let here: Record<string, Json> = target;
  for (const key of path.slice(0, -1)) {
    const next = here[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      here[key] = {};
    }
    here = here[key] as Record<string, Json>;
  }
  const last = path.at(-1) ?? '';
  if (value === undefined) delete here[last];
  else here[last] = value;
}

const WRONG_VALUES: readonly Json[] = [
  null,
  0,
  -1,
  1e308,
  true,
  [],
  {},
  'x',
  [1, 2],
  { id: 5 },
  '',
];

/** The envelope fields every activity must carry (removing one must give 400). */
const REQUIRED_PATHS: string[][] = [
  ['type'],
  ['channelId'],
  ['serviceUrl'],
  ['conversation'],
  ['conversation', 'id'],
  ['from'],
  ['from', 'id'],
];

const bodyMutationArb = weighted<{ path: string[]; value: Json | undefined } | undefined>(
  [14, fc.constant(undefined)],
  [
    2,
    fc.record({
      path: fc.constantFrom(
        ...REQUIRED_PATHS,
        ['recipient'],
        ['recipient', 'id'],
        ['text'],
        ['deliveryMode'],
        ['entities'],
        ['attachments'],
        ['membersAdded'],
        ['timestamp'],
        ['locale'],
        ['channelData'],
        ['value'],
        ['name'],
      ),
      value: fc.constantFrom(...WRONG_VALUES),
    }),
  ],
  [
    1,
    fc.record({
      path: fc.constantFrom(...REQUIRED_PATHS),
      value: fc.constant(undefined),
    }),
  ],
);

/** Fills the body with `ch` up to `target` bytes in a string field, a number in the middle maybe. */
function padTo(
  body: Record<string, Json>,
  field: string,
  target: number,
  ch: string,
  planted: string | undefined,
): void {
  body[field] = '';
  const base = Buffer.byteLength(JSON.stringify(body));
  const per = Buffer.byteLength(JSON.stringify(ch)) - 2;
  const fence = planted === undefined ? '' : ` ¤ ${planted} ¤ `;
  const room = target - base - Buffer.byteLength(JSON.stringify(fence)) + 2;
  const count = Math.max(0, Math.floor(room / per));
  const half = Math.floor(count / 2);
  body[field] = ch.repeat(half) + fence + ch.repeat(count - half);
}

const padArb = fc.record({
  delta: fc.integer({ min: -4096, max: 4096 }),
  ch: fc.constantFrom('a', 'ø', '€', '😀', '\u0000', '"', ' '),
  planted: fc.option(writtenNumberArb, { nil: undefined }),
});

/** What a JSON POST to an existing route must get, given its body; `route` decides valid bodies. */
function jsonPostExpect(
  body: string,
  limits: FuzzLimits,
  route: (parsed: unknown) => readonly number[] | undefined,
): readonly number[] | undefined {
  if (Buffer.byteLength(body) > limits.maxBodyBytes) return [413];
  if (body === '') return route(undefined);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [400];
  }
  if (jsonDepth(parsed, limits.maxJsonDepth) > limits.maxJsonDepth) return [400];
  return route(parsed);
}

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

// ---------------------------------------------------------------------------------------------
// Category: /api/messages

export const CHANNEL_IDS = [
  'msteams',
  'msteams',
  'directline',
  'webchat',
  'emulator',
  'slack',
  'ø',
  'x'.repeat(300),
];

/** serviceUrl values: the unreachable local port, or strings that are no URL (no DNS, no traffic). */
const SERVICE_URLS = ['http://127.0.0.1:9/', 'http://127.0.0.1:9/api/ø/', 'ikke en url'];

/** A conversation id of the bounded set (some odd ones, deterministic by index). */
export function messageConversationId(i: number): string {
  if (i % 10 === 3) return `samtale-ø-${i}`;
  if (i % 10 === 7) return `a:${i}-${'x'.repeat(400)}`;
  if (i % 10 === 9) return `c\u0000${i};messageid=1`;
  return `a:fuzz-${i}`;
}

const ACTIVITY_TYPES = [
  'invoke',
  'event',
  'conversationUpdate',
  'typing',
  'messageReaction',
  'installationUpdate',
  'endOfConversation',
  'trace',
  'messageUpdate',
  'messageDelete',
  'handoff',
  'contactRelationUpdate',
];

const INVOKE_NAMES = [
  'adaptiveCard/action',
  'composeExtension/query',
  'signin/verifyState',
  'task/fetch',
  'healthCheck',
  'application/search',
  'ukjent',
];

function messagesArb(o: FuzzOptions): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      type: weighted(
        [30, fc.constant('message')],
        [8, fc.constantFrom(...ACTIVITY_TYPES)],
        [2, noiseArb],
      ),
      text: sometimesAbsent(textArb(20_000), 8),
      value: rarely(valueArb, 3),
      name: rarely(
        weighted([3, fc.constantFrom(...INVOKE_NAMES)], [1, noiseArb], [1, numberTextArb]),
        3,
      ),
      fromName: weighted<Json | undefined>(
        [4, fc.constantFrom('Kari Nordmann', 'Ola', undefined)],
        [2, numberTextArb],
        [1, noiseArb],
      ),
      conv: fc.nat({ max: o.messageConversations - 1 }),
      user: fc.nat({ max: 19 }),
      channel: fc.constantFrom(...CHANNEL_IDS),
      delivery: weighted<Json | undefined>(
        [49, fc.constant('expectReplies')],
        [1, fc.constantFrom(undefined, 'normal', 'notification')],
      ),
      serviceUrl: fc.constantFrom(...SERVICE_URLS),
      entities: rarely(fc.array(entityArb, { maxLength: 4 }), 4),
      attachments: rarely(fc.array(attachmentArb, { maxLength: 3 }), 6),
      channelData: rarely(channelDataArb, 3),
      membersAdded: rarely(
        fc.constantFrom<Json>([{ id: '28:bot-app-id' }], [{ id: 'bruker' }], [], 'x', [null], [{}]),
        3,
      ),
      extra: rarely(fc.dictionary(fc.string({ maxLength: 12 }), simpleJsonArb, { maxKeys: 3 }), 5),
      mutation: bodyMutationArb,
      notObject: rarely(
        fc.constantFrom<Json>([], 'aktivitet', 0, null, true, [{ type: 'message' }]),
        40,
      ),
      pad: rarely(padArb, 30),
    })
    .map((g): FuzzCase => {
      const activity: Record<string, Json> = {
        type: g.type,
        id: `fuzz-${g.conv}-${g.user}`,
        timestamp: '2026-11-29T12:00:00.000Z',
        channelId: g.channel,
        serviceUrl: g.serviceUrl,
        from: {
          id: `29:bruker-${g.user}`,
          ...(g.fromName === undefined ? {} : { name: g.fromName }),
        },
        conversation: { id: messageConversationId(g.conv), conversationType: 'personal' },
        recipient: { id: '28:bot-app-id', name: 'Fagstøtte' },
        locale: 'nb-NO',
      };
      if (g.text !== undefined) activity.text = g.text;
      if (g.value !== undefined) activity.value = g.value;
      if (g.name !== undefined) activity.name = g.name;
      if (g.delivery !== undefined) activity.deliveryMode = g.delivery;
      if (g.entities !== undefined) activity.entities = g.entities;
      if (g.attachments !== undefined) activity.attachments = g.attachments;
      if (g.channelData !== undefined) activity.channelData = g.channelData;
      if (g.membersAdded !== undefined) activity.membersAdded = g.membersAdded;
      if (g.extra !== undefined) {
        for (const [k, v] of Object.entries(g.extra)) if (!(k in activity)) activity[k] = v;
      }
      if (g.mutation) mutate(activity, g.mutation.path, g.mutation.value);
      if (g.pad)
        padTo(activity, 'speak', o.limits.maxBodyBytes + g.pad.delta, g.pad.ch, g.pad.planted);
      const body = JSON.stringify(g.notObject === undefined ? activity : g.notObject);
      const expectReplies = activity.deliveryMode === 'expectReplies';
      const kind =
        g.notObject !== undefined
          ? 'not-an-object'
          : g.pad
            ? 'huge'
            : g.mutation
              ? g.mutation.value === undefined
                ? 'missing-field'
                : 'wrong-type'
              : jsonDepth(activity) > 8
                ? 'deep-value'
                : expectReplies
                  ? g.type === 'message'
                    ? 'message'
                    : 'other-type'
                  : 'no-expect-replies';
      const expect = jsonPostExpect(body, o.limits, (parsed) =>
        !activityEnvelopeSchema.safeParse(parsed).success
          ? [400]
          : activity.type === 'invoke' && !expectReplies
            ? [200, 501]
            : [200],
      );
      return {
        category: 'messages',
        kind: `messages/${kind}`,
        method: 'POST',
        path: '/api/messages',
        headers: JSON_HEADERS,
        body,
        expect,
        mayReset: expect?.[0] === 413,
        // Without expectReplies a turn that sends calls serviceUrl (127.0.0.1:9) and retries.
        slow: !expectReplies && expect?.[0] === 200,
      };
    });
}

// ---------------------------------------------------------------------------------------------
// Category: Direct Line

const GARBAGE_AUTH = [
  'Bearer',
  'Bearer ',
  'Bearer x y',
  'Basic dXNlcjpwYXNz',
  `Bearer ${'a'.repeat(3000)}`,
  'Bearer a.b.c',
  'Bearer eyJhbGciOiJub25lIn0.eyJjb252ZXJzYXRpb25JZCI6IngiLCJ1c2VySWQiOiJ5IiwiZXhwIjo5OTk5OTk5OTk5fQ.',
  'bearer fuzz',
  'Bearer \u00f8',
];

/** A watermark query; valid when absent, empty or 1–15 ASCII digits (as the server checks). */
const watermarkArb = weighted<{ query: string; valid: boolean } | string>(
  [3, fc.constant({ query: '', valid: true })],
  [4, fc.nat({ max: 60 }).map(String)],
  [1, fc.constant('')],
  [1, fc.constant('9'.repeat(15))],
  [2, fc.constantFrom('-1', '1e3', '9'.repeat(16), 'abc', '0x10', '1.5', ' 1', 'Infinity', '٣')],
  [1, validNumberArb],
  [1, writtenArb(['.', '-'], false)],
  [
    1,
    fc.constantFrom('?watermark=1&watermark=2', '?watermark[a]=1').map((query) => ({
      query,
      valid: false,
    })),
  ],
).map((w) =>
  typeof w === 'string' ? { query: `?watermark=${enc(w)}`, valid: /^(\d{1,15})?$/.test(w) } : w,
);

const postedActivityArb: fc.Arbitrary<Record<string, Json>> = fc
  .record({
    type: weighted<Json>(
      [12, fc.constant('message')],
      [2, fc.constant('event')],
      [1, fc.constant('typing')],
      [1, noiseArb],
      [1, fc.constant(5)],
    ),
    text: sometimesAbsent(textArb(5000), 6),
    value: rarely(valueArb, 3),
    name: rarely(
      weighted<Json>([2, noiseArb], [1, numberTextArb], [1, fc.constant('x'.repeat(300))]),
      5,
    ),
    textFormat: rarely(fc.constantFrom<Json>('plain', 'markdown', 'xml', 'html', 1), 5),
    channelData: rarely(channelDataArb, 4),
    attachments: rarely(fc.array(attachmentArb, { maxLength: 12 }), 6),
    entities: rarely(fc.array(entityArb, { maxLength: 22 }), 5),
    localTimestamp: rarely(
      fc.constantFrom<Json>('2026-11-29T12:00:00+01:00', 'x'.repeat(70), 0),
      8,
    ),
    /** Fields the server owns: must be dropped or replaced, never trusted or echoed. */
    owned: rarely(
      fc.record({
        from: numberTextArb.map((name) => ({ id: 'admin', name, role: 'bot' })),
        id: fc.constant('spoofed|0000001'),
        conversation: fc.constant({ id: 'annen-samtale' }),
        recipient: fc.constant({ id: 'noen' }),
        serviceUrl: fc.constant('http://127.0.0.1:9/'),
      }),
      5,
    ),
  })
  .map((g) => {
    const a: Record<string, Json> = { type: g.type };
    for (const key of [
      'text',
      'value',
      'name',
      'textFormat',
      'channelData',
      'attachments',
      'entities',
      'localTimestamp',
    ] as const) {
      const v = g[key];
      if (v !== undefined) a[key] = v;
    }
    if (g.owned) Object.assign(a, g.owned);
    return a;
  });

function directLineArb(o: FuzzOptions): fc.Arbitrary<FuzzCase> {
  const base = '/v3/directline';
  const conv = fc.nat({ max: o.dlPool - 1 });
  const authArb = weighted<{ auth: DlAuth; header?: string }>(
    [14, fc.constant({ auth: 'own' as const })],
    [2, fc.constant({ auth: 'other' as const })],
    [1, fc.constant({ auth: 'tampered' as const })],
    [1, fc.constant({ auth: 'asIs' as const })],
    [1, fc.constantFrom(...GARBAGE_AUTH).map((header) => ({ auth: 'asIs' as const, header }))],
    [1, validNumberArb.map((n) => ({ auth: 'asIs' as const, header: `Bearer ${n}` }))],
  );
  /** The conversation named in the path: the own one mostly, another, unknown or odd ones. */
  const targetArb = weighted<{ target: 'own' | 'other' | 'none'; segment?: string }>(
    [14, fc.constant({ target: 'own' as const })],
    [2, fc.constant({ target: 'other' as const })],
    [1, fc.uuid().map((segment) => ({ target: 'none' as const, segment }))],
    [1, urlNumberArb.map((segment) => ({ target: 'none' as const, segment }))],
    [1, noiseArb.map((s) => ({ target: 'none' as const, segment: enc(s) || 'x' }))],
  );
  /** Status when the path's conversation is opened with this credential (undefined: it opens). */
  const openFailure = (auth: DlAuth, target: 'own' | 'other' | 'none'): number | undefined => {
    const tokenConv = auth === 'own' ? 'own' : auth === 'other' ? 'other' : undefined;
    if (tokenConv !== undefined && target !== 'none' && tokenConv !== target) return 403;
    if (tokenConv !== undefined && target === 'none') return 403;
    if (target === 'none') return 404;
    return undefined;
  };

  const headersFor = (
    a: { auth: DlAuth; header?: string },
    json: boolean,
  ): Record<string, string> => {
    const h: Record<string, string> = json ? { ...JSON_HEADERS } : {};
    if (a.auth !== 'asIs') h.authorization = 'Bearer {token}';
    else if (a.header !== undefined) h.authorization = a.header;
    return h;
  };
  const pathFor = (t: { target: string; segment?: string }): string =>
    t.target === 'none' ? (t.segment ?? 'x') : '{conv}';
  /**
   * How the router sees an odd path segment: 'plain' (a word: the route matches), 'long' (over
   * 100 characters: restify's router matches no route, 404) or 'odd' (encoded characters: no
   * expectation).
   */
  const segmentKind = (t: { target: string; segment?: string }): 'plain' | 'long' | 'odd' =>
    t.target !== 'none' || t.segment === undefined || /^[\w-]{1,100}$/.test(t.segment)
      ? 'plain'
      : /^[\w-]+$/.test(t.segment)
        ? 'long'
        : 'odd';

  const post = fc
    .record({
      conv,
      a: authArb,
      t: targetArb,
      activity: postedActivityArb,
      pad: rarely(padArb, 25),
      depth: rarely(fc.integer({ min: 30, max: 200 }), 12),
    })
    .map(({ conv, a, t, activity, pad, depth }): FuzzCase => {
      if (depth !== undefined) activity.value = nest(depth, 'dypt');
      if (pad) {
        const holder: Record<string, Json> = { ...activity, value: '' };
        padTo(holder, 'value', o.limits.maxBodyBytes + pad.delta, pad.ch, pad.planted);
        activity.value = { pad: holder.value ?? '' };
      }
      const body = JSON.stringify(activity);
      const fail = openFailure(a.auth, t.target);
      const expect = jsonPostExpect(body, o.limits, (parsed) => {
        if (fail !== undefined) return [fail];
        if (t.target === 'none') return undefined;
        return postedActivitySchema.safeParse(parsed).success ? [200] : [400];
      });
      return {
        category: 'directline',
        kind: `directline/post-${pad ? 'huge' : depth !== undefined ? 'deep' : fail ? `refused-${fail}` : 'activity'}`,
        method: 'POST',
        path: `${base}/conversations/${pathFor(t)}/activities`,
        headers: headersFor(a, true),
        body,
        expect: segmentKind(t) === 'plain' ? expect : undefined,
        dl: { conv, auth: a.auth, target: t.target },
        mayReset: expect?.[0] === 413,
      };
    });

  const get = fc
    .record({ conv, a: authArb, t: targetArb, w: watermarkArb, activities: fc.boolean() })
    .map(({ conv, a, t, w, activities }): FuzzCase => {
      const fail = openFailure(a.auth, t.target);
      const expect = fail !== undefined ? [fail] : w.valid ? [200] : [400];
      const segment = segmentKind(t);
      return {
        category: 'directline',
        kind: `directline/get-${activities ? 'activities' : 'conversation'}`,
        method: 'GET',
        path: `${base}/conversations/${pathFor(t)}${activities ? '/activities' : ''}${w.query}`,
        headers: headersFor(a, false),
        expect: segment === 'plain' ? expect : segment === 'long' ? [404] : undefined,
        dl: { conv, auth: a.auth, target: t.target },
      };
    });

  const tokenOp = fc
    .record({
      conv,
      a: authArb,
      op: fc.constantFrom('generate', 'refresh', 'start', 'webchat'),
      body: rarely(
        weighted<string>(
          [1, fc.constant('{"user":{"id":"dl_spoof"}}')],
          [1, fc.constant('{bad')],
          [1, numberTextArb.map((t) => JSON.stringify({ user: { name: t } }))],
        ),
        4,
      ),
    })
    .map(({ conv, a, op, body }): FuzzCase => {
      const isToken = a.auth === 'own' || a.auth === 'other';
      const route = (): readonly number[] =>
        op === 'refresh'
          ? isToken
            ? [200]
            : [401]
          : op === 'start'
            ? isToken
              ? [200]
              : [201]
            : [200];
      const expect = body === undefined ? route() : jsonPostExpect(body, o.limits, route);
      return {
        category: 'directline',
        kind: `directline/${op}`,
        method: 'POST',
        path:
          op === 'webchat'
            ? '/webchat/token'
            : op === 'start'
              ? `${base}/conversations`
              : `${base}/tokens/${op}`,
        headers: headersFor(a, body !== undefined),
        ...(body === undefined ? {} : { body }),
        expect,
        dl: { conv, auth: a.auth, target: 'own', creates: op === 'start' && !isToken },
      };
    });

  const wrongMethod = fc
    .record({
      conv,
      method: fc.constantFrom('PUT', 'DELETE', 'PATCH'),
      path: fc.constantFrom(
        '/conversations',
        '/conversations/{conv}/activities',
        '/tokens/generate',
        '/conversations/{conv}',
      ),
    })
    .map(({ conv, method, path }): FuzzCase => ({
      category: 'directline',
      kind: 'directline/wrong-method',
      method,
      path: `${base}${path}`,
      headers: { authorization: 'Bearer {token}' },
      expect: [405],
      dl: { conv, auth: 'own', target: 'own' },
    }));

  return weighted([12, post], [5, get], [2, tokenOp], [1, wrongMethod]);
}

// ---------------------------------------------------------------------------------------------
// Category: JSON API, health, Web Chat

const SEARCH_QUERIES = [
  'AUDIT-C',
  'tilsyn',
  'barn som pårørende',
  'selvmord',
  'ROP',
  'hvem har ansvaret for pasient under 18',
  'LAR',
  'hva betyr HOTL',
  'tvang',
  'pakkeforløp',
];

const localSafetyBody = z.object({ text: z.string().min(1).max(MAX_SAFETY_TEXT) }).strict();

const severities = ['none', 'mild', 'moderate', 'severe'] as const;

const validFactsArb: fc.Arbitrary<Record<string, Json>> = fc.record(
  {
    ageYears: fc.integer({ min: 0, max: 120 }),
    mentalDisorder: fc.constantFrom(...severities),
    substanceDisorder: fc.constantFrom(...severities),
    intellectualDisability: fc.constantFrom(...severities, 'profound'),
    autism: fc.boolean(),
    otherNeurodevelopmental: fc.boolean(),
    dominantDisorder: fc.constantFrom('mental', 'substance'),
    acuteIntoxicationEpisodes: fc.integer({ min: 0, max: 1000 }),
    pregnant: fc.boolean(),
    organicOrDementia: fc.boolean(),
    inPhbuTreatment: fc.boolean(),
    withdrawalRisk: fc.boolean(),
  },
  {
    requiredKeys: [
      'ageYears',
      'mentalDisorder',
      'substanceDisorder',
      'intellectualDisability',
      'autism',
      'otherNeurodevelopmental',
    ],
  },
);

const validAuditcArb: fc.Arbitrary<Record<string, Json>> = fc.record(
  {
    answers: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 3, maxLength: 3 }),
    sex: fc.constantFrom('male', 'female', 'unknown'),
  },
  { requiredKeys: ['answers'] },
);

/** A body mutation for the API routes: a wrong value, an unknown key (a number maybe), a deletion. */
const apiMutationArb = weighted<{ key: string; value: Json | undefined } | undefined>(
  [3, fc.constant(undefined)],
  [
    2,
    fc.record({
      key: fc.constantFrom(
        'ageYears',
        'mentalDisorder',
        'autism',
        'answers',
        'sex',
        'text',
        'dominantDisorder',
      ),
      value: weighted<Json | undefined>(
        [3, fc.constantFrom(...WRONG_VALUES)],
        [1, fc.constantFrom(-1, 121, 1.5, 5, 1001, 'severe', [1, 2, 3, 4], [1, 1, 5], [-1, 0, 0])],
        [1, numberTextArb],
        [1, fc.constant(undefined)],
      ),
    }),
  ],
  [1, fc.record({ key: writtenNumberArb, value: simpleJsonArb })],
  [1, fc.record({ key: validNumberArb, value: fc.constant(1) })],
  [1, fc.record({ key: noiseArb, value: simpleJsonArb })],
);

function apiArb(o: FuzzOptions): fc.Arbitrary<FuzzCase> {
  const get = (
    kind: string,
    path: string,
    expect?: readonly number[],
    headers: Record<string, string> = {},
  ): FuzzCase => ({
    category: 'api',
    kind: `api/${kind}`,
    method: 'GET',
    path,
    headers,
    ...(expect ? { expect } : {}),
  });
  const postJson = (
    kind: string,
    path: string,
    body: string,
    route: (parsed: unknown) => readonly number[] | undefined,
  ): FuzzCase => {
    const expect = jsonPostExpect(body, o.limits, route);
    return {
      category: 'api',
      kind: `api/${kind}`,
      method: 'POST',
      path,
      headers: JSON_HEADERS,
      body,
      expect,
      mayReset: expect?.[0] === 413,
    };
  };

  const qArb = weighted<string | undefined>(
    [4, fc.constantFrom(...SEARCH_QUERIES)],
    [3, numberTextArb],
    [1, urlNumberArb.map((n) => decodeURIComponent(n))],
    [2, noiseArb],
    [1, fc.constant(undefined)],
    [1, fc.integer({ min: 490, max: 520 }).map((n) => 'ø'.repeat(n))],
  );
  const limitArb = weighted<string | undefined>(
    [4, fc.constant(undefined)],
    [3, fc.integer({ min: 0, max: 25 }).map(String)],
    [
      1,
      fc.constantFrom(
        '-1',
        'abc',
        '1.5',
        '1e1',
        '0x10',
        'Infinity',
        '',
        ' 5 ',
        '99999999999999999999',
      ),
    ],
    [1, validNumberArb],
  );
  const search = fc
    .record({
      q: qArb,
      limit: limitArb,
      extra: rarely(
        fc.constantFrom('&q=a', '&q[x]=1', '&limit=1&limit=2', `&x=${'y'.repeat(2000)}`, '&&&=&'),
        6,
      ),
    })
    .map(({ q, limit, extra }): FuzzCase => {
      const parts: string[] = [];
      if (q !== undefined) parts.push(`q=${enc(q)}`);
      if (limit !== undefined) parts.push(`limit=${enc(limit)}`);
      const path = `/api/v1/knowledge/search?${parts.join('&')}${extra ?? ''}`;
      let expect: readonly number[] | undefined;
      const qOk =
        q !== undefined && wellFormed(q).trim().length >= 1 && wellFormed(q).trim().length <= 500;
      if (extra === undefined && (limit === undefined || /^\d{1,3}$/.test(limit))) {
        const limitOk = limit === undefined || (Number(limit) >= 1 && Number(limit) <= 20);
        expect = qOk && limitOk ? [200] : [400];
      }
      return get('search', path, expect);
    });

  const itemId = weighted<{ id: string; expect?: readonly number[] }>(
    [
      3,
      fc
        .constantFrom(...(o.knownIds.length > 0 ? o.knownIds : ['finnes-ikke']))
        .map((id) => ({ id, expect: [o.knownIds.includes(id) ? 200 : 404] })),
    ],
    [
      2,
      fc
        .stringMatching(/^[a-z0-9-]{1,100}$/)
        .filter((id) => id !== 'search' && !o.knownIds.includes(id))
        .map((id) => ({ id, expect: [404] })),
    ],
    [2, validNumberArb.map((id) => ({ id, expect: [404] }))],
    [
      1,
      writtenArb(['.', '-'], false).map((id) => ({
        id: enc(id),
        expect: [id.includes('.') ? 400 : 404],
      })),
    ],
    [
      1,
      fc
        .constantFrom('AUDIT-C', 'ø', 'a'.repeat(101), '%00', 'a%20b', '%C3%A5', 'a.b')
        .map((id) => ({ id, expect: [id.length > 100 ? 404 : 400] })),
    ],
    [1, noiseArb.filter((s) => s !== '' && s !== '.' && s !== '..').map((s) => ({ id: enc(s) }))],
  );
  const item = itemId.map(({ id, expect }) => get('item', `/api/v1/knowledge/${id}`, expect));

  const list = weighted<FuzzCase>(
    [2, fc.constantFrom(...areas).map((a) => get('list', `/api/v1/knowledge?area=${a}`, [200]))],
    [1, fc.constant(get('list', '/api/v1/knowledge', [200]))],
    [
      1,
      noiseArb
        .filter((s) => !(areas as readonly string[]).includes(s) && s !== '')
        .map((s) => get('list', `/api/v1/knowledge?area=${enc(s)}`, [400])),
    ],
    [1, validNumberArb.map((n) => get('list', `/api/v1/knowledge?area=${n}`, [400]))],
    [1, fc.constant(get('list', '/api/v1/knowledge?area=rop&area=tsb', [400]))],
  );

  const withMutation = (
    valid: Record<string, Json>,
    m: { key: string; value: Json | undefined } | undefined,
  ): Record<string, Json> => {
    if (!m) return valid;
    const copy = { ...valid };
    if (m.value === undefined) delete copy[m.key];
    else copy[m.key] = m.value;
    return copy;
  };
  const bodyShape = rarely(fc.constantFrom<Json>([], 'tekst', 0, null, true), 10);

  const responsibility = fc
    .record({
      facts: validFactsArb,
      m: apiMutationArb,
      shape: bodyShape,
      depth: rarely(fc.integer({ min: 40, max: 200 }), 15),
    })
    .map(({ facts, m, shape, depth }) => {
      let body: Json = shape === undefined ? withMutation(facts, m) : shape;
      if (depth !== undefined) body = { ...facts, extra: nest(depth, 1) };
      return postJson('responsibility', '/api/v1/responsibility', JSON.stringify(body), (p) => [
        factsSchema.safeParse(p).success ? 200 : 400,
      ]);
    });

  const auditc = fc
    .record({ answers: validAuditcArb, m: apiMutationArb, shape: bodyShape })
    .map(({ answers, m, shape }) => {
      const body: Json = shape === undefined ? withMutation(answers, m) : shape;
      return postJson('audit-c', '/api/v1/audit-c', JSON.stringify(body), (p) => [
        auditcInputSchema.safeParse(p).success ? 200 : 400,
      ]);
    });

  const safety = fc
    .record({
      text: weighted<Json>(
        [4, textArb(MAX_SAFETY_TEXT)],
        [1, fc.constantFrom<Json>('', 5, null, ['a'])],
      ),
      m: apiMutationArb,
      shape: bodyShape,
      pad: rarely(padArb, 25),
    })
    .map(({ text, m, shape, pad }) => {
      const obj = withMutation({ text }, m && m.key !== 'answers' ? m : undefined);
      if (pad) padTo(obj, 'text', o.limits.maxBodyBytes + pad.delta, pad.ch, pad.planted);
      const body: Json = shape === undefined ? obj : shape;
      return postJson('safety', '/api/v1/safety/check', JSON.stringify(body), (p) => [
        localSafetyBody.safeParse(p).success ? 200 : 400,
      ]);
    });

  const health = fc.constantFrom<FuzzCase>(
    get('health', '/healthz', [200]),
    get('health', '/readyz', [200, 503]),
    get('health', '/healthz?x=1', [200]),
  );

  const webchat = weighted<FuzzCase>(
    [4, fc.constant(get('webchat', '/', [200]))],
    [3, fc.constant(get('webchat', '/webchat/app.js', [200]))],
    [3, fc.constant(get('webchat', '/webchat/page.css', [200]))],
    [1, fc.constant(get('webchat', '/webchat/webchat.js', [200]))],
    [
      4,
      fc.constant<FuzzCase>({
        category: 'api',
        kind: 'api/webchat-token',
        method: 'POST',
        path: '/webchat/token',
        headers: {},
        expect: [200],
      }),
    ],
  );

  const wrongMethod = fc
    .record({
      method: fc.constantFrom('PUT', 'DELETE', 'PATCH'),
      path: fc.constantFrom(
        '/api/v1/knowledge/search?q=a',
        '/api/v1/knowledge',
        '/api/v1/audit-c',
        '/api/v1/safety/check',
        '/api/v1/responsibility',
        '/healthz',
        '/api/messages',
      ),
    })
    .map(({ method, path }): FuzzCase => ({
      category: 'api',
      kind: 'api/wrong-method',
      method,
      path,
      headers: {},
      expect: [405],
    }));

  return weighted(
    [5, search],
    [3, item],
    [1, list],
    [3, responsibility],
    [3, auditc],
    [3, safety],
    [1, health],
    [1, webchat],
    [1, wrongMethod],
  );
}

// ---------------------------------------------------------------------------------------------
// Category: raw HTTP oddities

const POST_ROUTES = [
  '/api/messages',
  '/api/v1/audit-c',
  '/api/v1/safety/check',
  '/api/v1/responsibility',
];

/** Content types restify refuses (415) when a body is sent. */
const UNKNOWN_TYPES = [
  'text/plain',
  'application/xml',
  'application/octet-stream',
  'image/png',
  'a/b/c',
  'application/jsonx',
  'text/html; charset=utf-8',
];

/** JSON media types, which the server reads. */
const PARSED_TYPES = [
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  'application/json;;;',
];

/** Types restify could parse but the server refuses (415): only JSON bodies are read. */
const REFUSED_TYPES = [
  'application/x-www-form-urlencoded',
  'text/csv',
  'text/tab-separated-values',
];

const MALFORMED_JSON = [
  '{',
  '{"type":"message"',
  '{"a":1}{"b":2}',
  "{'type':'message'}",
  '{"type":"message",}',
  '{"a":NaN}',
  '{"a":1e99999}',
  '\uFEFF{"type":"message"}',
  '/* kommentar */ {}',
  '{"a":"\\ud800"}',
  '{"a":"\u0000"}',
  'undefined',
  '[',
  `{"a":"${'\\'.repeat(3)}"}`,
  '{"a":01}',
  '\u0000',
];

/** A multipart body: fields, and maybe a file part (formidable writes files to the temp dir). */
function multipart(
  fields: Record<string, string>,
  fileBytes: number | undefined,
): { body: string; type: string } {
  const boundary = 'fuzzgrense1313';
  let body = '';
  for (const [k, v] of Object.entries(fields)) {
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  }
  if (fileBytes !== undefined) {
    body += `--${boundary}\r\nContent-Disposition: form-data; name="fil"; filename="journal.txt"\r\nContent-Type: text/plain\r\n\r\n${'x'.repeat(fileBytes)}\r\n`;
  }
  body += `--${boundary}--\r\n`;
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

function rawArb(o: FuzzOptions): fc.Arbitrary<FuzzCase> {
  const max = o.limits.maxBodyBytes;
  const mk = (kind: string, c: Omit<FuzzCase, 'category' | 'kind'>): FuzzCase => ({
    category: 'raw',
    kind: `raw/${kind}`,
    ...c,
  });

  const contentType = fc
    .record({
      route: fc.constantFrom(...POST_ROUTES),
      type: fc.constantFrom(...UNKNOWN_TYPES, ...REFUSED_TYPES, ...PARSED_TYPES, ''),
      body: weighted<string>(
        [2, fc.constant('{"type":"message","text":"meny"}')],
        [1, fc.constant('type=message&text=meny&from[id]=x')],
        [1, fc.constant('a,b\n1,2')],
        [1, numberTextArb.map((t) => `text=${enc(t)}`)],
      ),
    })
    .map(({ route, type, body }) =>
      mk('content-type', {
        method: 'POST',
        path: route,
        headers: type === '' ? {} : { 'content-type': type },
        body,
        expect: [...UNKNOWN_TYPES, ...REFUSED_TYPES].includes(type) ? [415] : undefined,
      }),
    );

  const multipartCase = fc
    .record({
      route: fc.constantFrom(...POST_ROUTES),
      file: rarely(fc.integer({ min: max + 1024, max: max * 3 }), 4),
      text: textArb(100),
    })
    .map(({ route, file, text }) => {
      const { body, type } = multipart({ type: 'message', text, 'from[id]': 'x' }, file);
      // Only JSON is read: multipart is refused before a byte of it is parsed or written to disk.
      return mk(file === undefined ? 'multipart' : 'multipart-over-limit', {
        method: 'POST',
        path: route,
        headers: { 'content-type': type },
        body,
        expect: [415],
        mayReset: byteLength(body) > max,
      });
    });

  const encoding = fc
    .record({
      route: fc.constantFrom(
        ...POST_ROUTES,
        '/v3/directline/conversations',
        '/healthz',
        '/finnes-ikke',
      ),
      value: fc.constantFrom(
        'gzip',
        'deflate',
        'br',
        'x-gzip',
        'GZIP ',
        'identity, gzip',
        'compress',
        'zstd',
        'gzip, gzip',
      ),
      real: fc.boolean(),
    })
    .map(({ route, value, real }) => {
      const text = '{"type":"message","text":"hei"}';
      const get = route === '/healthz' || route === '/finnes-ikke';
      return mk('content-encoding', {
        method: get ? 'GET' : 'POST',
        path: route,
        headers: { 'content-type': 'application/json', 'content-encoding': value },
        ...(get ? {} : { body: real ? new Uint8Array(gzipSync(text)) : text }),
        expect: [415],
      });
    });

  const identity = fc.constantFrom('identity', 'IDENTITY', ' identity ').map((value) =>
    mk('content-encoding-identity', {
      method: 'POST',
      path: '/api/v1/audit-c',
      headers: { 'content-type': 'application/json', 'content-encoding': value },
      body: '{"answers":[1,2,3],"sex":"female"}',
      expect: [200],
    }),
  );

  const malformed = fc
    .record({
      route: fc.constantFrom(...POST_ROUTES, '/v3/directline/conversations/{conv}/activities'),
      body: fc.constantFrom(...MALFORMED_JSON),
    })
    .map(({ route, body }) =>
      mk('malformed-json', {
        method: 'POST',
        path: route,
        headers: { 'content-type': 'application/json', authorization: 'Bearer {token}' },
        body,
        expect: [400],
        dl: { conv: 0, auth: 'own', target: 'own' },
      }),
    );

  const empty = fc.constantFrom(...POST_ROUTES).map((route) =>
    mk('empty-body', {
      method: 'POST',
      path: route,
      headers: { 'content-type': 'application/json' },
      body: '',
      expect: [400],
    }),
  );

  const methods = fc
    .record({
      method: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'GET', 'POST'),
      path: fc.constantFrom(
        '/api/messages',
        '/healthz',
        '/readyz',
        '/api/v1/knowledge',
        '/v3/directline/tokens/generate',
        '/',
        '/finnes-ikke',
        '/webchat/token',
      ),
    })
    .map(({ method, path }) => mk('method', { method, path, headers: {} }));

  const longUrl = fc
    .record({
      prefix: fc.constantFrom(
        '/api/v1/knowledge/search?q=',
        '/x/',
        '/api/v1/knowledge/',
        '/healthz?',
        '/api/messages?',
        '/v3/directline/conversations/',
      ),
      length: fc.integer({ min: 1000, max: 8000 }),
      n: validNumberArb,
    })
    .map(({ prefix, length, n }) => {
      const half = Math.floor(length / 2);
      return mk('long-url', {
        method: 'GET',
        path: `${prefix}${'a'.repeat(half)}-${n}-${'b'.repeat(length - half)}`,
        headers: {},
      });
    });

  const numberInUrl = fc
    .record({
      n: urlNumberArb,
      template: fc.constantFrom(
        '/api/v1/knowledge/{n}',
        '/{n}',
        '/api/v1/{n}',
        '/api/messages/{n}',
        '/v3/directline/conversations/{n}/activities',
        '/api/v1/knowledge/search?q={n}',
        '/api/v1/knowledge/search?q=a&limit={n}',
        '/healthz?fnr={n}',
        '/finnes-ikke/{n}?fnr={n}',
        '/api/v1/knowledge?area={n}',
      ),
      method: fc.constantFrom('GET', 'GET', 'POST', 'DELETE'),
      accept: fc.constantFrom(
        '',
        'text/html',
        'text/plain',
        'application/xml',
        '*/*',
        'application/json',
      ),
    })
    .map(({ n, template, method, accept }) =>
      mk('number-in-url', {
        method,
        path: template.replaceAll('{n}', n),
        headers: accept ? { accept } : {},
      }),
    );

  const host = '127.0.0.1';
  const socket = (kind: string, raw: string): FuzzCase =>
    mk(`socket-${kind}`, { method: 'RAW', path: '', headers: {}, raw });
  const rawRequests = weighted<FuzzCase>(
    [
      6,
      fc.constantFrom(
        socket('no-host', 'GET /healthz HTTP/1.1\r\n\r\n'),
        socket('http10', 'GET /healthz HTTP/1.0\r\n\r\n'),
        socket('unknown-method', `FOO /api/messages HTTP/1.1\r\nHost: ${host}\r\n\r\n`),
        socket('absolute-form', `GET http://${host}/healthz HTTP/1.1\r\nHost: ${host}\r\n\r\n`),
        socket('dot-segments', `GET /../../etc/passwd HTTP/1.1\r\nHost: ${host}\r\n\r\n`),
        socket('bad-percent', `GET /api/v1/knowledge/%ZZ HTTP/1.1\r\nHost: ${host}\r\n\r\n`),
        socket(
          'bad-percent-query',
          `GET /api/v1/knowledge/search?q=%ZZ%00%C3 HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
        ),
        socket('nul-in-path', `GET /api/v1/knowledge/a%00b HTTP/1.1\r\nHost: ${host}\r\n\r\n`),
        socket('latin1-path', `GET /\xf8\xe6\xe5 HTTP/1.1\r\nHost: ${host}\r\n\r\n`),
        socket(
          'utf8-path',
          `GET /${Buffer.from('søk', 'utf8').toString('latin1')} HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
        ),
        socket('http2-preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
        socket('tls-hello', '\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03'),
        socket('empty', ''),
        socket('only-crlf', '\r\n\r\n\r\n'),
        socket(
          'huge-header',
          `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nX-Fyll: ${'a'.repeat(20_000)}\r\n\r\n`,
        ),
        socket(
          'many-headers',
          `GET /healthz HTTP/1.1\r\nHost: ${host}\r\n${Array.from({ length: 300 }, (_, i) => `X-${i}: ${i}\r\n`).join('')}\r\n`,
        ),
        socket('obs-fold', `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nX-A: a\r\n b\r\n\r\n`),
        socket('bad-header-name', `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nX A: b\r\n\r\n`),
        socket(
          'two-content-lengths',
          `POST /api/messages HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
        ),
        socket(
          'length-too-long',
          `POST /api/messages HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"type":"message"}`,
        ),
        socket(
          'length-too-short',
          `POST /api/v1/audit-c HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{"answers":[1,1,1]}`,
        ),
        socket(
          'negative-length',
          `POST /api/messages HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{}`,
        ),
        socket(
          'huge-length',
          `POST /api/messages HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n{}`,
        ),
        socket(
          'bad-chunk',
          `POST /api/messages HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n`,
        ),
        socket(
          'chunked-and-length',
          `POST /api/v1/audit-c HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
        ),
        socket(
          'chunked-unfinished',
          `POST /api/v1/audit-c HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"ans`,
        ),
        socket(
          'expect-continue',
          `POST /api/v1/audit-c HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 19\r\n\r\n{"answers":[1,1,1]}`,
        ),
        socket(
          'expect-unknown',
          `POST /api/v1/audit-c HTTP/1.1\r\nHost: ${host}\r\nExpect: 200-ok\r\nContent-Length: 2\r\n\r\n{}`,
        ),
        socket(
          'pipelined',
          `GET /healthz HTTP/1.1\r\nHost: ${host}\r\n\r\nGET /api/v1/knowledge/x HTTP/1.1\r\nHost: ${host}\r\n\r\nGET /readyz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
        ),
        socket(
          'upgrade',
          `GET /v3/directline/conversations HTTP/1.1\r\nHost: ${host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
        ),
        socket('crlf-in-target', `GET /healthz\r\nX-Injected: 1 HTTP/1.1\r\nHost: ${host}\r\n\r\n`),
        socket('lf-only', `GET /healthz HTTP/1.1\nHost: ${host}\n\n`),
        socket('http09', 'GET /healthz\r\n\r\n'),
        socket('version-99', `GET /healthz HTTP/9.9\r\nHost: ${host}\r\n\r\n`),
        socket('connect', `CONNECT 127.0.0.1:9 HTTP/1.1\r\nHost: ${host}\r\n\r\n`),
        socket('trace', `TRACE /api/messages HTTP/1.1\r\nHost: ${host}\r\n\r\n`),
      ),
    ],
    [
      2,
      fc
        .record({ n: urlNumberArb, where: fc.constantFrom('path', 'header', 'query', 'body') })
        .map(({ n, where }) => {
          const path =
            where === 'path'
              ? `/finnes-ikke/${n}`
              : where === 'query'
                ? `/api/v1/knowledge/search?q=${n}`
                : '/api/v1/safety/check';
          const body =
            where === 'body'
              ? JSON.stringify({ text: `fnr ${decodeURIComponent(n)}`, [n]: 1 })
              : '';
          const header =
            where === 'header' ? `X-Pasient: ${n}\r\nAuthorization: Bearer ${n}\r\n` : '';
          const bytes = Buffer.from(body, 'utf8');
          return socket(
            `number-${where}`,
            `${body ? 'POST' : 'GET'} ${path} HTTP/1.1\r\nHost: ${host}\r\n${header}${body ? `Content-Type: application/json\r\nContent-Length: ${bytes.length}\r\n` : ''}\r\n${bytes.toString('latin1')}`,
          );
        }),
    ],
  );

  return weighted(
    [3, contentType],
    [1, multipartCase],
    [3, encoding],
    [1, identity],
    [3, malformed],
    [2, empty],
    [2, methods],
    [2, longUrl],
    [3, numberInUrl],
    [6, rawRequests],
  );
}

// ---------------------------------------------------------------------------------------------
// Generation

function arbitraryFor(category: Category, o: FuzzOptions): fc.Arbitrary<FuzzCase> {
  switch (category) {
    case 'messages':
      return messagesArb(o);
    case 'directline':
      return directLineArb(o);
    case 'api':
      return apiArb(o);
    case 'raw':
      return rawArb(o);
  }
}

/** The seed of one chunk of a category's stream (a 31-bit integer). */
export function chunkSeed(seed: number, category: Category, chunk: number): number {
  const offset = CATEGORIES.indexOf(category) * 1_000_003 + chunk * 7919;
  return Math.abs((seed + offset) % 2_147_483_647);
}

/** Cases `from` .. `from + count - 1` of a category (the same for the same seed and options). */
export function generateCases(
  category: Category,
  o: FuzzOptions,
  seed: number,
  from: number,
  count: number,
): FuzzCase[] {
  const arb = arbitraryFor(category, o);
  const out: FuzzCase[] = [];
  const first = Math.floor(from / CHUNK);
  const last = Math.floor((from + count - 1) / CHUNK);
  for (let chunk = first; chunk <= last && count > 0; chunk++) {
    const cases = fc.sample(arb, { seed: chunkSeed(seed, category, chunk), numRuns: CHUNK });
    cases.forEach((c, i) => {
      const index = chunk * CHUNK + i;
      if (index >= from && index < from + count) out.push(c);
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Planted numbers and the echo check

/** ASCII digits of a number as written (full-width and other scripts' digits mapped to 0-9). */
function digitsOf(written: string): string {
  let out = '';
  for (const ch of written.normalize('NFKC')) {
    if (ch >= '0' && ch <= '9') out += ch;
    else if (/\p{Nd}/u.test(ch)) {
      const code = ch.codePointAt(0) ?? 48;
      let value = 0;
      while (value < 9 && /\p{Nd}/u.test(String.fromCodePoint(code - value - 1))) value++;
      out += String(value);
    }
  }
  return out;
}

/** Percent-escapes decoded where they decode (a number may come back URL-encoded). */
function percentDecoded(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (m) => {
    try {
      return decodeURIComponent(m);
    } catch {
      return m;
    }
  });
}

/** Every string (values and keys) of a JSON text, fenced apart; undefined when it is no JSON. */
function jsonStrings(text: string): string | undefined {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[' && first !== '"') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const found: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') found.push(v);
    else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        found.push(k);
        stack.push(child);
      }
    }
  }
  return found.join(' ¤ ');
}

/** The readings of a text a number could hide in: as is, URL-decoded, JSON-unescaped. */
function readings(text: string): string[] {
  const out = [text];
  if (text.includes('%')) out.push(percentDecoded(text));
  const strings = jsonStrings(text);
  if (strings !== undefined) {
    out.push(strings);
    if (strings.includes('%')) out.push(percentDecoded(strings));
  }
  return out;
}

/** Valid numbers (as 11 ASCII digits) in a text, in every reading. */
export function numbersIn(text: string): Set<string> {
  const found = new Set<string>();
  if (!/\p{Nd}/u.test(text)) return found;
  for (const reading of readings(text)) {
    for (const m of findPatientIds(reading)) found.add(digitsOf(reading.slice(m.start, m.end)));
  }
  return found;
}

/** Every valid number sent to the server so far. */
export class PlantedNumbers {
  private readonly numbers = new Set<string>();

  get size(): number {
    return this.numbers.size;
  }

  /** Registers every valid number in a case's path, headers and body (or raw bytes). */
  addCase(c: FuzzCase): void {
    const parts = [c.path, ...Object.values(c.headers)];
    if (typeof c.body === 'string') parts.push(c.body);
    if (c.raw !== undefined) parts.push(Buffer.from(c.raw, 'latin1').toString('utf8'));
    for (const part of parts) for (const n of numbersIn(part)) this.numbers.add(n);
  }

  /** The planted numbers a text (response body, log line) contains. */
  find(text: string): string[] {
    return [...numbersIn(text)].filter((n) => this.numbers.has(n));
  }
}

// ---------------------------------------------------------------------------------------------
// Sending

export interface SendContext {
  readonly baseUrl: string;
  readonly pool: readonly DlConversation[];
  readonly timeoutMs: number;
  /** For `slow` cases (a turn whose serviceUrl is unreachable). */
  readonly slowTimeoutMs: number;
  /** New Direct Line conversations that may still be started (decremented as they are). */
  creationBudget: { remaining: number };
}

/** The token with its signature's first character changed: same shape, wrong signature. */
function tampered(token: string): string {
  const dot = token.lastIndexOf('.');
  const first = token[dot + 1] === 'A' ? 'B' : 'A';
  return `${token.slice(0, dot + 1)}${first}${token.slice(dot + 2)}`;
}

/** The request a case makes once the pool is known, and what it must get. */
export function resolveCase(
  c: FuzzCase,
  ctx: SendContext,
): { path: string; headers: Record<string, string>; expect?: readonly number[] } {
  const headers = { ...c.headers };
  let path = c.path;
  let expect = c.expect;
  if (c.dl && ctx.pool.length > 0) {
    let auth = c.dl.auth;
    if (c.dl.creates) {
      if (ctx.creationBudget.remaining > 0) ctx.creationBudget.remaining -= 1;
      else {
        // Bounded: past the budget, "start" re-joins the pool conversation (200, nothing new).
        auth = 'own';
        headers.authorization = 'Bearer {token}';
        expect = expect?.map((s) => (s === 201 ? 200 : s));
      }
    }
    const own = ctx.pool[c.dl.conv % ctx.pool.length];
    const other = ctx.pool[(c.dl.conv + 1) % ctx.pool.length];
    const target = c.dl.target === 'other' ? other : own;
    if (target) path = path.replaceAll('{conv}', target.conversationId);
    const token =
      auth === 'own'
        ? own?.token
        : auth === 'other'
          ? other?.token
          : auth === 'tampered'
            ? tampered(own?.token ?? 'a.b.c')
            : undefined;
    if (headers.authorization?.includes('{token}')) {
      if (token === undefined) delete headers.authorization;
      else headers.authorization = headers.authorization.replace('{token}', token);
    }
  }
  return { path, headers, ...(expect ? { expect } : {}) };
}

/** Reads an HTTP/1.x answer stream into answers (Content-Length and chunked bodies). */
export function parseAnswers(bytes: Buffer): HttpAnswer[] {
  const answers: HttpAnswer[] = [];
  let at = 0;
  while (at < bytes.length) {
    const headEnd = bytes.indexOf('\r\n\r\n', at);
    if (headEnd < 0) break;
    const head = bytes.subarray(at, headEnd).toString('latin1');
    const status = /^HTTP\/\d\.\d (\d{3})/.exec(head);
    if (!status?.[1]) break;
    const header = (name: string): string | undefined =>
      new RegExp(`\\r\\n${name}:\\s*([^\\r\\n]*)`, 'i').exec(head)?.[1]?.trim();
    let bodyStart = headEnd + 4;
    let body: Buffer;
    const length = header('content-length');
    if (/chunked/i.test(header('transfer-encoding') ?? '')) {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = bytes.indexOf('\r\n', bodyStart);
        if (lineEnd < 0) break;
        const size = parseInt(bytes.subarray(bodyStart, lineEnd).toString('latin1'), 16);
        bodyStart = lineEnd + 2;
        if (!Number.isFinite(size) || size <= 0) {
          bodyStart += 2;
          break;
        }
        parts.push(bytes.subarray(bodyStart, bodyStart + size));
        bodyStart += size + 2;
      }
      body = Buffer.concat(parts);
    } else if (length !== undefined) {
      body = bytes.subarray(bodyStart, bodyStart + Number(length));
      bodyStart += Number(length);
    } else {
      body = bytes.subarray(bodyStart);
      bodyStart = bytes.length;
    }
    const code = Number(status[1]);
    // 1xx answers (100 Continue) precede the real one and carry no body.
    if (code >= 200) {
      answers.push({
        status: code,
        contentType: header('content-type') ?? '',
        body: body.toString('utf8'),
      });
    } else bodyStart = headEnd + 4;
    at = bodyStart;
  }
  return answers;
}

function sendRaw(ctx: SendContext, raw: string): Promise<Outcome> {
  const { hostname, port } = new URL(ctx.baseUrl);
  const started = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let error: NodeJS.ErrnoException | undefined;
    let settled = false;
    const socket = net.connect(Number(port), hostname);
    const finish = (failure?: Outcome['failure']): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const answers = parseAnswers(Buffer.concat(chunks));
      resolve({
        answers,
        ms: performance.now() - started,
        ...(failure ? { failure } : {}),
        ...(error ? { error: error.code ?? error.message } : {}),
      });
    };
    const timer = setTimeout(() => finish('timeout'), ctx.timeoutMs);
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e;
      // Refused: nothing listens (the server is down). A reset after garbage is an answer.
      finish(e.code === 'ECONNREFUSED' ? 'connection' : undefined);
    });
    socket.on('close', () => finish());
    socket.write(Buffer.from(raw, 'latin1'));
    // Half-close: the server sees the end of what was sent and must answer or close.
    socket.end();
  });
}

/** Sends one case; never throws. */
export async function sendCase(
  c: FuzzCase,
  ctx: SendContext,
): Promise<{ outcome: Outcome; expect?: readonly number[] }> {
  const { path, headers, expect } = resolveCase(c, ctx);
  if (c.raw !== undefined)
    return { outcome: await sendRaw(ctx, c.raw), ...(expect ? { expect } : {}) };
  const started = performance.now();
  const timeoutMs = c.slow ? ctx.slowTimeoutMs : ctx.timeoutMs;
  try {
    const res = await fetch(`${ctx.baseUrl}${path}`, {
      method: c.method,
      headers,
      ...(c.body === undefined
        ? {}
        : { body: typeof c.body === 'string' ? c.body : new Blob([c.body]) }),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = Buffer.from(await res.arrayBuffer()).toString('utf8');
    return {
      outcome: {
        answers: [{ status: res.status, contentType: res.headers.get('content-type') ?? '', body }],
        ms: performance.now() - started,
      },
      ...(expect ? { expect } : {}),
    };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const failure: Outcome['failure'] =
      e.name === 'TimeoutError' || e.name === 'AbortError'
        ? 'timeout'
        : e.cause !== undefined || e.message === 'fetch failed'
          ? 'connection'
          : 'client';
    return {
      outcome: {
        answers: [],
        failure,
        error: e.cause?.code ?? e.cause?.message ?? e.message,
        ms: performance.now() - started,
      },
      ...(expect ? { expect } : {}),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Checking

/** True for `{ "error": { "code": string, "message": string } }` and nothing else. */
export function isErrorShape(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== 'error') return false;
  const error = (value as { error?: unknown }).error;
  if (error === null || typeof error !== 'object' || Array.isArray(error)) return false;
  const e = error as Record<string, unknown>;
  return (
    Object.keys(e).length === 2 &&
    typeof e.code === 'string' &&
    e.code !== '' &&
    typeof e.message === 'string' &&
    e.message !== ''
  );
}

/**
 * The 5xx answers that are documented behaviour, not failures: GET /readyz answers 503 while
 * starting or when storage fails; an invoke activity the bot does not handle answers 501 with
 * `{ error: { code: "not_implemented" } }` (Bot Framework's convention for invokes: the channel
 * reads the status; README, "Invokes" under the limits); a protocol upgrade (WebSocket) answers
 * 501 and the connection is closed.
 */
export function allowed5xx(c: FuzzCase, a: HttpAnswer): boolean {
  if (a.status === 503 && c.method === 'GET' && c.path.startsWith('/readyz')) return true;
  if (a.status === 501 && c.kind === 'raw/socket-upgrade') return true;
  if (a.status !== 501 || c.path !== '/api/messages' || typeof c.body !== 'string') return false;
  try {
    const request = JSON.parse(c.body) as { type?: unknown };
    const answer = JSON.parse(a.body) as { error?: { code?: unknown } };
    return request.type === 'invoke' && answer.error?.code === 'not_implemented';
  } catch {
    return false;
  }
}

/** Everything wrong with one answer to one case. */
export function checkOutcome(
  c: FuzzCase,
  outcome: Outcome,
  expect: readonly number[] | undefined,
  planted: PlantedNumbers,
): Violation[] {
  const out: Violation[] = [];
  if (outcome.failure === 'timeout') {
    out.push({
      rule: 'hang',
      detail: `no answer within the timeout (${Math.round(outcome.ms)} ms)`,
    });
  } else if (
    outcome.failure === 'connection' &&
    !(c.mayReset && outcome.error !== 'ECONNREFUSED')
  ) {
    out.push({ rule: 'connection', detail: `connection failed: ${outcome.error ?? 'unknown'}` });
  } else if (outcome.failure === 'client') {
    out.push({
      rule: 'client',
      detail: `the fuzzer could not send the request: ${outcome.error ?? ''}`,
    });
  }
  outcome.answers.forEach((a, i) => {
    if (a.status >= 500 && !allowed5xx(c, a)) {
      out.push({ rule: 'server-error', detail: `HTTP ${a.status}: ${a.body.slice(0, 300)}` });
    } else if (i === 0 && expect && a.status !== 429 && !expect.includes(a.status)) {
      out.push({
        rule: 'status',
        detail: `HTTP ${a.status}, expected ${expect.join(' or ')}: ${a.body.slice(0, 300)}`,
      });
    }
    if (a.status >= 400 && a.body !== '' && c.method !== 'HEAD') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(a.body);
      } catch {
        parsed = undefined;
      }
      if (!/json/i.test(a.contentType) || !isErrorShape(parsed)) {
        out.push({
          rule: 'error-shape',
          detail: `HTTP ${a.status} (${a.contentType || 'no type'}): ${a.body.slice(0, 300)}`,
        });
      }
    }
    const echoed = planted.find(a.body);
    if (echoed.length > 0) {
      out.push({
        rule: 'echo',
        detail: `HTTP ${a.status} repeats ${echoed.length} number(s): ${excerpt(a.body, echoed)}`,
      });
    }
  });
  return out;
}

/** The text around the first echoed number (control characters written as escapes). */
export function excerpt(text: string, numbers: readonly string[]): string {
  const show = (t: string): string =>
    t.replace(/\p{Cc}/gu, (ch) => JSON.stringify(ch).slice(1, -1));
  for (const reading of readings(text)) {
    for (const m of findPatientIds(reading)) {
      if (numbers.includes(digitsOf(reading.slice(m.start, m.end)))) {
        return show(
          reading.slice(Math.max(0, m.start - 120), Math.min(reading.length, m.end + 60)),
        );
      }
    }
  }
  return show(text.slice(0, 200));
}

// ---------------------------------------------------------------------------------------------
// Running and reporting

/** What one case was, for a failure message: enough to rebuild it, short enough to read. */
export function describeCase(c: FuzzCase, seed: number, index: number): string {
  const body =
    c.raw !== undefined
      ? ` raw=${JSON.stringify(c.raw.slice(0, 240))}${c.raw.length > 240 ? `… (${c.raw.length} bytes)` : ''}`
      : c.body === undefined
        ? ''
        : typeof c.body === 'string'
          ? ` body=${JSON.stringify(c.body.slice(0, 240))}${c.body.length > 240 ? `… (${byteLength(c.body)} bytes)` : ''}`
          : ` body=<${c.body.byteLength} binary bytes>`;
  const path = c.path.length > 200 ? `${c.path.slice(0, 200)}… (${c.path.length} chars)` : c.path;
  const headers =
    Object.keys(c.headers).length > 0 ? ` headers=${JSON.stringify(c.headers).slice(0, 300)}` : '';
  const dl = c.dl ? ` dl=${JSON.stringify(c.dl)}` : '';
  return `[seed ${seed}, ${c.category} #${index}, ${c.kind}] ${c.method} ${path}${headers}${dl}${body}`;
}

export interface CategoryStats {
  requests: number;
  /** Status code (or "timeout", "reset", "refused", "closed") → count. */
  readonly statuses: Map<string, number>;
  serverErrors: number;
  hangs: number;
  connectionFailures: number;
  echoes: number;
  /** Every other violation (status, error shape, client). */
  otherViolations: number;
  slowest: number;
}

export function emptyStats(): CategoryStats {
  return {
    requests: 0,
    statuses: new Map(),
    serverErrors: 0,
    hangs: 0,
    connectionFailures: 0,
    echoes: 0,
    otherViolations: 0,
    slowest: 0,
  };
}

/** Violations grouped by rule and kind: a count and the first example. */
export class ViolationLog {
  readonly groups = new Map<
    string,
    { rule: string; kind: string; count: number; example: string }
  >();

  /** Valid numbers in the texts are shown as ‹fnr›: a report never prints one. */
  add(rule: string, kind: string, detail: string, caseText: string): void {
    const key = `${rule} ${kind}`;
    const g = this.groups.get(key);
    if (g) g.count += 1;
    else {
      const example = `${maskPatientIds(detail, '‹fnr›')}\n      request: ${maskPatientIds(caseText, '‹fnr›')}`;
      this.groups.set(key, { rule, kind, count: 1, example });
    }
  }

  get total(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.count;
    return n;
  }

  /** One line per group (rule, kind, count) and its first example. */
  format(): string {
    return [...this.groups.values()]
      .sort((a, b) => a.rule.localeCompare(b.rule) || b.count - a.count)
      .map((g) => `  ${g.rule} × ${g.count} (${g.kind})\n      ${g.example}`)
      .join('\n');
  }
}

export interface RunOptions {
  readonly seed: number;
  readonly concurrency: number;
  /** Extra parallel slots for `slow` cases (they only wait on the server's retries). */
  readonly slowConcurrency: number;
  /** Stops taking new cases after this time (ms since the epoch). */
  readonly deadline?: number;
  /** Called after every finished case (progress, RSS sampling). */
  readonly onDone?: (done: number) => void | Promise<void>;
  /** True when the run must stop (the server died). */
  readonly stop?: () => boolean;
}

export interface IndexedCase {
  readonly c: FuzzCase;
  /** The case's index in its category's stream (with the seed, it rebuilds the case). */
  readonly index: number;
}

/** Where a run takes its cases from: the next batch, or undefined when there are no more. */
export type CaseFeed = () => readonly IndexedCase[] | undefined;

/** A feed that hands over one list in one batch. */
export function feedOf(cases: readonly IndexedCase[]): CaseFeed {
  let given = false;
  return () => {
    if (given || cases.length === 0) return undefined;
    given = true;
    return cases;
  };
}

/**
 * Sends every case of the feed (at most `concurrency` at a time, plus `slowConcurrency` slow ones
 * in their own lane, so turns that wait on retries do not hold up the rest), checks each answer
 * and counts it into `stats`. Batches are taken from the feed only as the queue runs low, so a
 * long run never holds more than a few batches. Returns how many cases were sent.
 */
export async function runCases(
  feed: CaseFeed,
  ctx: SendContext,
  planted: PlantedNumbers,
  stats: Record<Category, CategoryStats>,
  violations: ViolationLog,
  options: RunOptions,
): Promise<number> {
  const fastQueue: IndexedCase[] = [];
  const slowQueue: IndexedCase[] = [];
  let exhausted = false;
  const refill = (): void => {
    const batch = feed();
    if (!batch) {
      exhausted = true;
      return;
    }
    for (const item of batch) {
      // Registered before sending: an echo or log line may come back at any time after.
      planted.addCase(item.c);
      (item.c.slow ? slowQueue : fastQueue).push(item);
    }
  };
  /** The next case for a lane; waits while only the other lane has work and more may come. */
  const take = async (slow: boolean): Promise<IndexedCase | undefined> => {
    for (;;) {
      const queue = slow ? slowQueue : fastQueue;
      const next = queue.shift();
      if (next) return next;
      if (exhausted) return undefined;
      // Refill when this lane is empty, unless the other lane already holds plenty to do.
      if ((slow ? fastQueue : slowQueue).length < CHUNK) refill();
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  let done = 0;
  const worker = async (slow: boolean): Promise<void> => {
    for (;;) {
      if (options.stop?.() || (options.deadline !== undefined && Date.now() > options.deadline))
        return;
      const next = await take(slow);
      if (!next) return;
      const { c, index } = next;
      const { outcome, expect } = await sendCase(c, ctx);
      const s = stats[c.category];
      s.requests += 1;
      s.slowest = Math.max(s.slowest, outcome.ms);
      const label =
        outcome.failure === 'timeout'
          ? 'timeout'
          : outcome.failure === 'connection'
            ? 'refused/reset'
            : outcome.failure === 'client'
              ? 'not sent'
              : outcome.answers.length === 0
                ? 'closed'
                : outcome.answers.map((a) => String(a.status)).join('+');
      s.statuses.set(label, (s.statuses.get(label) ?? 0) + 1);
      const found = checkOutcome(c, outcome, expect, planted);
      for (const v of found) {
        if (v.rule === 'server-error') s.serverErrors += 1;
        else if (v.rule === 'hang') s.hangs += 1;
        else if (v.rule === 'connection') s.connectionFailures += 1;
        else if (v.rule === 'echo') s.echoes += 1;
        else s.otherViolations += 1;
        violations.add(v.rule, c.kind, v.detail, describeCase(c, options.seed, index));
      }
      done += 1;
      await options.onDone?.(done);
    }
  };
  await Promise.all([
    ...Array.from({ length: options.concurrency }, () => worker(false)),
    ...Array.from({ length: options.slowConcurrency }, () => worker(true)),
  ]);
  return done;
}

/** Categories' cases side by side (a, b, c, a, b, c …) so traffic is mixed. */
export function interleave(lists: readonly (readonly IndexedCase[])[]): IndexedCase[] {
  const out: IndexedCase[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) {
    for (const l of lists) {
      const item = l[i];
      if (item) out.push(item);
    }
  }
  return out;
}

/** Indexed cases from..from+count-1 of a category. */
export function indexedCases(
  category: Category,
  o: FuzzOptions,
  seed: number,
  from: number,
  count: number,
): IndexedCase[] {
  return generateCases(category, o, seed, from, count).map((c, i) => ({ c, index: from + i }));
}

// ---------------------------------------------------------------------------------------------
// Set-up and read-back against a running server

/** The ids of every knowledge item (GET /api/v1/knowledge). */
export async function fetchKnownIds(baseUrl: string): Promise<string[]> {
  const res = await fetch(`${baseUrl}/api/v1/knowledge`, { signal: AbortSignal.timeout(15_000) });
  const body = (await res.json()) as { items?: { id: string }[] };
  return (body.items ?? []).map((i) => i.id);
}

/** Starts `size` Direct Line conversations (the pool the fuzz reuses). */
export async function createDirectLinePool(
  baseUrl: string,
  size: number,
): Promise<DlConversation[]> {
  const pool: DlConversation[] = [];
  for (let i = 0; i < size; i++) {
    const res = await fetch(`${baseUrl}/v3/directline/conversations`, {
      method: 'POST',
      signal: AbortSignal.timeout(15_000),
    });
    if (res.status !== 201)
      throw new Error(`could not start a Direct Line conversation: HTTP ${res.status}`);
    pool.push((await res.json()) as DlConversation);
  }
  return pool;
}

/** Every activity stored in the pool's conversations (paging with the watermark), as JSON text. */
export async function readBackPool(
  baseUrl: string,
  pool: readonly DlConversation[],
): Promise<string[]> {
  const texts: string[] = [];
  for (const conv of pool) {
    let watermark = '0';
    for (let page = 0; page < 20; page++) {
      const res = await fetch(
        `${baseUrl}/v3/directline/conversations/${conv.conversationId}/activities?watermark=${watermark}`,
        { headers: { authorization: `Bearer ${conv.token}` }, signal: AbortSignal.timeout(15_000) },
      );
      if (res.status !== 200) break;
      const text = await res.text();
      texts.push(text);
      const body = JSON.parse(text) as { activities: unknown[]; watermark: string };
      if (body.activities.length === 0 || body.watermark === watermark) break;
      watermark = body.watermark;
    }
  }
  return texts;
}

// ---------------------------------------------------------------------------------------------
// Tables

const fmt = (n: number): string => n.toLocaleString('en-US');

/** "200: 1,234 · 400: 56" (most frequent first). */
export function histogram(statuses: ReadonlyMap<string, number>): string {
  return [...statuses.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k}: ${fmt(v)}`)
    .join(' · ');
}

/** A Markdown table (header row, separator, rows), columns padded for the terminal. */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length), 3),
  );
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    line(header),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rows.map(line),
  ].join('\n');
}

export { fmt as formatCount };
