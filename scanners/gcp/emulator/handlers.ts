/**
 * Operation → handler, each typed to return its 200 body as the official SDK schemas (or, for
 * Policy Analyzer, `policy-analyzer-types.ts`) describe it: a drift from the API fails to compile.
 */
import type { cloudresourcemanager_v3 } from '@googleapis/cloudresourcemanager';
import type { iam_v1 } from '@googleapis/iam';
import type { PolicyAnalyzerQueryActivityResponse } from '../policy-analyzer-types.js';
import {
  deleteServiceAccountKey,
  disableServiceAccount,
  disableServiceAccountKey,
  getServiceAccount,
  getServiceAccountIamPolicy,
  getServiceAccountKey,
  listServiceAccountKeys,
  listServiceAccounts,
} from './iam.js';
import { queryActivities } from './policy-analyzer.js';
import { getProjectIamPolicy, setProjectIamPolicy } from './resource-manager.js';
import type { KnownOperation, OperationRequest } from './routes.js';

export interface OperationResponses {
  'serviceAccounts.list': iam_v1.Schema$ListServiceAccountsResponse;
  'serviceAccounts.get': iam_v1.Schema$ServiceAccount;
  'serviceAccounts.disable': iam_v1.Schema$Empty;
  'serviceAccounts.getIamPolicy': iam_v1.Schema$Policy;
  'serviceAccounts.keys.list': iam_v1.Schema$ListServiceAccountKeysResponse;
  'serviceAccounts.keys.get': iam_v1.Schema$ServiceAccountKey;
  'serviceAccounts.keys.disable': iam_v1.Schema$Empty;
  'serviceAccounts.keys.delete': iam_v1.Schema$Empty;
  'projects.getIamPolicy': cloudresourcemanager_v3.Schema$Policy;
  'projects.setIamPolicy': cloudresourcemanager_v3.Schema$Policy;
  'activities.query': PolicyAnalyzerQueryActivityResponse;
}

type Handlers = { [Op in KnownOperation]: (request: OperationRequest) => OperationResponses[Op] };

export const HANDLERS: Handlers = {
  'serviceAccounts.list': listServiceAccounts,
  'serviceAccounts.get': getServiceAccount,
  'serviceAccounts.disable': disableServiceAccount,
  'serviceAccounts.getIamPolicy': getServiceAccountIamPolicy,
  'serviceAccounts.keys.list': listServiceAccountKeys,
  'serviceAccounts.keys.get': getServiceAccountKey,
  'serviceAccounts.keys.disable': disableServiceAccountKey,
  'serviceAccounts.keys.delete': deleteServiceAccountKey,
  'projects.getIamPolicy': getProjectIamPolicy,
  'projects.setIamPolicy': setProjectIamPolicy,
  'activities.query': queryActivities,
};
