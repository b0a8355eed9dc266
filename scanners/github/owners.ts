/**
 * Owner signals from GitHub logins. A SAML external identity links a login to the IdP account
 * (nameId, usually the HR email); without one, the login itself is the signal (`github:LOGIN`,
 * the HR alias form). One identity gives one signal: when the SAML identity is known the login is
 * not repeated, since an HR file without `github:` aliases would otherwise raise owner-not-in-hr
 * for a person SAML already names. Pure.
 */
import type { OwnerSignal } from '../../src/core/model.js';
import type { ExternalIdentityPayload } from './payloads.js';

export interface SamlIdentity {
  login: string;
  nameId: string | null;
  emails: string[];
}

/** SAML identities of one organization by login, lower-cased (GitHub logins are case-insensitive). */
export type IdentityDirectory = ReadonlyMap<string, SamlIdentity>;

export const NO_IDENTITIES: IdentityDirectory = new Map();

/** Identities from GraphQL nodes; nodes without a linked user or a SAML identity are skipped. */
export function identityDirectory(
  nodes: readonly (ExternalIdentityPayload | null)[],
): Map<string, SamlIdentity> {
  const directory = new Map<string, SamlIdentity>();
  for (const node of nodes) {
    const login = node?.user?.login;
    const saml = node?.samlIdentity;
    if (!login || !saml) continue;
    const nameId = saml.nameId?.trim() || null;
    const emails = (saml.emails ?? []).map((email) => email.value?.trim() ?? '').filter(Boolean);
    if (!nameId && emails.length === 0) continue;
    directory.set(login.toLowerCase(), { login, nameId, emails });
  }
  return directory;
}

/**
 * The identifier of a SAML identity that HR is most likely to hold: the nameId when it is an email,
 * else the first email, else the nameId (an IdP user name, which HR may hold as an alias).
 */
export function samlIdentifier(identity: SamlIdentity): { value: string; field: 'nameId' | 'email' } {
  if (identity.nameId?.includes('@')) return { value: identity.nameId, field: 'nameId' };
  const email = identity.emails.find((candidate) => candidate.includes('@'));
  if (email) return { value: email, field: 'email' };
  return identity.nameId
    ? { value: identity.nameId, field: 'nameId' }
    : { value: identity.emails[0] ?? '', field: 'email' };
}

/** `github:LOGIN`, the HR alias form of a GitHub login. */
export function loginAlias(login: string): string {
  return `github:${login}`;
}

/** Signals for the user who holds a credential: `saml-identity` when known, else `login`. */
export function holderSignals(
  org: string,
  login: string,
  identities: IdentityDirectory,
  where: string,
): OwnerSignal[] {
  const identity = identities.get(login.toLowerCase());
  if (identity) {
    const { value, field } = samlIdentifier(identity);
    return [{ kind: 'saml-identity', value, source: `${where}: SAML ${field} of ${login} in ${org}` }];
  }
  return [{ kind: 'login', value: loginAlias(login), source: `${where}: login` }];
}

/** Signals for the user who created a credential (deploy key added_by): `creator`, by SAML identity when known. */
export function creatorSignals(
  org: string,
  login: string | null | undefined,
  identities: IdentityDirectory,
  where: string,
): OwnerSignal[] {
  if (!login) return [];
  const identity = identities.get(login.toLowerCase());
  if (identity) {
    const { value, field } = samlIdentifier(identity);
    return [{ kind: 'creator', value, source: `${where}: added by ${login}, SAML ${field} in ${org}` }];
  }
  return [{ kind: 'creator', value: loginAlias(login), source: `${where}: added by ${login}` }];
}
