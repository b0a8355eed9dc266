/**
 * The IAM actions the emulator answers. The map's type ties each action to the SDK's output type
 * (undefined for actions without a result), so a drift from the SDK fails to compile.
 */
import type {
  GenerateCredentialReportResponse,
  GetAccessKeyLastUsedResponse,
  GetAccountAuthorizationDetailsResponse,
  GetCredentialReportResponse,
  GetLoginProfileResponse,
  ListAccessKeysResponse,
  ListRolesResponse,
  ListServiceSpecificCredentialsResponse,
  ListSigningCertificatesResponse,
  ListSSHPublicKeysResponse,
  ListUsersResponse,
  ListUserTagsResponse,
} from '@aws-sdk/client-iam';
import { accessDenied, invalidAction } from '../errors.js';
import type { AwsEstate } from '../estate.js';
import { type Principal, principalArn } from '../principals.js';
import { getAccountAuthorizationDetails } from './authorization-details.js';
import { generateCredentialReport, getCredentialReport } from './credential-report.js';
import { accountOf, type IamCall } from './lookup.js';
import {
  getAccessKeyLastUsed,
  getLoginProfile,
  listAccessKeys,
  listRoles,
  listServiceSpecificCredentials,
  listSigningCertificates,
  listSSHPublicKeys,
  listUsers,
  listUserTags,
} from './read.js';
import {
  deleteAccessKey,
  deleteLoginProfile,
  deleteServiceSpecificCredential,
  deleteSigningCertificate,
  deleteSSHPublicKey,
  updateAccessKey,
  updateServiceSpecificCredential,
  updateSigningCertificate,
  updateSSHPublicKey,
} from './write.js';

interface IamOutputs {
  GetAccountAuthorizationDetails: GetAccountAuthorizationDetailsResponse;
  ListUsers: ListUsersResponse;
  ListUserTags: ListUserTagsResponse;
  ListAccessKeys: ListAccessKeysResponse;
  GetAccessKeyLastUsed: GetAccessKeyLastUsedResponse;
  ListSSHPublicKeys: ListSSHPublicKeysResponse;
  ListSigningCertificates: ListSigningCertificatesResponse;
  ListServiceSpecificCredentials: ListServiceSpecificCredentialsResponse;
  GetLoginProfile: GetLoginProfileResponse;
  ListRoles: ListRolesResponse;
  GenerateCredentialReport: GenerateCredentialReportResponse;
  GetCredentialReport: GetCredentialReportResponse;
  UpdateAccessKey: undefined;
  DeleteAccessKey: undefined;
  UpdateSSHPublicKey: undefined;
  DeleteSSHPublicKey: undefined;
  UpdateSigningCertificate: undefined;
  DeleteSigningCertificate: undefined;
  UpdateServiceSpecificCredential: undefined;
  DeleteServiceSpecificCredential: undefined;
  DeleteLoginProfile: undefined;
}

const IAM_ACTIONS: { [Action in keyof IamOutputs]: (call: IamCall) => IamOutputs[Action] } = {
  GetAccountAuthorizationDetails: getAccountAuthorizationDetails,
  ListUsers: listUsers,
  ListUserTags: listUserTags,
  ListAccessKeys: listAccessKeys,
  GetAccessKeyLastUsed: getAccessKeyLastUsed,
  ListSSHPublicKeys: listSSHPublicKeys,
  ListSigningCertificates: listSigningCertificates,
  ListServiceSpecificCredentials: listServiceSpecificCredentials,
  GetLoginProfile: getLoginProfile,
  ListRoles: listRoles,
  GenerateCredentialReport: generateCredentialReport,
  GetCredentialReport: getCredentialReport,
  UpdateAccessKey: updateAccessKey,
  DeleteAccessKey: deleteAccessKey,
  UpdateSSHPublicKey: updateSSHPublicKey,
  DeleteSSHPublicKey: deleteSSHPublicKey,
  UpdateSigningCertificate: updateSigningCertificate,
  DeleteSigningCertificate: deleteSigningCertificate,
  UpdateServiceSpecificCredential: updateServiceSpecificCredential,
  DeleteServiceSpecificCredential: deleteServiceSpecificCredential,
  DeleteLoginProfile: deleteLoginProfile,
};

export const IAM_ACTION_NAMES = Object.keys(IAM_ACTIONS) as (keyof IamOutputs)[];

const isIamAction = (action: string): action is keyof IamOutputs => Object.hasOwn(IAM_ACTIONS, action);

/** Runs one IAM action in the principal's account; the result is undefined for Update* and Delete*. */
export function handleIam(
  estate: AwsEstate,
  principal: Principal,
  action: string,
  params: Record<string, string>,
): object | undefined {
  if (!isIamAction(action)) throw invalidAction(action);
  const account = accountOf(estate, principal.accountId);
  if (account.denyAll || account.deniedActions?.includes(action)) {
    throw accessDenied(
      `User: ${principalArn(principal)} is not authorized to perform: iam:${action} because no identity-based policy allows the iam:${action} action`,
    );
  }
  return IAM_ACTIONS[action]({ account, principal, params });
}
