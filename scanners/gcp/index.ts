/**
 * gcp: user-managed service-account keys of every configured project, with last authentication
 * from Policy Analyzer, owners from the description convention, the account's own IAM bindings and
 * its name, privilege from the project's IAM policy, and exact revocation (@googleapis/iam v1); and
 * leavers' own `user:` bindings on each project (a downstream account check), removed through
 * setIamPolicy.
 */

import { mergeIterables } from '../../src/core/merge-iterables.js';
import type { PluginSource, ScanContext, ScannerPlugin, ScanPage } from '../../src/core/plugin.js';
import { type GcpClients, gcpClients } from './clients.js';
import { isTransient } from './errors.js';
import { LAST_USE_PERMISSION } from './last-use.js';
import { IAM_BINDING_KIND } from './leaver-bindings.js';
import { listProject } from './list-project.js';
import { type GcpOptions, gcpOptionsSchema } from './options.js';
import { ownerConventions } from './owners.js';
import { revocationSteps, revokeCredential, verifyCredential } from './revoke.js';
import { GCP_CREDENTIAL_KINDS } from './transform.js';

export const SCAN_PERMISSIONS = [
  'iam.serviceAccounts.list',
  'iam.serviceAccountKeys.list',
  'iam.serviceAccounts.getIamPolicy (owner signals; serviceAccountIamPolicy: true)',
  "resourcemanager.projects.getIamPolicy (privilege; leavers' own user: bindings)",
  `${LAST_USE_PERMISSION} (last use; lastUse: true)`,
  'predefined roles that hold them: roles/iam.securityReviewer and roles/policyanalyzer.activityAnalysisViewer',
] as const;

export const REVOKE_PERMISSIONS = [
  'iam.serviceAccountKeys.disable',
  'iam.serviceAccountKeys.delete',
  'iam.serviceAccountKeys.get (verify)',
  'iam.serviceAccounts.get (verify)',
  'iam.serviceAccounts.disable (only with disableServiceAccount: true)',
  "resourcemanager.projects.getIamPolicy and resourcemanager.projects.setIamPolicy (remove a leaver's user: binding; verify)",
  'predefined roles: roles/iam.serviceAccountKeyAdmin (+ roles/iam.serviceAccountAdmin to disable accounts, roles/resourcemanager.projectIamAdmin to remove bindings)',
] as const;

async function* listGcp(options: GcpOptions, context: ScanContext): AsyncGenerator<ScanPage> {
  const scan = {
    clients: gcpClients(options),
    options,
    conventions: ownerConventions(options),
    signal: context.signal,
    asOf: context.asOf,
    ...(context.focus
      ? { people: context.focus, focused: true }
      : context.people
        ? { people: context.people }
        : {}),
    progress: context.progress,
  };
  await scan.clients.authorize();
  // Each project has its own IAM quota (and pacer): read several at once.
  yield* mergeIterables(
    options.projects.map((project) => () => {
      context.signal.throwIfAborted();
      return listProject(scan, project);
    }),
    options.projectConcurrency,
  );
  // Cancelled after the last page: never end as if the listing were complete.
  context.signal.throwIfAborted();
}

export const plugin = {
  id: 'gcp',
  description:
    "GCP user-managed service-account keys, with last authentication, owners and privilege (@googleapis/iam), and leavers' own project IAM bindings",
  credentialKinds: GCP_CREDENTIAL_KINDS,
  personAccountKinds: [IAM_BINDING_KIND],
  permissions: { scan: SCAN_PERMISSIONS, revoke: REVOKE_PERMISSIONS },
  optionsSchema: gcpOptionsSchema,
  create(options: GcpOptions, _source: PluginSource) {
    let clients: GcpClients | undefined;
    const clientsFor = () => {
      clients ??= gcpClients(options);
      return clients;
    };
    return {
      list: (context) => listGcp(options, context),
      revoker: {
        steps: revocationSteps(options),
        revoke: (credential, step, revokeOptions) =>
          revokeCredential(clientsFor, credential, step, revokeOptions),
        verify: (credential, context) =>
          verifyCredential(clientsFor(), credential, context.signal, context.asOf),
        isTransient,
      },
    };
  },
} satisfies ScannerPlugin<GcpOptions>;
