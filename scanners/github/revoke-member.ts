/**
 * Removing a leaver's own access to an organization, and re-reading it. Each is irreversible (the
 * person would have to be invited again), so the one step is `delete`:
 * - a member: DELETE /orgs/{org}/memberships/{username} (204; 404 not a member; 403 refused,
 *   e.g. the last owner). GitHub documents that it also cancels a pending invitation of that user;
 * - an outside collaborator: DELETE /orgs/{org}/outside_collaborators/{username} (204; 422 when the
 *   user is a member, not a collaborator);
 * - an invitation: DELETE /orgs/{org}/invitations/{invitation_id} (204; 404 unknown; 422).
 * Verification re-reads the membership (GET, 404 = gone), or re-lists the organization's outside
 * collaborators or pending invitations.
 */
import type { VerifyResult } from '../../src/core/plugin.js';
import type { GithubClient } from './client.js';
import { isNotFound } from './errors.js';
import type { PersonAccountKind } from './kinds.js';
import { invitationSchema, membershipSchema } from './member-payloads.js';
import { pageItemsOf } from './paginate.js';
import { parseItems, userSchema } from './payloads.js';

/** The one call that removes the access (revoke.ts makes it; a dry run only names it). */
export interface RemovalCall {
  apiCall: string;
  route: string;
  parameters: Record<string, unknown>;
}

/** `id` is the login (membership, collaborator) or the invitation id. */
export function removalCall(org: string, kind: PersonAccountKind, id: string): RemovalCall {
  switch (kind) {
    case 'org-membership':
      return {
        apiCall: `DELETE /orgs/${org}/memberships/${id}`,
        route: 'DELETE /orgs/{org}/memberships/{username}',
        parameters: { org, username: id },
      };
    case 'outside-collaborator':
      return {
        apiCall: `DELETE /orgs/${org}/outside_collaborators/${id}`,
        route: 'DELETE /orgs/{org}/outside_collaborators/{username}',
        parameters: { org, username: id },
      };
    case 'org-invitation':
      return {
        apiCall: `DELETE /orgs/${org}/invitations/${id}`,
        route: 'DELETE /orgs/{org}/invitations/{invitation_id}',
        parameters: { org, invitation_id: Number(id) },
      };
  }
}

async function listed<T>(
  client: GithubClient,
  route: string,
  org: string,
  schema: Parameters<typeof parseItems<T>>[0],
  what: string,
  signal: AbortSignal,
): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pageItemsOf(client, route, { org, per_page: 100 }, signal))
    items.push(...parseItems(schema, page, what));
  return items;
}

/** Re-reads the access; a failed read is thrown (revoke.ts turns it into `unknown`). */
export async function verifyRemoval(
  client: GithubClient,
  org: string,
  kind: PersonAccountKind,
  id: string,
  signal: AbortSignal,
): Promise<VerifyResult> {
  switch (kind) {
    case 'org-membership': {
      let data: unknown;
      try {
        ({ data } = await client.request('GET /orgs/{org}/memberships/{username}', {
          org,
          username: id,
          request: { signal },
        }));
      } catch (error) {
        if (isNotFound(error))
          return { usable: false, exists: false, detail: `${id} is not a member of ${org}` };
        throw error;
      }
      const membership = membershipSchema.parse(data);
      return membership.state === 'active'
        ? {
            usable: true,
            exists: true,
            detail: `${id} is still a member of ${org} (role ${membership.role})`,
          }
        : { usable: false, exists: true, detail: `${id} is invited to ${org}, not yet a member` };
    }
    case 'outside-collaborator': {
      const users = await listed(
        client,
        'GET /orgs/{org}/outside_collaborators',
        org,
        userSchema,
        'outside collaborator',
        signal,
      );
      return users.some((user) => user.login.toLowerCase() === id.toLowerCase())
        ? { usable: true, exists: true, detail: `${id} is still an outside collaborator of ${org}` }
        : { usable: false, exists: false, detail: `${id} is no longer an outside collaborator of ${org}` };
    }
    case 'org-invitation': {
      const invitations = await listed(
        client,
        'GET /orgs/{org}/invitations',
        org,
        invitationSchema,
        'organization invitation',
        signal,
      );
      return invitations.some((invitation) => String(invitation.id) === id)
        ? { usable: true, exists: true, detail: `invitation ${id} to ${org} is still pending` }
        : { usable: false, exists: false, detail: `invitation ${id} to ${org} is no longer pending` };
    }
  }
}
