/** Options of an `aws` source: accounts, or an organization plus a role name; region; endpoints. */
import { z } from 'zod';
import { secretReference } from '../../src/core/common-schemas.js';

const accountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id');
const roleName = z.string().regex(/^[\w+=,.@-]{1,64}$/, 'expected an IAM role name');

export const awsOptionsSchema = z
  .strictObject({
    /** Accounts to scan. An account without a role is scanned with the caller's own credentials. */
    accounts: z
      .array(z.strictObject({ id: accountId, roleName: roleName.optional() }))
      .min(1)
      .optional(),
    /** List the accounts through AWS Organizations (from the management or a delegated account). */
    organization: z.strictObject({ roleName, includeSuspended: z.boolean().default(false) }).optional(),
    region: z.string().min(1).default('us-east-1'),
    /** One endpoint for IAM, STS and Organizations (the emulator), or one per service. */
    endpoint: z.string().url().optional(),
    endpoints: z
      .strictObject({
        iam: z.string().url().optional(),
        sts: z.string().url().optional(),
        organizations: z.string().url().optional(),
      })
      .optional(),
    /** Static credentials by reference (env:NAME); without them the SDK's default chain is used. */
    credentials: z
      .strictObject({ accessKeyId: secretReference, secretAccessKey: secretReference })
      .optional(),
    ownerTagKeys: z.array(z.string().min(1)).min(1).default(['owner', 'owner_email', 'email', 'nhi:owner']),
    departmentTagKeys: z.array(z.string().min(1)).default(['department', 'team']),
    /** MaxItems per IAM list call (AWS default 100). */
    pageSize: z.number().int().min(1).max(1000).default(100),
    /** Use the IAM credential report (when fresh) for last use and to skip per-user calls. */
    credentialReport: z.boolean().default(true),
    /**
     * Whose SSH public keys (CodeCommit) to list, one call per user as IAM has no bulk call:
     * `codecommit-users` (those whose policies may allow codecommit:GitPull/GitPush, or cannot be
     * read: see codecommit-access.ts), `all`, or `none`. true = all, false = none.
     */
    sshPublicKeys: z
      .union([z.enum(['codecommit-users', 'all', 'none']), z.boolean()])
      .default('codecommit-users')
      .transform((value) => (value === true ? 'all' : value === false ? 'none' : value)),
    /** Client-side pacing of IAM calls per account (IAM sends no rate-limit headers); unset = unpaced. */
    requestsPerSecond: z.number().positive().optional(),
    /**
     * How many paced calls may go at once after a pause (the pacer's bucket; default a tenth of
     * `requestsPerSecond`, at least 1). Set it no higher than the burst the account allows.
     */
    requestsBurst: z.number().int().min(1).max(1000).optional(),
    /** Accounts read at once (IAM throttles per account: each account's client has its own pacer). */
    accountConcurrency: z.number().int().min(1).max(256).default(64),
    /** Users read at once per account (each user's calls also run at once). */
    concurrency: z.number().int().min(1).max(32).default(4),
  })
  .refine((options) => (options.accounts === undefined) !== (options.organization === undefined), {
    message: 'expected exactly one of accounts (a list) or organization (with roleName)',
  });

export type AwsOptions = z.infer<typeof awsOptionsSchema>;
