/**
 * One generated GitHub organization as it fills up: members (with a SAML identity where SAML is
 * on, whose nameId is the HR email) added as credential holders appear, and repositories opened as
 * deploy keys need a place.
 */

import type { BuildContext } from '../../../../src/emulate/generate/context.js';
import { PURPOSES } from '../../../../src/emulate/generate/names.js';
import type { RosterEntry } from '../../../../src/emulate/generate/people.js';
import type { GithubOrgEstate, GithubRepoEstate } from '../estate.js';

/** A repository holds one to three deploy keys; a few hold none. */
const KEYS_PER_REPO = [0, 1, 1, 2, 2, 3, 3] as const;

export class OrgBuilder {
  readonly org: GithubOrgEstate;
  private readonly members = new Set<string>();
  private repo: GithubRepoEstate | undefined;
  private repoRoom = 0;

  constructor(
    private readonly context: BuildContext,
    readonly login: string,
    id: number,
    readonly saml: boolean,
  ) {
    this.org = {
      login,
      id,
      name: login,
      createdAt: '2019-03-01T00:00:00Z',
      saml,
      members: [],
      outsideCollaborators: [],
      externalIdentities: [],
      credentialAuthorizations: [],
      fineGrainedTokens: [],
      repos: [],
      installations: [],
    };
  }

  /** Whether the person is a member of this organization already. */
  isMember(entry: RosterEntry): boolean {
    return this.members.has(this.context.rosterBuilder.githubLoginOf(entry));
  }

  /** The person's login, as a member of this organization (with a SAML identity where SAML is on). */
  member(entry: RosterEntry): { login: string; id: number } {
    const login = this.context.rosterBuilder.githubLoginOf(entry);
    const id = 200_000 + entry.index;
    if (!this.members.has(login)) {
      this.members.add(login);
      this.org.members.push({ login, id, role: this.context.random.chance(0.02) ? 'admin' : 'member' });
      if (this.saml)
        this.org.externalIdentities.push({ login, nameId: entry.person.email, emails: [entry.person.email] });
    }
    return { login, id };
  }

  /** The repository the next deploy key goes to (a new one when the current one is full). */
  nextRepo(serial: () => number): GithubRepoEstate {
    while (!this.repo || this.repoRoom === 0) {
      const purpose = this.context.random.pick(PURPOSES);
      this.repo = {
        name: `${purpose}-${serial()}`,
        id: 500_000 + serial(),
        private: this.context.random.chance(0.8),
        deployKeys: [],
      };
      this.org.repos.push(this.repo);
      this.repoRoom = this.context.random.pick(KEYS_PER_REPO);
    }
    this.repoRoom--;
    return this.repo;
  }
}
