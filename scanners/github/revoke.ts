/**
 * Revokes exactly the credential named — never its siblings — and re-reads it for verification.
 * Every GitHub revocation is irreversible (GitHub has no disable): a SAML authorization is removed,
 * a fine-grained token's access to the organization revoked, a deploy key deleted. So the only step
 * is `delete`, which the queue always sends through approval; App installations and Actions
 * secrets are acted on by hand (`manual`, revoke-manual.ts). 404 means already revoked. The
 * executor decides dry-run, approvals and guards; here a dry run only names the exact call.
 */
import type { Credential } from '../../src/core/model.js';
import type { RevokeResult, RevokeStep, VerifyResult } from '../../src/core/plugin.js';
import type { GithubClient } from './client.js';
import { describeGithubError, githubFailure, isNotFound } from './errors.js';
import { type ParsedCredentialUid, parseCredentialUid } from './kinds.js';
import { pageItemsOf } from './paginate.js';
import {
  credentialAuthorizationSchema,
  type DeployKeyPayload,
  deployKeySchema,
  fineGrainedGrantSchema,
  parseItems,
} from './payloads.js';
import { isManualKind, manualRevoke, verifyManual } from './revoke-manual.js';
import { removalCall, verifyRemoval } from './revoke-member.js';

interface Call {
  /** `DELETE /orgs/acme/credential-authorizations/42`: what the result and the audit log show. */
  apiCall: string;
  route: string;
  parameters: Record<string, unknown>;
}

function parse(credential: Credential): ParsedCredentialUid {
  const parsed = parseCredentialUid(credential.uid);
  if (!parsed || parsed.org !== credential.account)
    throw new Error(`github: ${credential.uid} is not a credential uid this plugin made`);
  return parsed;
}

function plan(credential: Credential): Call {
  const { org, repo, kind, id } = parse(credential);
  switch (kind) {
    case 'personal-access-token':
    case 'ssh-key':
    case 'oauth-app-token':
      return {
        apiCall: `DELETE /orgs/${org}/credential-authorizations/${id}`,
        route: 'DELETE /orgs/{org}/credential-authorizations/{credential_id}',
        parameters: { org, credential_id: Number(id) },
      };
    case 'fine-grained-pat':
      return {
        apiCall: `POST /orgs/${org}/personal-access-tokens/${id} {"action":"revoke"}`,
        route: 'POST /orgs/{org}/personal-access-tokens/{pat_id}',
        parameters: { org, pat_id: Number(id), action: 'revoke' },
      };
    case 'deploy-key':
      return {
        apiCall: `DELETE /repos/${org}/${repo}/keys/${id}`,
        route: 'DELETE /repos/{owner}/{repo}/keys/{key_id}',
        parameters: { owner: org, repo, key_id: Number(id) },
      };
    case 'org-membership':
    case 'outside-collaborator':
    case 'org-invitation':
      return removalCall(org, kind, id);
    case 'app-installation':
    case 'actions-secret':
      throw new Error(`github: ${credential.uid} has no API call: its step is manual`);
  }
}

/** GitHub has no reversible disable for any of these kinds: one irreversible delete. */
export function revocationSteps(credential: Credential): RevokeStep[] {
  // An App installation is removed, and an Actions secret rotated, by a person (revoke-manual.ts).
  return isManualKind(credential.kind) ? ['manual'] : ['delete'];
}

/** Revokes one credential. A dry run makes no call at all (not even for a GitHub App token). */
export async function revokeCredential(
  client: () => GithubClient,
  credential: Credential,
  step: RevokeStep,
  options: { dryRun: boolean; signal: AbortSignal },
): Promise<RevokeResult> {
  if (isManualKind(credential.kind)) return manualRevoke(credential, parse(credential), step, options.dryRun);
  if (step !== 'delete')
    throw new Error(`github: step ${step} is not supported; GitHub revocation is delete only`);
  const call = plan(credential);
  if (options.dryRun) return { outcome: 'planned', apiCall: call.apiCall };
  try {
    await client().request(call.route, { ...call.parameters, request: { signal: options.signal } });
    return { outcome: 'revoked', apiCall: call.apiCall };
  } catch (error) {
    if (isNotFound(error))
      return { outcome: 'already-revoked', apiCall: call.apiCall, detail: '404 Not Found' };
    throw githubFailure(call.apiCall, credential.account, error);
  }
}

