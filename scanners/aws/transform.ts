/**
 * Pure transforms from IAM payloads to the nhiscan model. Only ids, dates, statuses, tags and
 * fingerprints are read: IAM never returns secret material on these calls, and nothing here
 * would keep it if it did.
 */
import type {
  AccessKeyLastUsed,
  AccessKeyMetadata,
  LoginProfile,
  RoleDetail,
  ServiceSpecificCredentialMetadata,
  SigningCertificate,
  SSHPublicKeyMetadata,
  Tag,
  UserDetail,
} from '@aws-sdk/client-iam';
import type { Credential, CredentialStatus, OwnerSignal, Principal } from '../../src/core/model.js';

export const AWS_CREDENTIAL_KINDS = [
  'access-key',
  'ssh-public-key',
  'signing-certificate',
  'service-specific-credential',
  'console-password',
  /** A leaver's own IAM user (a person-account record: see leaver-users.ts). */
  'iam-user',
] as const;
export type AwsCredentialKind = (typeof AWS_CREDENTIAL_KINDS)[number];

export function awsCredentialUid(accountId: string, kind: AwsCredentialKind, id: string): string {
  return `aws:${accountId}:${kind}:${id}`;
}

export interface UserContext {
  accountId: string;
  user: UserDetail;
  privilegedReasons: string[];
  ownerTagKeys: readonly string[];
  departmentTagKeys: readonly string[];
}

function tagValue(
  tags: readonly Tag[] | undefined,
  keys: readonly string[],
): { key: string; value: string }[] {
  const found: { key: string; value: string }[] = [];
  for (const key of keys) {
    const tag = tags?.find((candidate) => candidate.Key?.toLowerCase() === key.toLowerCase());
    if (tag?.Value?.trim()) found.push({ key, value: tag.Value.trim() });
  }
  return found;
}

/** Owner signals of a user: owner tags, and the user name itself (a human IAM user named like a person's alias). */
export function userOwnerSignals(context: UserContext): OwnerSignal[] {
  const { user, accountId } = context;
  const where = `aws:${accountId}:user/${user.UserName}`;
  const signals: OwnerSignal[] = tagValue(user.Tags, context.ownerTagKeys).map(({ key, value }) => ({
    kind: 'tag',
    value,
    source: `${where} tag ${key}`,
  }));
  if (user.UserName) signals.push({ kind: 'name-match', value: user.UserName, source: `${where} user name` });
  return signals;
}

export function userDepartment(context: UserContext): string | null {
  return tagValue(context.user.Tags, context.departmentTagKeys)[0]?.value ?? null;
}

export function userPrincipal(accountId: string, user: UserDetail): Principal {
  const tags = Object.fromEntries((user.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
  return {
    uid: `aws:${accountId}:user/${user.UserName}`,
    provider: 'aws',
    account: accountId,
    kind: 'iam-user',
    name: user.UserName ?? '',
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
  };
}

export function rolePrincipal(accountId: string, role: RoleDetail): Principal {
  const tags: Record<string, string> = Object.fromEntries(
    (role.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']),
  );
  if (role.RoleLastUsed?.LastUsedDate)
    tags['nhiscan:lastUsed'] = role.RoleLastUsed.LastUsedDate.toISOString();
  return {
    uid: `aws:${accountId}:role/${role.RoleName}`,
    provider: 'aws',
    account: accountId,
    kind: 'iam-role',
    name: role.RoleName ?? '',
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
  };
}

function status(value: string | undefined): CredentialStatus {
  return value === 'Active' ? 'active' : 'inactive';
}

function iso(date: Date | undefined): string | null {
  return date ? date.toISOString() : null;
}

function base(
  context: UserContext,
  kind: AwsCredentialKind,
  id: string,
): Omit<Credential, 'status' | 'createdAt' | 'lastUsedAt' | 'lastUsedKnown'> {
  return {
    uid: awsCredentialUid(context.accountId, kind, id),
    provider: 'aws',
    account: context.accountId,
    kind,
    externalId: id,
    principalUid: `aws:${context.accountId}:user/${context.user.UserName}`,
    principalName: context.user.UserName ?? null,
    expiresAt: null,
    privileged: context.privilegedReasons.length > 0,
    privilegedReasons: context.privilegedReasons,
    department: userDepartment(context),
    ownerSignals: userOwnerSignals(context),
  };
}

/** `lastUsed` undefined means it could not be read; a result without LastUsedDate means never used. */
export function accessKeyCredential(
  context: UserContext,
  key: AccessKeyMetadata,
  lastUsed: { value: AccessKeyLastUsed | undefined } | { unknownReason: string },
): Credential {
  const known = 'value' in lastUsed;
  return {
    ...base(context, 'access-key', key.AccessKeyId ?? ''),
    status: status(key.Status),
    createdAt: iso(key.CreateDate),
    lastUsedAt: known ? iso(lastUsed.value?.LastUsedDate) : null,
    lastUsedKnown: known,
    ...(known ? {} : { lastUsedUnknownReason: lastUsed.unknownReason }),
    hint: (key.AccessKeyId ?? '').slice(-8),
  };
}

const NO_LAST_USE = 'IAM records no last use for this kind of credential';

export function sshKeyCredential(context: UserContext, key: SSHPublicKeyMetadata): Credential {
  return {
    ...base(context, 'ssh-public-key', key.SSHPublicKeyId ?? ''),
    status: status(key.Status),
    createdAt: iso(key.UploadDate),
    lastUsedAt: null,
    lastUsedKnown: false,
    lastUsedUnknownReason: NO_LAST_USE,
  };
}

export function signingCertificateCredential(
  context: UserContext,
  certificate: SigningCertificate,
): Credential {
  return {
    ...base(context, 'signing-certificate', certificate.CertificateId ?? ''),
    status: status(certificate.Status),
    createdAt: iso(certificate.UploadDate),
    lastUsedAt: null,
    lastUsedKnown: false,
    lastUsedUnknownReason: NO_LAST_USE,
  };
}

export function serviceCredential(
  context: UserContext,
  credential: ServiceSpecificCredentialMetadata,
): Credential {
  return {
    ...base(context, 'service-specific-credential', credential.ServiceSpecificCredentialId ?? ''),
    status: status(credential.Status),
    createdAt: iso(credential.CreateDate),
    expiresAt: iso(credential.ExpirationDate),
    lastUsedAt: null,
    lastUsedKnown: false,
    lastUsedUnknownReason: NO_LAST_USE,
  };
}

/** A console password (login profile). Its last use comes from the user's PasswordLastUsed. */
export function consolePasswordCredential(
  context: UserContext,
  profile: LoginProfile,
  passwordLastUsed: Date | undefined,
): Credential {
  return {
    ...base(context, 'console-password', context.user.UserName ?? ''),
    status: 'active',
    createdAt: iso(profile.CreateDate),
    lastUsedAt: iso(passwordLastUsed),
    lastUsedKnown: true,
  };
}
