/**
 * gitlab: personal access tokens (instance-wide with an administrator's token, or a GitLab.com
 * group's credentials inventory with an Owner's), group and project
 * access tokens, deploy tokens, deploy keys and CI/CD variables' metadata of the configured groups,
 * through the official client (@gitbeaker/rest) on a paced transport; owners from the token's
 * user (email, SAML identity, username); revocation by revoking or deleting exactly the credential.
 */
import type { PluginSource, ScanContext, ScannerPlugin, ScanPage } from '../../src/core/plugin.js';
import { gitlabApi } from './clients.js';
import { isTransient } from './errors.js';
import { GITLAB_CREDENTIAL_KINDS, type GitlabKind, PAT_KIND } from './kinds.js';
import { listGroup } from './list-group.js';
import { listInstance } from './list-instance.js';
import { type GitlabOptions, gitlabOptionsSchema, instanceAccount } from './options.js';
import { revocationSteps, revokeCredential } from './revoke.js';
import { verifyCredential } from './verify.js';

export const SCAN_PERMISSIONS = [
  'a token with scope read_api (a personal, group or service-account access token)',
  'Maintainer (or Owner) of each configured group: access tokens, deploy tokens, deploy keys, CI/CD variables and members are Maintainer reads',
  'instance: true — an administrator’s token (self-managed): GET /personal_access_tokens lists every user’s, GET /users/:id shows email and identities',
  'credentialsInventory: true — Owner of each top-level group (GitLab.com Ultimate): GET /groups/:id/manage/personal_access_tokens, GET /groups/:id/saml/identities',
] as const;

export const REVOKE_PERMISSIONS = [
  'a token with scope api',
  'Maintainer (or Owner) of the group or project: revoke its access tokens and deploy tokens, remove its deploy keys',
  'an administrator (self-managed): revoke another user’s personal access token',
  'credentialsInventory: true — Owner of the top-level group: DELETE /groups/:id/manage/personal_access_tokens/:id',
] as const;

async function* listGitlab(options: GitlabOptions, context: ScanContext): AsyncGenerator<ScanPage> {
  context.signal.throwIfAborted();
  const api = gitlabApi(options, context.signal);
  const kinds = new Set<GitlabKind>(options.kinds);
  const scan = {
    api,
    kinds,
    credentialsInventory: options.credentialsInventory,
    perPage: options.perPage,
    signal: context.signal,
    progress: context.progress,
  };
  if (options.instance && kinds.has(PAT_KIND)) yield* listInstance(scan, instanceAccount(options));
  for (const group of options.groups) {
    context.signal.throwIfAborted();
    yield* listGroup(scan, group);
  }
  // Cancelled after the last page: never end as if the listing were complete.
  context.signal.throwIfAborted();
}

export const plugin = {
  id: 'gitlab',
  description:
    'GitLab personal, group and project access tokens, deploy tokens, deploy keys and CI/CD variables, with owners and privilege (@gitbeaker/rest)',
  credentialKinds: GITLAB_CREDENTIAL_KINDS,
  permissions: { scan: SCAN_PERMISSIONS, revoke: REVOKE_PERMISSIONS },
  optionsSchema: gitlabOptionsSchema,
  create(options: GitlabOptions, _source: PluginSource) {
    return {
      list: (context) => listGitlab(options, context),
      revoker: {
        steps: revocationSteps,
        revoke: (credential, step, revokeOptions) =>
          revokeCredential((signal) => gitlabApi(options, signal), credential, step, revokeOptions),
        verify: (credential, context) =>
          verifyCredential(gitlabApi(options, context.signal), credential, context.signal),
        isTransient,
      },
    };
  },
} satisfies ScannerPlugin<GitlabOptions>;
