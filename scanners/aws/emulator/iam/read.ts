/** IAM read actions on users and their credentials, each returning the SDK's own output type. */
import type {
  GetAccessKeyLastUsedResponse,
  GetLoginProfileResponse,
  ListAccessKeysResponse,
  ListRolesResponse,
  ListServiceSpecificCredentialsResponse,
  ListSigningCertificatesResponse,
  ListSSHPublicKeysResponse,
  ListUsersResponse,
  ListUserTagsResponse,
  Tag,
} from '@aws-sdk/client-iam';
import { noSuchEntity } from '../errors.js';
import type { AwsUserEstate } from '../estate.js';
import { iamPage, iamPaging } from '../paginate.js';
import { date, findUser, type IamCall, iamArn, requiredParam, targetUser } from './lookup.js';

export const tagList = (tags: Record<string, string> | undefined): Tag[] =>
  Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));

export function listUsers(call: IamCall): ListUsersResponse {
  const page = iamPage(call.account.users, call.params);
  return {
    Users: page.items.map((user) => ({
      Path: user.path ?? '/',
      UserName: user.name,
      UserId: user.userId,
      Arn: iamArn(call.account.id, 'user', user.name, user.path),
      CreateDate: date(user.createDate),
      PasswordLastUsed: user.loginProfile?.passwordLastUsed
        ? date(user.loginProfile.passwordLastUsed)
        : undefined,
    })),
    ...iamPaging(page),
  };
}

export function listUserTags(call: IamCall): ListUserTagsResponse {
  const user = findUser(call.account, requiredParam(call.params, 'UserName'));
  const page = iamPage(tagList(user.tags), call.params);
  return { Tags: page.items, ...iamPaging(page) };
}

export function listAccessKeys(call: IamCall): ListAccessKeysResponse {
  const user = targetUser(call);
  const page = iamPage(user.accessKeys ?? [], call.params);
  return {
    AccessKeyMetadata: page.items.map((key) => ({
      UserName: user.name,
      AccessKeyId: key.id,
      Status: key.status,
      CreateDate: date(key.createDate),
    })),
    ...iamPaging(page),
  };
}

export function getAccessKeyLastUsed(call: IamCall): GetAccessKeyLastUsedResponse {
  const keyId = requiredParam(call.params, 'AccessKeyId');
  for (const user of call.account.users) {
    const key = user.accessKeys?.find((candidate) => candidate.id === keyId);
    if (!key) continue;
    return {
      UserName: user.name,
      AccessKeyLastUsed: key.lastUsed
        ? {
            LastUsedDate: date(key.lastUsed.date),
            ServiceName: key.lastUsed.serviceName,
            Region: key.lastUsed.region,
          }
        : { ServiceName: 'N/A', Region: 'N/A' },
    };
  }
  throw noSuchEntity(`The Access Key with id ${keyId} cannot be found.`);
}

export function listSSHPublicKeys(call: IamCall): ListSSHPublicKeysResponse {
  const user = targetUser(call);
  const page = iamPage(user.sshPublicKeys ?? [], call.params);
  return {
    SSHPublicKeys: page.items.map((key) => ({
      UserName: user.name,
      SSHPublicKeyId: key.id,
      Status: key.status,
      UploadDate: date(key.uploadDate),
    })),
    ...iamPaging(page),
  };
}

const certificateBody = (user: AwsUserEstate, id: string) =>
  `-----BEGIN CERTIFICATE-----\nZW11bGF0ZWQ6${Buffer.from(`${user.name}/${id}`).toString('base64')}\n-----END CERTIFICATE-----`;

export function listSigningCertificates(call: IamCall): ListSigningCertificatesResponse {
  const user = targetUser(call);
  const page = iamPage(user.signingCertificates ?? [], call.params);
  return {
    Certificates: page.items.map((certificate) => ({
      UserName: user.name,
      CertificateId: certificate.id,
      CertificateBody: certificateBody(user, certificate.id),
      Status: certificate.status,
      UploadDate: date(certificate.uploadDate),
    })),
    ...iamPaging(page),
  };
}

/** One user's service-specific credentials, or with AllUsers=true every user's in the account. */
export function listServiceSpecificCredentials(call: IamCall): ListServiceSpecificCredentialsResponse {
  const users = call.params.AllUsers === 'true' ? call.account.users : [targetUser(call)];
  const wanted = call.params.ServiceName;
  const credentials = users.flatMap((user) =>
    (user.serviceSpecificCredentials ?? [])
      .filter((credential) => !wanted || credential.serviceName === wanted)
      .map((credential) => ({ user, credential })),
  );
  const page = iamPage(credentials, call.params);
  return {
    ServiceSpecificCredentials: page.items.map(({ user, credential }) => ({
      UserName: user.name,
      Status: credential.status,
      ServiceUserName: credential.serviceUserName,
      CreateDate: date(credential.createDate),
      ServiceSpecificCredentialId: credential.id,
      ServiceName: credential.serviceName,
    })),
    ...iamPaging(page),
  };
}

export function getLoginProfile(call: IamCall): GetLoginProfileResponse {
  const user = targetUser(call);
  if (!user.loginProfile) throw noSuchEntity(`Login Profile for User ${user.name} cannot be found.`);
  return {
    LoginProfile: {
      UserName: user.name,
      CreateDate: date(user.loginProfile.createDate),
      PasswordResetRequired: false,
    },
  };
}

export function listRoles(call: IamCall): ListRolesResponse {
  const prefix = call.params.PathPrefix ?? '/';
  const roles = call.account.roles.filter((role) => (role.path ?? '/').startsWith(prefix));
  const page = iamPage(roles, call.params);
  return {
    Roles: page.items.map((role) => ({
      Path: role.path ?? '/',
      RoleName: role.name,
      RoleId: role.roleId,
      Arn: iamArn(call.account.id, 'role', role.name, role.path),
      CreateDate: date(role.createDate),
      MaxSessionDuration: 3600,
    })),
    ...iamPaging(page),
  };
}
