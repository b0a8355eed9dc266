/**
 * Ending a leaver's own Entra user access (a `sign-in-sessions` person-account record):
 * - disable: `PATCH users/{id} {"accountEnabled":false}` (reversible: no new sign-in or token);
 * - revoke-sessions: `POST users/{id}/revokeSignInSessions` (refresh tokens and session cookies
 *   issued before now stop working).
 * Steps: a user listed enabled gets both, in that order; one listed already disabled, whose
 * sessions predate the person's leaving, gets only revoke-sessions. The re-read (`verify`) says the
 * access is usable while the account is enabled, or, for a user listed disabled, while its
 * sessions still predate the person's leaving; so each step's own effect is what a re-read checks.
 */
import type { Credential } from '../../src/core/model.js';
import type { RevokeStep, VerifyResult } from '../../src/core/plugin.js';
import type { EntraUser } from './find-user.js';
import type { GraphCall } from './graph-call.js';
import type { GraphClient } from './graph-client.js';
import { isEnabled, sessionsPredate, USER_ACCOUNT_KIND } from './user-account.js';

export const isUserAccount = (credential: Credential) => credential.kind === USER_ACCOUNT_KIND;

const listedDisabled = (credential: Credential) => credential.attributes?.accountEnabled === 'false';

export function userAccountSteps(credential: Credential): RevokeStep[] {
  return listedDisabled(credential) ? ['revoke-sessions'] : ['disable', 'revoke-sessions'];
}

export function planUserStep(credential: Credential, step: RevokeStep): GraphCall {
  const path = `users/${encodeURIComponent(credential.externalId)}`;
  if (step === 'disable')
    return {
      apiCall: `PATCH /v1.0/${path} {"accountEnabled":false}`,
      send: (graph, signal) => graph.request('PATCH', path, { body: { accountEnabled: false }, signal }),
    };
  if (step === 'revoke-sessions')
    return {
      apiCall: `POST /v1.0/${path}/revokeSignInSessions`,
      send: (graph, signal) => graph.request('POST', `${path}/revokeSignInSessions`, { signal }),
    };
  throw new Error(`azure: step ${step} is not supported for an Entra user; use disable or revoke-sessions`);
}

/** Without the person's end date, sessions revoked this recently are taken as the revocation just made. */
const RECENT_REVOCATION_MS = 24 * 60 * 60 * 1000;

/** Re-reads the user; a 404 (and any other failure) is the caller's to judge. */
export async function verifyUserAccount(
  graph: GraphClient,
  credential: Credential,
  signal: AbortSignal,
): Promise<VerifyResult> {
  const user = await graph.request<Pick<EntraUser, 'accountEnabled' | 'signInSessionsValidFromDateTime'>>(
    'GET',
    `users/${encodeURIComponent(credential.externalId)}`,
    { query: { $select: 'accountEnabled,signInSessionsValidFromDateTime' }, signal },
  );
  const enabled = isEnabled(user ?? {});
  const validFrom = user?.signInSessionsValidFromDateTime ?? null;
  const end = credential.attributes?.accessEndedOn ?? null;
  const sessionsLive = end
    ? sessionsPredate(validFrom, end)
    : !(validFrom && Date.now() - Date.parse(validFrom) < RECENT_REVOCATION_MS);
  return {
    usable: enabled || (listedDisabled(credential) && sessionsLive),
    exists: true,
    detail: `account ${enabled ? 'enabled' : 'disabled'}, sessions valid from ${validFrom ?? 'creation'}${sessionsLive ? '' : ' (revoked)'}`,
  };
}
