/**
 * GitLab.com's group credentials inventory: the personal access tokens of a top-level group's
 * enterprise users (`GET /groups/:id/manage/personal_access_tokens`, an Owner's read), each with its
 * user (`GET /users/:id`, once per user) and the user's group SAML identity
 * (`GET /groups/:id/saml/identities`, read once, when there is a token; 404 = no SAML single
 * sign-on, so no identity). @gitbeaker/rest 43.8 has no method for the inventory: it is called
 * through the client's own requester. Revoked tokens are not listed; a failure marks the part partial.
 */
import type { Credential, OwnerSignal, Principal } from '../../src/core/model.js';
import { couldNotRead } from '../../src/core/partial-page.js';
import type { ScanPage } from '../../src/core/plugin.js';
import type { GitlabApi } from './clients.js';
import type { GitlabGroup, GitlabUser, PersonalAccessToken, SamlIdentity } from './emulator/estate.js';
import { describeGitlabError, isNotFound } from './errors.js';
import { userSignals } from './owners.js';
import { type ExpandedPage, listAll, pagesOf } from './paginate.js';
import { patCredential, userPrincipal } from './transform.js';

export interface InventoryScan {
  api: GitlabApi;
  perPage: number;
  signal: AbortSignal;
}

type ReadUser = Pick<GitlabUser, 'id' | 'username'> & Partial<Pick<GitlabUser, 'email' | 'identities'>>;

/** One page of a group's credentials inventory, through the client's requester. */
export async function inventoryPage(
  api: GitlabApi,
  groupId: number,
  page: { page: number; perPage: number },
): Promise<ExpandedPage<PersonalAccessToken>> {
  const answer = await api.groups.requester.get<Record<string, unknown>[]>(
    `groups/${groupId}/manage/personal_access_tokens`,
    { searchParams: { page: page.page, perPage: page.perPage } },
  );
  const next = Number(answer.headers['x-next-page']);
  return {
    data: answer.body as unknown as PersonalAccessToken[],
    paginationInfo: { next: Number.isInteger(next) && next > 0 ? next : null },
  };
}

async function samlIdentities(scan: InventoryScan, group: GitlabGroup): Promise<Map<number, string>> {
  try {
    const identities = await listAll(
      async (page) =>
        (await scan.api.groupSamlIdentities.all(group.id, page)) as unknown as ExpandedPage<SamlIdentity>,
      scan.perPage,
      scan.signal,
    );
    return new Map(identities.map((identity) => [identity.user_id, identity.extern_uid]));
  } catch (error) {
    // No SAML single sign-on for the group: nobody has an identity there.
    if (isNotFound(error)) return new Map();
    throw error;
  }
}

export async function* listInventory(
  scan: InventoryScan,
  account: string,
  group: GitlabGroup,
): AsyncGenerator<ScanPage> {
  const { api, signal } = scan;
  const users = new Map<number, ReadUser>();
  let identities: Map<number, string> | undefined;
  let operation = `GET /groups/${group.id}/manage/personal_access_tokens`;
  try {
    const pages = pagesOf((page) => inventoryPage(api, group.id, page), scan.perPage, signal);
    for await (const tokens of pages) {
      const credentials: Credential[] = [];
      const principals: Principal[] = [];
      for (const token of tokens) {
        if (token.revoked) continue;
        if (!identities) {
          operation = `GET /groups/${group.id}/saml/identities`;
          identities = await samlIdentities(scan, group);
        }
        let user = users.get(token.user_id);
        if (!user) {
          operation = `GET /users/${token.user_id}`;
          signal.throwIfAborted();
          user = (await api.users.show(token.user_id)) as unknown as ReadUser;
          users.set(token.user_id, user);
          principals.push(userPrincipal(account, user));
        }
        const externUid = identities.get(user.id);
        const saml: OwnerSignal[] = externUid
          ? [
              {
                kind: 'saml-identity',
                value: externUid,
                source: `SAML identity of ${user.username} in group ${group.full_path} (GET /groups/${group.id}/saml/identities)`,
              },
            ]
          : [];
        credentials.push(patCredential(account, token, user, [...userSignals(user), ...saml], group.id));
      }
      operation = `GET /groups/${group.id}/manage/personal_access_tokens`;
      yield { credentials, principals };
    }
  } catch (error) {
    const reason = `${operation} failed: ${describeGitlabError(error)}`;
    yield couldNotRead(error, signal, `group ${account}: credentials inventory`, reason);
  }
}
