/**
 * Access tokens: RS256 JWTs shaped like Entra's app-only v1.0 tokens for Microsoft Graph, signed
 * with the emulator's key, and their validation on the Graph side (signature, lifetime, audience).
 */
import { randomBytes, sign, verify } from 'node:crypto';
import type { SigningKey } from './keys.js';

export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Tokens live this long (Entra's `expires_in` for app-only tokens). */
export const TOKEN_LIFETIME_SECONDS = 3599;
const CLOCK_SKEW_SECONDS = 300;

export interface AccessTokenClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  app_displayname?: string;
  appid: string;
  appidacr: '1';
  idp: string;
  idtyp: 'app';
  oid: string;
  /** Left out, as Entra does, when the client holds no application permission. */
  roles?: string[];
  sub: string;
  tid: string;
  uti: string;
  ver: '1.0';
}

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function accessTokenClaims(input: {
  tenantId: string;
  clientId: string;
  objectId: string;
  displayName?: string;
  roles: readonly string[];
  now: number;
}): AccessTokenClaims {
  const iat = Math.floor(input.now / 1000);
  const issuer = `https://sts.windows.net/${input.tenantId}/`;
  return {
    aud: GRAPH_AUDIENCE,
    iss: issuer,
    iat,
    nbf: iat,
    exp: iat + TOKEN_LIFETIME_SECONDS,
    ...(input.displayName ? { app_displayname: input.displayName } : {}),
    appid: input.clientId,
    appidacr: '1',
    idp: issuer,
    idtyp: 'app',
    oid: input.objectId,
    ...(input.roles.length > 0 ? { roles: [...input.roles] } : {}),
    sub: input.objectId,
    tid: input.tenantId,
    uti: randomBytes(16).toString('base64url'),
    ver: '1.0',
  };
}

export function signAccessToken(claims: AccessTokenClaims, key: SigningKey): string {
  const signed = `${part({ typ: 'JWT', alg: 'RS256', x5t: key.kid, kid: key.kid })}.${part(claims)}`;
  return `${signed}.${sign('sha256', Buffer.from(signed), key.privateKey).toString('base64url')}`;
}

/** Why a bearer token was refused (each maps to Graph's own 401 message). */
export type TokenProblem = 'empty' | 'malformed' | 'signature' | 'expired' | 'audience';

export type TokenCheck = { ok: true; claims: AccessTokenClaims } | { ok: false; problem: TokenProblem };

function parsePart(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function checkAccessToken(token: string | undefined, key: SigningKey, now: number): TokenCheck {
  if (!token) return { ok: false, problem: 'empty' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, problem: 'malformed' };
  const [head, body, signature] = parts as [string, string, string];
  const header = parsePart(head);
  const claims = parsePart(body);
  if (!header || !claims) return { ok: false, problem: 'malformed' };
  const valid =
    header.alg === 'RS256' &&
    header.kid === key.kid &&
    verify('sha256', Buffer.from(`${head}.${body}`), key.publicKey, Buffer.from(signature, 'base64url'));
  if (!valid) return { ok: false, problem: 'signature' };
  const seconds = Math.floor(now / 1000);
  const { exp, nbf } = claims;
  if (typeof exp !== 'number' || exp + CLOCK_SKEW_SECONDS <= seconds)
    return { ok: false, problem: 'expired' };
  if (typeof nbf === 'number' && nbf - CLOCK_SKEW_SECONDS > seconds) return { ok: false, problem: 'expired' };
  if (claims.aud !== GRAPH_AUDIENCE && claims.aud !== `${GRAPH_AUDIENCE}/` && claims.aud !== GRAPH_APP_ID) {
    return { ok: false, problem: 'audience' };
  }
  return { ok: true, claims: claims as unknown as AccessTokenClaims };
}
