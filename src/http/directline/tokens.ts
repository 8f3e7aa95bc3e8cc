/**
 * Per-conversation Direct Line tokens: a compact HS256 JWT (header.payload.signature, base64url)
 * whose payload is `{ conversationId, userId, exp, jti }` (exp in seconds since the epoch, jti a
 * random nonce so that every token differs). The signing key is derived from DIRECT_LINE_SECRET
 * when set (tokens then survive a restart), else it is a random per-process key. Signatures and
 * the secret are compared in constant time.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export interface TokenClaims {
  readonly conversationId: string;
  readonly userId: string;
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
}

export interface IssuedToken {
  readonly token: string;
  /** Seconds until the token expires. */
  readonly expires_in: number;
}

export type TokenCheck =
  | { readonly ok: true; readonly claims: TokenClaims }
  | { readonly ok: false; readonly reason: 'malformed' | 'signature' | 'expired' };

export interface TokenService {
  issue(conversationId: string, userId: string): IssuedToken;
  verify(token: string): TokenCheck;
  /** True when a secret is configured and the value equals it. */
  isSecret(value: string): boolean;
}

const MAX_TOKEN_LENGTH = 2048;
const SEGMENT = /^[A-Za-z0-9_-]+$/;
const encodedHeader = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString(
  'base64url',
);

const claimsSchema = z.object({
  conversationId: z.string().min(1).max(200),
  userId: z.string().min(1).max(200),
  exp: z.number().int().positive(),
  jti: z.string().max(64).optional(),
});

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function createTokenService(options: {
  secret: string | undefined;
  ttlSeconds: number;
  now?: () => number;
}): TokenService {
  const now = options.now ?? Date.now;
  const key = options.secret
    ? createHmac('sha256', options.secret).update('fagstotte/directline/token-signing/v1').digest()
    : randomBytes(32);
  const secretDigest = options.secret ? sha256(options.secret) : undefined;

  const sign = (signingInput: string): Buffer =>
    createHmac('sha256', key).update(signingInput).digest();

  return {
    issue(conversationId, userId) {
      const exp = Math.floor(now() / 1000) + options.ttlSeconds;
      // jti makes every issued token distinct, even two issued within the same second.
      const claims = { conversationId, userId, exp, jti: randomBytes(12).toString('base64url') };
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      const signingInput = `${encodedHeader}.${payload}`;
      return {
        token: `${signingInput}.${sign(signingInput).toString('base64url')}`,
        expires_in: options.ttlSeconds,
      };
    },

    verify(token) {
      if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
      const parts = token.split('.');
      if (parts.length !== 3 || !parts.every((part) => SEGMENT.test(part))) {
        return { ok: false, reason: 'malformed' };
      }
      const [header = '', payload = '', signature = ''] = parts;
      if (header !== encodedHeader) return { ok: false, reason: 'malformed' };
      const expected = sign(`${header}.${payload}`);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { ok: false, reason: 'signature' };
      }
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      const parsed = claimsSchema.safeParse(decoded);
      if (!parsed.success) return { ok: false, reason: 'malformed' };
      if (parsed.data.exp * 1000 <= now()) return { ok: false, reason: 'expired' };
      const { conversationId, userId, exp } = parsed.data;
      return { ok: true, claims: { conversationId, userId, exp } };
    },

    isSecret(value) {
      if (!secretDigest) return false;
      return timingSafeEqual(sha256(value), secretDigest);
    },
  };
}
