/**
 * github: SAML credential authorizations (classic tokens, SSH keys, OAuth app tokens), fine-grained
 * token grants, repository deploy keys, App installations and Actions secrets (shared secrets, with
 * who can read them) of every configured organization, with owners from SAML identities, logins and
 * deploy keys' creators, privilege from scopes and permissions, and exact revocation (manual for
 * installations and secrets).
 */

import { mergeIterables } from '../../src/core/merge-iterables.js';
import type { PluginSource, ScanContext, ScannerPlugin, ScanPage } from '../../src/core/plugin.js';
import { RequestBudget } from './budget.js';
import { type GithubClient, githubClient } from './client.js';
import { departedPeople } from './departed.js';
import { isTransient } from './errors.js';
import { GITHUB_CREDENTIAL_KINDS, PERSON_ACCOUNT_KINDS } from './kinds.js';
import { listOrganization } from './list-org.js';
import { type GithubOptions, githubOptionsSchema } from './options.js';
import { budgetReason } from './problems.js';
import { revocationSteps, revokeCredential, verifyCredential } from './revoke.js';
import type { GuardClock } from './secondary-guard.js';

export const SCAN_PERMISSIONS = [
  'classic token of an organization owner: read:org (members, outside collaborators, SAML identities, credential authorizations, app installations)',
  'classic token: repo (repositories and their deploy keys; admin on each repository)',
  'GitHub App: organization Members read, Administration read, Personal access tokens read; repository Administration read, Metadata read',
  'fine-grained token grants can be listed by a GitHub App only; credential authorizations by a classic token only',
  'Actions secrets (names and dates, never values): classic token admin:org (organization secrets) and repo (repository secrets, collaborators); GitHub App organization Secrets read, repository Secrets read and Metadata read',
] as const;

export const REVOKE_PERMISSIONS = [
  'classic token of an organization owner: admin:org (DELETE /orgs/{org}/credential-authorizations/{credential_id})',
  'GitHub App: organization Personal access tokens write (POST /orgs/{org}/personal-access-tokens/{pat_id})',
  'classic token: repo, or GitHub App: repository Administration write (DELETE /repos/{owner}/{repo}/keys/{key_id})',
  'none for App installations (an organization owner uninstalls in the web UI: the API lets only the app itself) and Actions secrets (rotated by hand): their step is manual; verify re-reads them with the scan permissions',
] as const;

/** Lists every organization of the source; `clock` is the secondary guard's (tests fix it). */
export async function* listGithub(
  options: GithubOptions,
  context: ScanContext,
  clock?: GuardClock,
): AsyncGenerator<ScanPage> {
  const budget = new RequestBudget(options.requestBudget);
  const client = githubClient(options, {
    ...(clock ? { clock } : {}),
    budget,
    signal: context.signal,
    graphqlIntervalMs: options.graphqlIntervalMs,
    progress: context.progress,
  });
  const departed = departedPeople(context.people, context.asOf, context.focus);
  // A termination scan with nobody who has left among its people: nothing to read.
  if (context.focus && !departed) return;
  const scan = {
    client,
    options,
    budget,
    signal: context.signal,
    progress: context.progress,
    ...(departed ? { departed } : {}),
    ...(context.focus ? { focused: true } : {}),
  };
  // Organizations in parallel, sharing the client: one request budget, one primary-limit pacer and
  // one secondary guard for the token.
  const organization = async function* (org: string): AsyncGenerator<ScanPage> {
    context.signal.throwIfAborted();
    if (budget.exhausted) {
      yield {
        credentials: [],
        principals: [],
        partial: { scope: `org ${org}`, reason: budgetReason(budget, 'organization not scanned') },
      };
      return;
    }
    yield* listOrganization(scan, org);
  };
  yield* mergeIterables(
    options.orgs.map((org) => () => organization(org)),
    options.organizationConcurrency,
  );
  // Cancelled after the last page: never end as if the listing were complete.
  context.signal.throwIfAborted();
}

export const plugin = {
  id: 'github',
  description:
    'GitHub SAML credential authorizations, fine-grained token grants, deploy keys, App installations and Actions secrets (@octokit/rest)',
  credentialKinds: GITHUB_CREDENTIAL_KINDS,
  personAccountKinds: PERSON_ACCOUNT_KINDS,
  permissions: { scan: SCAN_PERMISSIONS, revoke: REVOKE_PERMISSIONS },
  optionsSchema: githubOptionsSchema,
  create(options: GithubOptions, _source: PluginSource) {
    let client: GithubClient | undefined;
    const clientFor = () => {
      client ??= githubClient(options);
      return client;
    };
    return {
      list: (context) => listGithub(options, context),
      revoker: {
        steps: revocationSteps,
        revoke: (credential, step, revokeOptions) =>
          revokeCredential(clientFor, credential, step, revokeOptions),
        verify: (credential, context) => verifyCredential(clientFor(), credential, context.signal),
        isTransient,
      },
    };
  },
} satisfies ScannerPlugin<GithubOptions>;
