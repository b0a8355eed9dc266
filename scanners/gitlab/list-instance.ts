/**
 * Lists an instance's personal access tokens (self-managed, an administrator's token:
 * `GET /personal_access_tokens` lists every user's), each with its user (`GET /users/:id`, once per
 * user) for owner evidence. Bot users' tokens are the group and project access tokens, listed with
 * their group (list-group.ts), so they are skipped here; revoked tokens can never work again and are
 * not listed. Any failed call ends the listing with a page marked partial.
 */
import type { Credential, Principal } from '../../src/core/model.js';
import { couldNotRead } from '../../src/core/partial-page.js';
import type { ScanPage } from '../../src/core/plugin.js';
import type { GitlabApi } from './clients.js';
import type { GitlabUser, PersonalAccessToken } from './emulator/estate.js';
import { describeGitlabError } from './errors.js';
import { userSignals } from './owners.js';
import { type ExpandedPage, pagesOf } from './paginate.js';
import { patCredential, userPrincipal } from './transform.js';

export interface InstanceScan {
  api: GitlabApi;
  perPage: number;
  signal: AbortSignal;
}

/** A user as read: an administrator sees `email` and `identities`, anyone else neither. */
type ReadUser = Pick<GitlabUser, 'id' | 'username' | 'bot'> &
  Partial<Pick<GitlabUser, 'email' | 'identities'>>;

export async function* listInstance(scan: InstanceScan, account: string): AsyncGenerator<ScanPage> {
  const { api, signal } = scan;
  const users = new Map<number, ReadUser>();
  let operation = 'GET /personal_access_tokens';
  try {
    const pages = pagesOf(
      async (page) =>
        (await api.personalAccessTokens.all(page)) as unknown as ExpandedPage<PersonalAccessToken>,
      scan.perPage,
      signal,
    );
    for await (const tokens of pages) {
      const credentials: Credential[] = [];
      const principals: Principal[] = [];
      for (const token of tokens) {
        if (token.revoked) continue;
        let user = users.get(token.user_id);
        if (!user) {
          operation = `GET /users/${token.user_id}`;
          signal.throwIfAborted();
          user = (await api.users.show(token.user_id)) as unknown as ReadUser;
          users.set(token.user_id, user);
          if (!user.bot) principals.push(userPrincipal(account, user));
        }
        if (user.bot) continue;
        credentials.push(patCredential(account, token, user, userSignals(user)));
      }
      operation = 'GET /personal_access_tokens';
      yield { credentials, principals };
    }
  } catch (error) {
    const reason = `${operation} failed: ${describeGitlabError(error)}`;
    yield couldNotRead(error, signal, `instance ${account} personal access tokens`, reason);
  }
}
