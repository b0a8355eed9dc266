/**
 * Owner evidence from a GitLab user (`GET /users/:id`): the email an administrator reads
 * (`owners-api`), SAML identities' `extern_uid` (`saml-identity`), and the username (`login`, which
 * HR holds as a plain alias). Readers of a CI/CD variable: the project's Maintainers and Owners.
 * Pure.
 */
import type { OwnerSignal } from '../../src/core/model.js';
import type { GitlabUser, Member } from './emulator/estate.js';

type UserFacts = Pick<GitlabUser, 'id' | 'username'> & Partial<Pick<GitlabUser, 'email' | 'identities'>>;

const SAML_PROVIDERS = new Set(['saml', 'group_saml']);

export function userSignals(user: UserFacts): OwnerSignal[] {
  const read = `GitLab user ${user.username} (GET /users/${user.id})`;
  const signals: OwnerSignal[] = [];
  if (user.email) signals.push({ kind: 'owners-api', value: user.email, source: `email of ${read}` });
  for (const identity of user.identities ?? []) {
    if (SAML_PROVIDERS.has(identity.provider) && identity.extern_uid)
      signals.push({
        kind: 'saml-identity',
        value: identity.extern_uid,
        source: `${identity.provider} identity of ${read}`,
      });
  }
  signals.push({ kind: 'login', value: user.username, source: `username of ${read}` });
  return signals;
}

/** Maintainer (40) and up may read a project's CI/CD variables. */
export const MAINTAINER = 40;

export function variableReaders(projectPath: string, members: readonly Member[]): OwnerSignal[] {
  return members
    .filter((member) => member.access_level >= MAINTAINER)
    .sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0))
    .map((member) => {
      const why = `${member.access_level >= 50 ? 'Owner' : 'Maintainer'} of ${projectPath}`;
      return member.email
        ? { kind: 'owners-api' as const, value: member.email, source: `${why}: email of ${member.username}` }
        : { kind: 'login' as const, value: member.username, source: `${why}: username ${member.username}` };
    });
}