async function readAll<T>(
  client: GithubClient,
  route: string,
  parameters: Record<string, unknown>,
  schema: Parameters<typeof parseItems<T>>[0],
  what: string,
  signal: AbortSignal,
): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pageItemsOf(client, route, { ...parameters, per_page: 100 }, signal))
    items.push(...parseItems(schema, page, what));
  return items;
}

/**
 * Re-reads the credential. Authorizations and fine-grained grants are looked up among the holder's
 * (`login` / `owner` filters), a deploy key among its repository's keys.
 */
export async function verifyCredential(
  client: GithubClient,
  credential: Credential,
  signal: AbortSignal,
): Promise<VerifyResult> {
  const { org, repo, kind, id } = parse(credential);
  const login = credential.principalName ?? undefined;
  try {
    switch (kind) {
      case 'personal-access-token':
      case 'ssh-key':
      case 'oauth-app-token': {
        const found = (
          await readAll(
            client,
            'GET /orgs/{org}/credential-authorizations',
            { org, ...(login ? { login } : {}) },
            credentialAuthorizationSchema,
            'credential authorization',
            signal,
          )
        ).find((authorization) => String(authorization.credential_id) === id);
        return found
          ? { usable: true, exists: true, detail: 'authorization still listed' }
          : { usable: false, exists: false, detail: 'authorization no longer listed' };
      }
      case 'fine-grained-pat': {
        const found = (
          await readAll(
            client,
            'GET /orgs/{org}/personal-access-tokens',
            { org, ...(login ? { owner: [login] } : {}) },
            fineGrainedGrantSchema,
            'fine-grained token grant',
            signal,
          )
        ).find((grant) => String(grant.id) === id);
        if (!found) return { usable: false, exists: false, detail: 'grant no longer listed' };
        return {
          usable: !found.token_expired,
          exists: true,
          detail: found.token_expired ? 'grant listed, token expired' : 'grant still listed',
        };
      }
      case 'deploy-key': {
        let keys: DeployKeyPayload[];
        try {
          keys = await readAll(
            client,
            'GET /repos/{owner}/{repo}/keys',
            { owner: org, repo },
            deployKeySchema,
            'deploy key',
            signal,
          );
        } catch (error) {
          if (isNotFound(error))
            return { usable: false, exists: false, detail: `repository ${org}/${repo} not found` };
          throw error;
        }
        const key = keys.find((candidate) => String(candidate.id) === id);
        if (!key) return { usable: false, exists: false, detail: 'deploy key no longer exists' };
        return {
          usable: key.enabled !== false,
          exists: true,
          detail: key.enabled === false ? 'deploy key exists, disabled' : 'deploy key still exists',
        };
      }
      case 'org-membership':
      case 'outside-collaborator':
      case 'org-invitation':
        return await verifyRemoval(client, org, kind, id, signal);
      case 'app-installation':
      case 'actions-secret':
        return await verifyManual(client, { org, ...(repo ? { repo } : {}), kind, id }, signal);
    }
  } catch (error) {
    if (
      isNotFound(error) &&
      (kind === 'personal-access-token' || kind === 'ssh-key' || kind === 'oauth-app-token')
    ) {
      // No SAML any more: the authorization is gone, but the token may now reach the org without one.
      return {
        usable: 'unknown',
        exists: false,
        detail: `re-read answered 404: ${describeGithubError(error)}`,
      };
    }
    return { usable: 'unknown', exists: 'unknown', detail: `re-read failed: ${describeGithubError(error)}` };
  }
}
