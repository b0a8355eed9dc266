/**
 * Who can read an Actions secret's value: anyone who can make a workflow print it, that is the
 * organization owners and each repository's collaborators with write, maintain or admin (a writer
 * can push a workflow that uses the secret). One signal per login, the first reason found wins
 * (owners before writers, repositories by name); by SAML identity when known, else `github:LOGIN`.
 * Pure.
 */
import type { OwnerSignal } from '../../src/core/model.js';
import type { CollaboratorPayload } from './actions-payloads.js';
import { type IdentityDirectory, loginAlias, samlIdentifier } from './owners.js';

/** A collaborator who can read secrets, with the permission that lets them. */
export interface SecretWriter {
  login: string;
  level: 'admin' | 'maintain' | 'write';
}

/** The collaborators with write, maintain or admin; read, triage and custom read roles are left out. */
export function writersOf(collaborators: readonly CollaboratorPayload[]): SecretWriter[] {
  const writers: SecretWriter[] = [];
  for (const collaborator of collaborators) {
    const { permissions, role_name: role } = collaborator;
    const level = permissions
      ? permissions.admin
        ? 'admin'
        : permissions.maintain
          ? 'maintain'
          : permissions.push
            ? 'write'
            : undefined
      : role === 'admin' || role === 'maintain' || role === 'write'
        ? role
        : undefined;
    if (level) writers.push({ login: collaborator.login, level });
  }
  return writers;
}

export interface ReaderSources {
  org: string;
  identities: IdentityDirectory;
  /** Organization owners' logins. */
  owners: readonly string[];
  /** Writers by repository name, for the repositories the secret is visible to. */
  writersByRepo: ReadonlyMap<string, readonly SecretWriter[]>;
}

function readerSignal(org: string, login: string, why: string, identities: IdentityDirectory): OwnerSignal {
  const identity = identities.get(login.toLowerCase());
  if (identity) {
    const { value, field } = samlIdentifier(identity);
    return { kind: 'saml-identity', value, source: `${why}: SAML ${field} of ${login} in ${org}` };
  }
  return { kind: 'login', value: loginAlias(login), source: `${why}: login ${login}` };
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function secretReaders(sources: ReaderSources): OwnerSignal[] {
  const { org, identities } = sources;
  const seen = new Set<string>();
  const readers: OwnerSignal[] = [];
  const add = (login: string, why: string) => {
    const key = login.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    readers.push(readerSignal(org, login, why, identities));
  };
  for (const login of [...sources.owners].sort(byName)) add(login, 'organization owner');
  for (const repo of [...sources.writersByRepo.keys()].sort(byName)) {
    const writers = [...(sources.writersByRepo.get(repo) ?? [])].sort((a, b) => byName(a.login, b.login));
    for (const writer of writers) add(writer.login, `${writer.level} on ${org}/${repo}`);
  }
  return readers;
}
