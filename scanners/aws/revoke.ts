/**
 * Revokes exactly the credential named — never its siblings — and re-reads it for verification.
 * Disable is reversible (Status=Inactive); delete is not. A console password has no disable: both
 * steps are DeleteLoginProfile. NoSuchEntity means already revoked. The executor, not this file,
 * decides dry-run, approvals and guards; here a dry run only reports the exact call.
 */
import {
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  GetLoginProfileCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  UpdateAccessKeyCommand,
  UpdateServiceSpecificCredentialCommand,
  UpdateSigningCertificateCommand,
  UpdateSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import type { Credential } from '../../src/core/model.js';
import type { RevokeResult, RevokeStep, VerifyResult } from '../../src/core/plugin.js';
import { awsFailure, isNoSuchEntity } from './errors.js';
import { revokeLeaverUser, verifyLeaverUser } from './leaver-user-revoke.js';
import type { AwsCredentialKind } from './transform.js';

interface Call {
  apiCall: string;
  // biome-ignore lint/suspicious/noExplicitAny: each IAM command has its own input/output types
  command: any;
}

function plan(credential: Credential, step: RevokeStep): Call {
  const UserName = credential.principalName ?? '';
  const id = credential.externalId;
  const disable = step === 'disable';
  switch (credential.kind as AwsCredentialKind) {
    case 'access-key':
      return disable
        ? {
            apiCall: `iam:UpdateAccessKey UserName=${UserName} AccessKeyId=${id} Status=Inactive`,
            command: new UpdateAccessKeyCommand({ UserName, AccessKeyId: id, Status: 'Inactive' }),
          }
        : {
            apiCall: `iam:DeleteAccessKey UserName=${UserName} AccessKeyId=${id}`,
            command: new DeleteAccessKeyCommand({ UserName, AccessKeyId: id }),
          };
    case 'ssh-public-key':
      return disable
        ? {
            apiCall: `iam:UpdateSSHPublicKey UserName=${UserName} SSHPublicKeyId=${id} Status=Inactive`,
            command: new UpdateSSHPublicKeyCommand({ UserName, SSHPublicKeyId: id, Status: 'Inactive' }),
          }
        : {
            apiCall: `iam:DeleteSSHPublicKey UserName=${UserName} SSHPublicKeyId=${id}`,
            command: new DeleteSSHPublicKeyCommand({ UserName, SSHPublicKeyId: id }),
          };
    case 'signing-certificate':
      return disable
        ? {
            apiCall: `iam:UpdateSigningCertificate UserName=${UserName} CertificateId=${id} Status=Inactive`,
            command: new UpdateSigningCertificateCommand({ UserName, CertificateId: id, Status: 'Inactive' }),
          }
        : {
            apiCall: `iam:DeleteSigningCertificate UserName=${UserName} CertificateId=${id}`,
            command: new DeleteSigningCertificateCommand({ UserName, CertificateId: id }),
          };
    case 'service-specific-credential':
      return disable
        ? {
            apiCall: `iam:UpdateServiceSpecificCredential UserName=${UserName} ServiceSpecificCredentialId=${id} Status=Inactive`,
            command: new UpdateServiceSpecificCredentialCommand({
              UserName,
              ServiceSpecificCredentialId: id,
              Status: 'Inactive',
            }),
          }
        : {
            apiCall: `iam:DeleteServiceSpecificCredential UserName=${UserName} ServiceSpecificCredentialId=${id}`,
            command: new DeleteServiceSpecificCredentialCommand({
              UserName,
              ServiceSpecificCredentialId: id,
            }),
          };
    case 'console-password':
      return {
        apiCall: `iam:DeleteLoginProfile UserName=${UserName}`,
        command: new DeleteLoginProfileCommand({ UserName }),
      };
    default:
      throw new Error(`aws: cannot revoke credential kind ${credential.kind}`);
  }
}

/**
 * Disable (reversible) then delete; a console password has no disable, so it is deleted only, and
 * a leaver's IAM user has one irreversible step (its password deleted, its keys deactivated).
 */
export function revocationSteps(credential: Credential): RevokeStep[] {
  return credential.kind === 'console-password' || credential.kind === 'iam-user'
    ? ['delete']
    : ['disable', 'delete'];
}

/** Revokes one credential. A dry run makes no call at all (not even AssumeRole): it only names the call. */
export async function revokeCredential(
  client: () => Promise<IAMClient>,
  credential: Credential,
  step: RevokeStep,
  options: { dryRun: boolean; signal: AbortSignal },
): Promise<RevokeResult> {
  if (step !== 'disable' && step !== 'delete')
    throw new Error(`aws: step ${step} is not supported; use disable or delete`);
  if (credential.kind === 'iam-user') {
    if (step !== 'delete') throw new Error('aws: an iam-user record has only the delete step');
    return revokeLeaverUser(client, credential, options);
  }
  const call = plan(credential, step);
  if (options.dryRun) return { outcome: 'planned', apiCall: call.apiCall };
  try {
    await (await client()).send(call.command, { abortSignal: options.signal });
    return { outcome: 'revoked', apiCall: call.apiCall };
  } catch (error) {
    if (isNoSuchEntity(error))
      return { outcome: 'already-revoked', apiCall: call.apiCall, detail: 'NoSuchEntity' };
    throw awsFailure(call.apiCall.split(' ')[0]!.replace(':', '.'), credential.account, error);
  }
}

/** Re-reads the credential: usable while it exists and is Active. */
export async function verifyCredential(
  client: IAMClient,
  credential: Credential,
  signal: AbortSignal,
): Promise<VerifyResult> {
  if (credential.kind === 'iam-user') return verifyLeaverUser(client, credential, signal);
  const UserName = credential.principalName ?? '';
  const id = credential.externalId;
  const options = { abortSignal: signal };
  try {
    switch (credential.kind as AwsCredentialKind) {
      case 'access-key': {
        const answer = await client.send(new ListAccessKeysCommand({ UserName, MaxItems: 1000 }), options);
        const key = answer.AccessKeyMetadata?.find((candidate) => candidate.AccessKeyId === id);
        return {
          usable: key?.Status === 'Active',
          exists: key !== undefined,
          detail: key ? `status ${key.Status}` : 'key no longer exists',
        };
      }
      case 'ssh-public-key': {
        const answer = await client.send(new ListSSHPublicKeysCommand({ UserName, MaxItems: 1000 }), options);
        const key = answer.SSHPublicKeys?.find((candidate) => candidate.SSHPublicKeyId === id);
        return {
          usable: key?.Status === 'Active',
          exists: key !== undefined,
          detail: key ? `status ${key.Status}` : 'key no longer exists',
        };
      }
      case 'signing-certificate': {
        const answer = await client.send(
          new ListSigningCertificatesCommand({ UserName, MaxItems: 1000 }),
          options,
        );
        const certificate = answer.Certificates?.find((candidate) => candidate.CertificateId === id);
        return {
          usable: certificate?.Status === 'Active',
          exists: certificate !== undefined,
          detail: certificate ? `status ${certificate.Status}` : 'certificate no longer exists',
        };
      }
      case 'service-specific-credential': {
        const answer = await client.send(new ListServiceSpecificCredentialsCommand({ UserName }), options);
        const found = answer.ServiceSpecificCredentials?.find(
          (candidate) => candidate.ServiceSpecificCredentialId === id,
        );
        return {
          usable: found?.Status === 'Active',
          exists: found !== undefined,
          detail: found ? `status ${found.Status}` : 'credential no longer exists',
        };
      }
      case 'console-password': {
        await client.send(new GetLoginProfileCommand({ UserName }), options);
        return { usable: true, exists: true, detail: 'login profile still exists' };
      }
      default:
        return { usable: 'unknown', exists: 'unknown', detail: `kind ${credential.kind} cannot be verified` };
    }
  } catch (error) {
    if (isNoSuchEntity(error)) return { usable: false, exists: false, detail: 'NoSuchEntity' };
    return { usable: 'unknown', exists: 'unknown', detail: `re-read failed: ${(error as Error).name}` };
  }
}
