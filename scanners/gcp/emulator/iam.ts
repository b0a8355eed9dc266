/**
 * IAM v1: service accounts (list, get, disable, getIamPolicy) and their keys (list, get, disable,
 * delete). Disable and delete change the estate itself, so the next read shows them.
 */
import type { iam_v1 } from '@googleapis/iam';
import { invalidValue, preconditionFailed } from './errors.js';
import { denied, findAccount, findKey, projectById } from './lookup.js';
import { pageOf, pageSizeOf } from './paginate.js';
import {
  EMPTY_POLICY_ETAG,
  serviceAccountKeyOf,
  serviceAccountOf,
  USER_INITIATED,
} from './representations.js';
import type { OperationRequest } from './routes.js';

export const SERVICE_ACCOUNTS_PAGE_SIZE = { default: 20, max: 100 };

const KEY_TYPES = ['KEY_TYPE_UNSPECIFIED', 'USER_MANAGED', 'SYSTEM_MANAGED'];
const KEY_TYPE_ENUM = 'type.googleapis.com/google.iam.admin.v1.ListServiceAccountKeysRequest.KeyType';

export function listServiceAccounts(request: OperationRequest): iam_v1.Schema$ListServiceAccountsResponse {
  const project = projectById(request);
  const size = pageSizeOf(request.query, SERVICE_ACCOUNTS_PAGE_SIZE.default, SERVICE_ACCOUNTS_PAGE_SIZE.max);
  const page = pageOf(project.serviceAccounts, request.query, size, `serviceAccounts:${project.projectId}`);
  const response: iam_v1.Schema$ListServiceAccountsResponse = {
    accounts: page.items.map((account) => serviceAccountOf(project, account)),
  };
  if (page.nextPageToken) response.nextPageToken = page.nextPageToken;
  return response;
}

export function getServiceAccount(request: OperationRequest): iam_v1.Schema$ServiceAccount {
  const { project, account } = findAccount(request);
  return serviceAccountOf(project, account);
}

export function disableServiceAccount(request: OperationRequest): iam_v1.Schema$Empty {
  findAccount(request).account.account.disabled = true;
  return {};
}

export function getServiceAccountIamPolicy(request: OperationRequest): iam_v1.Schema$Policy {
  const { account } = findAccount(request);
  return account.iamPolicy ?? { version: 1, etag: EMPTY_POLICY_ETAG };
}

/** `keyTypes` repeated; every value must be a KeyType name, as ESF parses enums. */
function keyTypesOf(query: URLSearchParams): Set<string> | undefined {
  const values = query.getAll('keyTypes');
  for (const [index, value] of values.entries()) {
    if (!KEY_TYPES.includes(value)) throw invalidValue(`key_types[${index}]`, KEY_TYPE_ENUM, value);
  }
  const wanted = values.filter((value) => value !== 'KEY_TYPE_UNSPECIFIED');
  return wanted.length > 0 ? new Set(wanted) : undefined;
}

export function listServiceAccountKeys(
  request: OperationRequest,
): iam_v1.Schema$ListServiceAccountKeysResponse {
  const { project, account } = findAccount(request);
  if (request.deniedKeyListings.has(account.account.email.toLowerCase())) throw denied(request);
  const types = keyTypesOf(request.query);
  return {
    keys: account.keys
      .filter((key) => types === undefined || types.has(key.key.keyType))
      .map((key) => serviceAccountKeyOf(project, account, key)),
  };
}

export function getServiceAccountKey(request: OperationRequest): iam_v1.Schema$ServiceAccountKey {
  const { project, account, key } = findKey(request);
  return serviceAccountKeyOf(project, account, key);
}

export function disableServiceAccountKey(request: OperationRequest): iam_v1.Schema$Empty {
  const { key } = findKey(request).key;
  key.disabled = true;
  key.disableReason = USER_INITIATED;
  return {};
}

export function deleteServiceAccountKey(request: OperationRequest): iam_v1.Schema$Empty {
  if (request.deleteGoneKeyFailsPrecondition) {
    const { account } = findAccount(request);
    if (!account.keys.some((candidate) => candidate.keyId === request.params.keyId))
      throw preconditionFailed();
  }
  const { account, key } = findKey(request);
  account.keys.splice(account.keys.indexOf(key), 1);
  return {};
}
