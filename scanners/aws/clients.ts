/**
 * SDK clients for one account. Credentials come from the SDK's default chain (profiles, SSO, env,
 * instance roles) unless the source names static ones by reference; endpoints are overridable so
 * the same code runs against the emulator. Throttling and 5xx are retried by the SDK with its
 * adaptive retry mode (client-side rate limiting from the throttling responses it sees).
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { readSecretReference } from '../../src/core/secret-reference.js';
import type { AwsOptions } from './options.js';
import { Pacer, pace } from './pacer.js';

const RETRY = { maxAttempts: 10, retryMode: 'adaptive' } as const;

export function baseCredentials(options: AwsOptions): AwsCredentialIdentity | undefined {
  if (!options.credentials) return undefined;
  return {
    accessKeyId: readSecretReference(options.credentials.accessKeyId, 'credentials.accessKeyId'),
    secretAccessKey: readSecretReference(options.credentials.secretAccessKey, 'credentials.secretAccessKey'),
  };
}

function endpointFor(options: AwsOptions, service: 'iam' | 'sts' | 'organizations'): string | undefined {
  return options.endpoints?.[service] ?? options.endpoint;
}

/**
 * An IAM client for one account; paced when `requestsPerSecond` is set (one pacer per client, with
 * `requestsBurst` calls at most at once).
 */
export function iamClient(options: AwsOptions, credentials: AwsCredentialIdentity | undefined): IAMClient {
  const client = new IAMClient({
    region: options.region,
    endpoint: endpointFor(options, 'iam'),
    credentials,
    ...RETRY,
  });
  return options.requestsPerSecond === undefined
    ? client
    : pace(client, new Pacer(options.requestsPerSecond, options.requestsBurst));
}

/**
 * One pacer per source for STS: every AssumeRole of a scan is charged to the caller's own account,
 * so accounts read at once share it (at `requestsPerSecond`, the per-account rate).
 */
const stsPacers = new WeakMap<AwsOptions, Pacer>();

export function stsClient(options: AwsOptions, credentials: AwsCredentialIdentity | undefined): STSClient {
  const client = new STSClient({
    region: options.region,
    endpoint: endpointFor(options, 'sts'),
    credentials,
    ...RETRY,
  });
  if (options.requestsPerSecond === undefined) return client;
  let pacer = stsPacers.get(options);
  if (!pacer) {
    pacer = new Pacer(options.requestsPerSecond, options.requestsBurst);
    stsPacers.set(options, pacer);
  }
  return pace(client, pacer);
}

export function organizationsClient(
  options: AwsOptions,
  credentials: AwsCredentialIdentity | undefined,
): OrganizationsClient {
  return new OrganizationsClient({
    region: options.region,
    endpoint: endpointFor(options, 'organizations'),
    credentials,
    ...RETRY,
  });
}

export async function callerAccountId(options: AwsOptions, signal: AbortSignal): Promise<string> {
  const identity = await stsClient(options, baseCredentials(options)).send(new GetCallerIdentityCommand({}), {
    abortSignal: signal,
  });
  return identity.Account ?? '';
}

/** Credentials for an account: the caller's own when no role is given, else a session from AssumeRole. */
export async function accountCredentials(
  options: AwsOptions,
  account: { id: string; roleName?: string },
  signal: AbortSignal,
): Promise<AwsCredentialIdentity | undefined> {
  const base = baseCredentials(options);
  if (!account.roleName) return base;
  const result = await stsClient(options, base).send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account.id}:role/${account.roleName}`,
      RoleSessionName: 'nhiscan',
      DurationSeconds: 3600,
    }),
    { abortSignal: signal },
  );
  const issued = result.Credentials;
  if (!issued?.AccessKeyId || !issued.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
  return {
    accessKeyId: issued.AccessKeyId,
    secretAccessKey: issued.SecretAccessKey,
    sessionToken: issued.SessionToken,
    expiration: issued.Expiration,
  };
}
