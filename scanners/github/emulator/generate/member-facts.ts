/**
 * The downstream account checks' part of the ground truth: every generated member of an
 * organization who has left (a leaver, or a contractor whose contract ended) is still a member, so
 * the scanner lists their `org-membership` (a person-account record) and policy must raise
 * leaver-access-remains on it. Recorded from the estate as built; draws nothing random.
 */
import type { BuildContext } from '../../../../src/emulate/generate/context.js';
import type { RosterEntry } from '../../../../src/emulate/generate/people.js';
import type { GithubOrgEstate } from '../estate.js';

export function recordMembershipFacts(context: BuildContext, orgs: readonly GithubOrgEstate[]): void {
  const byLogin = new Map<string, RosterEntry>();
  for (const entry of context.roster.entries)
    if (entry.githubLogin !== null) byLogin.set(entry.githubLogin.toLowerCase(), entry);
  for (const org of orgs) {
    for (const member of org.members) {
      const entry = byLogin.get(member.login.toLowerCase());
      if (!entry || (entry.lifecycle !== 'leaver' && entry.lifecycle !== 'expired-contractor')) continue;
      context.facts.push({
        uid: `github:${org.login}:org-membership:${member.login}`,
        provider: 'github',
        account: org.login,
        kind: 'org-membership',
        ownerClass: entry.lifecycle,
        owner: entry,
        // Still a member; GitHub gives no date of joining and no last use (neither is read by its rule).
        timeline: { state: 'active', createdDaysAgo: 0, lastUsedDaysAgo: null, expiresInDays: null },
        privileged: member.role === 'admin',
        department: null,
        nature: 'person-account',
      });
    }
  }
}
