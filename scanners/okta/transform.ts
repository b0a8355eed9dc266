/**
 * Pure payload → model transforms: an API token (with its creator, as looked up) and an OAuth app's
 * client secrets and JSON Web Keys become Credentials; the creating users and the apps Principals.
 * Only ids, names, dates, statuses, `secret_hash` and `kid` are read: a client secret's value
 * (`client_secret`, which Okta may send) is never touched, so it cannot reach a Credential.
 */
import type { ApiToken, Application, OAuth2ClientSecret, RoleType } from '@okta/okta-sdk-nodejs';
import type { Credential, OwnerSignal, Principal } from '../../src/core/model.js';
import { API_TOKEN_KIND, CLIENT_JWK_KIND, CLIENT_SECRET_KIND } from './kinds.js';
import { apiTokenLastUse } from './last-use.js';

export const NO_SECRET_LAST_USE_REASON =
  'Okta does not record when an OAuth client secret or key was last used (only the System Log shows token requests), so last use is unknown';

/** The creator of an API token as looked up: a user, or `null` when Okta no longer has them (404). */
export interface Creator {
  id: string;
  login: string | undefined;
  email: string | undefined;
  status: string | undefined;
  roles: readonly RoleType[];
}

/** An app's JSON Web Key as the client returns it (the SDK types it as a union of key shapes). */
export interface ListedKey {
  id?: string;
  kid?: string | null;
  kty?: string;
  status?: string;
  created?: string;
}

const isoOf = (value: Date | string | null | undefined): string | null =>
  value === undefined || value === null ? null : value instanceof Date ? value.toISOString() : value;

const userUid = (host: string, id: string) => `okta:${host}:user:${id}`;
const appUid = (host: string, id: string) => `okta:${host}:app:${id}`;

export function userPrincipal(host: string, creator: Creator): Principal {
  return {
    uid: userUid(host, creator.id),
    provider: 'okta',
    account: host,
    kind: 'user',
    name: creator.login ?? creator.id,
    ...(creator.status ? { tags: { status: creator.status } } : {}),
  };
}

export function appPrincipal(host: string, app: Application & { id: string }): Principal {
  const clientId = (app as { credentials?: { oauthClient?: { client_id?: string } } }).credentials
    ?.oauthClient?.client_id;
  return {
    uid: appUid(host, app.id),
    provider: 'okta',
    account: host,
    kind: 'oauth-app',
    name: app.label,
    tags: { signOnMode: app.signOnMode, ...(clientId ? { client_id: clientId } : {}) },
  };
}

interface TokenFacts {
  host: string;
  /** undefined: the creator was not looked up (no userId); null: Okta has no such user (404). */
  creator: Creator | null | undefined;
  privilegedRoles: readonly string[];
  asOf: Date;
}

export function apiTokenCredential(token: ApiToken & { id: string }, facts: TokenFacts): Credential {
  const { host, creator } = facts;
  const createdAt = isoOf(token.created);
  const expiresAt = isoOf(token.expiresAt);
  const lastUse = apiTokenLastUse(createdAt, expiresAt, token.tokenWindow);
  const held = creator ? creator.roles.filter((role) => facts.privilegedRoles.includes(role)) : [];
  const who = creator ? (creator.login ?? creator.id) : token.userId;
  const named = creator?.email ?? creator?.login;
  const ownerSignals: OwnerSignal[] =
    creator && named
      ? [
          {
            kind: 'creator',
            value: named,
            source: `API token ${token.name} was created by Okta user ${who} (${creator.id})`,
          },
        ]
      : [];
  const status =
    expiresAt !== null && Date.parse(expiresAt) <= facts.asOf.getTime()
      ? 'expired'
      : creator?.status === 'DEPROVISIONED'
        ? 'inactive'
        : 'active';
  const attributes: Record<string, string> = { name: token.name };
  if (token.userId) attributes.userId = token.userId;
  if (token.tokenWindow) attributes.tokenWindow = token.tokenWindow;
  if (token.clientName) attributes.clientName = token.clientName;
  if (creator === null) attributes.creator = 'not found in Okta (deleted user)';
  return {
    uid: `okta:${host}:${API_TOKEN_KIND}:${token.id}`,
    provider: 'okta',
    account: host,
    kind: API_TOKEN_KIND,
    externalId: token.id,
    principalUid: token.userId ? userUid(host, token.userId) : null,
    principalName: who ?? null,
    status,
    createdAt,
    expiresAt,
    lastUsedAt: 'lastUsedAt' in lastUse ? lastUse.lastUsedAt : null,
    lastUsedKnown: 'lastUsedAt' in lastUse,
    ...('unknownReason' in lastUse ? { lastUsedUnknownReason: lastUse.unknownReason } : {}),
    privileged: held.length > 0,
    privilegedReasons: held.map(
      (role) => `an API token acts with its creator's admin rights: ${who} holds ${role}`,
    ),
    department: null,
    ownerSignals,
    attributes,
  };
}

/** Owner signals from the configured keys of an app's `profile` (a string or a list of strings each). */
export function appOwnerSignals(app: Application & { id: string }, keys: readonly string[]): OwnerSignal[] {
  const signals: OwnerSignal[] = [];
  for (const key of keys) {
    const raw = app.profile?.[key];
    const values = Array.isArray(raw) ? raw : [raw];
    for (const value of values)
      if (typeof value === 'string' && value.trim() !== '')
        signals.push({
          kind: 'tag',
          value: value.trim(),
          source: `profile.${key} of Okta app ${app.label} (${app.id})`,
        });
  }
  return signals;
}

interface AppCredentialFacts {
  host: string;
  app: Application & { id: string };
  ownerSignals: OwnerSignal[];
}

function appCredential(
  facts: AppCredentialFacts,
  kind: typeof CLIENT_SECRET_KIND | typeof CLIENT_JWK_KIND,
  item: { id: string; status?: string; created?: string },
): Credential {
  const { host, app } = facts;
  return {
    uid: `okta:${host}:${kind}:${app.id}/${item.id}`,
    provider: 'okta',
    account: host,
    kind,
    externalId: `${app.id}/${item.id}`,
    principalUid: appUid(host, app.id),
    principalName: app.label,
    status: item.status === 'ACTIVE' ? 'active' : 'inactive',
    createdAt: isoOf(item.created),
    expiresAt: null,
    lastUsedAt: null,
    lastUsedKnown: false,
    lastUsedUnknownReason: NO_SECRET_LAST_USE_REASON,
    privileged: false,
    privilegedReasons: [],
    department: null,
    ownerSignals: facts.ownerSignals.map((signal) => ({ ...signal })),
  };
}

export function clientSecretCredential(
  facts: AppCredentialFacts,
  secret: OAuth2ClientSecret & { id: string },
): Credential {
  return {
    ...appCredential(facts, CLIENT_SECRET_KIND, secret),
    ...(secret.secret_hash ? { hint: secret.secret_hash } : {}),
  };
}

export function clientJwkCredential(facts: AppCredentialFacts, key: ListedKey & { id: string }): Credential {
  const attributes: Record<string, string> = {};
  if (key.kid) attributes.kid = key.kid;
  if (key.kty) attributes.kty = key.kty;
  return {
    ...appCredential(facts, CLIENT_JWK_KIND, key),
    ...(key.kid ? { hint: key.kid } : {}),
    ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
  };
}
