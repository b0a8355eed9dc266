/**
 * IAM write actions that revoke a credential: Update* sets Status, Delete* removes it from the
 * estate (live), so the next read shows the change. A missing user or credential is NoSuchEntity.
 */

import { noSuchEntity } from '../errors.js';
import type { AwsUserEstate } from '../estate.js';
import { findUser, type IamCall, requiredParam, requireStatus, targetUser } from './lookup.js';

interface CredentialKind {
  /** The request parameter naming the credential. */
  idParam: string;
  list(user: AwsUserEstate): { id: string; status: 'Active' | 'Inactive' }[] | undefined;
  notFound(id: string): string;
}

const ACCESS_KEY: CredentialKind = {
  idParam: 'AccessKeyId',
  list: (user) => user.accessKeys,
  notFound: (id) => `The Access Key with id ${id} cannot be found.`,
};
const SSH_PUBLIC_KEY: CredentialKind = {
  idParam: 'SSHPublicKeyId',
  list: (user) => user.sshPublicKeys,
  notFound: (id) => `The Public Key with id ${id} cannot be found.`,
};
const SIGNING_CERTIFICATE: CredentialKind = {
  idParam: 'CertificateId',
  list: (user) => user.signingCertificates,
  notFound: (id) => `The Certificate with id ${id} cannot be found.`,
};
const SERVICE_SPECIFIC_CREDENTIAL: CredentialKind = {
  idParam: 'ServiceSpecificCredentialId',
  list: (user) => user.serviceSpecificCredentials,
  notFound: (id) => `No such credential ${id} exists.`,
};

function locate(call: IamCall, kind: CredentialKind, user: AwsUserEstate) {
  const id = requiredParam(call.params, kind.idParam);
  const list = kind.list(user) ?? [];
  const index = list.findIndex((credential) => credential.id === id);
  if (index < 0) throw noSuchEntity(kind.notFound(id));
  return { list, index };
}

function update(kind: CredentialKind, userOf: (call: IamCall) => AwsUserEstate) {
  return (call: IamCall): undefined => {
    const status = requireStatus(call.params);
    const { list, index } = locate(call, kind, userOf(call));
    list[index]!.status = status;
    return undefined;
  };
}

function remove(kind: CredentialKind, userOf: (call: IamCall) => AwsUserEstate) {
  return (call: IamCall): undefined => {
    const { list, index } = locate(call, kind, userOf(call));
    list.splice(index, 1);
    return undefined;
  };
}

/** SSH key actions require UserName; the others default to the calling user. */
const namedUser = (call: IamCall) => findUser(call.account, requiredParam(call.params, 'UserName'));

export const updateAccessKey = update(ACCESS_KEY, targetUser);
export const deleteAccessKey = remove(ACCESS_KEY, targetUser);
export const updateSSHPublicKey = update(SSH_PUBLIC_KEY, namedUser);
export const deleteSSHPublicKey = remove(SSH_PUBLIC_KEY, namedUser);
export const updateSigningCertificate = update(SIGNING_CERTIFICATE, targetUser);
export const deleteSigningCertificate = remove(SIGNING_CERTIFICATE, targetUser);
export const updateServiceSpecificCredential = update(SERVICE_SPECIFIC_CREDENTIAL, targetUser);
export const deleteServiceSpecificCredential = remove(SERVICE_SPECIFIC_CREDENTIAL, targetUser);

export function deleteLoginProfile(call: IamCall): undefined {
  const user = findUser(call.account, requiredParam(call.params, 'UserName'));
  if (!user.loginProfile) throw noSuchEntity(`Login Profile for User ${user.name} cannot be found.`);
  delete user.loginProfile;
  return undefined;
}
