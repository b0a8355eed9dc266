/**
 * aws: every IAM user credential (access keys with last use, SSH public keys, signing
 * certificates, service-specific credentials, console passwords) in every configured account,
 * with owners from tags, privilege from attached policies, and exact revocation.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import { mergeIterables } from '../../src/core/merge-iterables.js';
import type { Credential } from '../../src/core/model.js';
import type { PluginSource, ScanContext, ScannerPlugin, ScanPage } from '../../src/core/plugin.js';
import { listTargetAccounts } from './accounts.js';
import { accountCredentials, iamClient } from './clients.js';
import { isTransient } from './errors.js';
import { leaverIndex } from './leaver-users.js';
import { listAccount } from './list-account.js';
import { type AwsOptions, awsOptionsSchema } from './options.js';
import { revocationSteps, revokeCredential, verifyCredential } from './revoke.js';
import { AWS_CREDENTIAL_KINDS } from './transform.js';

export const SCAN_PERMISSIONS = [
  'iam:GetAccountAuthorizationDetails',
  'iam:ListUsers',
  'iam:ListAccessKeys',
  'iam:GetAccessKeyLastUsed',
  'iam:ListSSHPublicKeys',
  'iam:ListSigningCertificates',
  'iam:ListServiceSpecificCredentials',
  'iam:GetLoginProfile',
  'sts:AssumeRole (into each account’s scanner role)',
  'organizations:ListAccounts (only with organization:)',
] as const;

export const REVOKE_PERMISSIONS = [
  'iam:UpdateAccessKey',
  'iam:DeleteAccessKey',
  'iam:UpdateSSHPublicKey',
  'iam:DeleteSSHPublicKey',
  'iam:UpdateSigningCertificate',
  'iam:DeleteSigningCertificate',
  'iam:UpdateServiceSpecificCredential',
  'iam:DeleteServiceSpecificCredential',
  'iam:DeleteLoginProfile',
] as const;

function roleFor(options: AwsOptions, accountId: string): string | undefined {
  return (
    options.accounts?.find((account) => account.id === accountId)?.roleName ?? options.organization?.roleName
  );
}

/** One IAM client per account for revoke and verify, so a run of steps assumes each role once. */
function clientCache(options: AwsOptions) {
  const clients = new Map<string, Promise<IAMClient>>();
  return (credential: Credential, signal: AbortSignal): Promise<IAMClient> => {
    let client = clients.get(credential.account);
    if (!client) {
      client = accountCredentials(
        options,
        { id: credential.account, roleName: roleFor(options, credential.account) },
        signal,
      ).then((credentials) => iamClient(options, credentials));
      client.catch(() => clients.delete(credential.account));
      clients.set(credential.account, client);
    }
    return client;
  };
}

export const plugin = {
  id: 'aws',
  description: 'AWS IAM user credentials across accounts (official AWS SDK for JavaScript v3)',
  credentialKinds: AWS_CREDENTIAL_KINDS,
  personAccountKinds: ['iam-user'],
  permissions: { scan: SCAN_PERMISSIONS, revoke: REVOKE_PERMISSIONS },
  optionsSchema: awsOptionsSchema,
  create(options: AwsOptions, _source: PluginSource) {
    const clientFor = clientCache(options);
    return {
      async *list(context: ScanContext): AsyncIterable<ScanPage> {
        let targets: Awaited<ReturnType<typeof listTargetAccounts>>;
        try {
          targets = await listTargetAccounts(options, context.signal);
        } catch (error) {
          if (context.signal.aborted) throw error;
          yield {
            credentials: [],
            principals: [],
            partial: {
              scope: 'organization accounts',
              reason: `organizations.ListAccounts failed: ${(error as Error).name}: ${(error as Error).message}`,
            },
          };
          return;
        }
        const focused = context.focus !== undefined;
        const leavers = leaverIndex(context.focus ?? context.people, context.asOf);
        if (focused && !leavers) return; // nobody to look for
        // IAM throttles each account on its own, so accounts are read at once, each client paced.
        yield* mergeIterables(
          targets.map(
            (target) => () =>
              listAccount(options, target, context.signal, context.progress, leavers, focused),
          ),
          options.accountConcurrency,
        );
        // Cancelled after the last page: never end as if the listing were complete.
        context.signal.throwIfAborted();
      },
      revoker: {
        steps: revocationSteps,
        revoke: (credential, step, revokeOptions) =>
          revokeCredential(
            () => clientFor(credential, revokeOptions.signal),
            credential,
            step,
            revokeOptions,
          ),
        verify: async (credential, context) =>
          verifyCredential(await clientFor(credential, context.signal), credential, context.signal),
        isTransient,
      },
    };
  },
} satisfies ScannerPlugin<AwsOptions>;
