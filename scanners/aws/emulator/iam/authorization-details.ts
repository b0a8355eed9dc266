/**
 * GetAccountAuthorizationDetails: users, groups, roles and managed policies of one account, paged
 * as one sequence (as IAM does), policy documents URL-encoded JSON.
 */

import { createHash } from 'node:crypto';
import type {
  AttachedPolicy,
  GetAccountAuthorizationDetailsResponse,
  GroupDetail,
  ManagedPolicyDetail,
  PolicyDetail,
  RoleDetail,
  UserDetail,
} from '@aws-sdk/client-iam';
import { validationError } from '../errors.js';
import type { AwsAccountEstate, PolicyDocument } from '../estate.js';
import { iamPage, iamPaging } from '../paginate.js';
import { awsManagedPolicyDocument, isAwsManagedArn, policyNameFromArn } from './aws-managed-policies.js';
import { date, type IamCall, iamArn, UNDATED } from './lookup.js';
import { tagList } from './read.js';

const FILTERS = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;
type Filter = (typeof FILTERS)[number];

/** As IAM returns documents: URL-encoded JSON. */
export const encodeDocument = (document: PolicyDocument) => encodeURIComponent(JSON.stringify(document));

const attached = (arns: string[] | undefined): AttachedPolicy[] =>
  (arns ?? []).map((arn) => ({ PolicyName: policyNameFromArn(arn), PolicyArn: arn }));

const inline = (policies: { name: string; document: PolicyDocument }[] | undefined): PolicyDetail[] =>
  (policies ?? []).map((policy) => ({
    PolicyName: policy.name,
    PolicyDocument: encodeDocument(policy.document),
  }));

const stableId = (prefix: string, seed: string) =>
  prefix + createHash('sha256').update(seed).digest('hex').slice(0, 17).toUpperCase();

function filtersOf(params: Record<string, string>): Set<Filter> {
  const given = Object.entries(params)
    .filter(([name]) => /^Filter\.member\.\d+$/.test(name))
    .map(([, value]) => value);
  for (const value of given) {
    if (!(FILTERS as readonly string[]).includes(value))
      throw validationError(`Invalid Filter value ${value}`);
  }
  return new Set((given.length > 0 ? given : FILTERS) as Filter[]);
}

function managedPolicies(account: AwsAccountEstate, filters: Set<Filter>): ManagedPolicyDetail[] {
  const attachments = new Map<string, number>();
  for (const holder of [...account.users, ...account.roles, ...account.groups]) {
    for (const arn of holder.attachedPolicyArns ?? []) attachments.set(arn, (attachments.get(arn) ?? 0) + 1);
  }
  const detail = (arn: string, name: string, document: PolicyDocument): ManagedPolicyDetail => ({
    PolicyName: name,
    PolicyId: stableId('ANPA', arn),
    Arn: arn,
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: attachments.get(arn) ?? 0,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: UNDATED,
    UpdateDate: UNDATED,
    PolicyVersionList: [
      { Document: encodeDocument(document), VersionId: 'v1', IsDefaultVersion: true, CreateDate: UNDATED },
    ],
  });
  const local = filters.has('LocalManagedPolicy')
    ? (account.managedPolicies ?? []).map((policy) => detail(policy.arn, policy.name, policy.document))
    : [];
  // IAM lists the AWS managed policies in use in the account, not the whole catalogue.
  const awsManaged = filters.has('AWSManagedPolicy')
    ? [...attachments.keys()]
        .filter(isAwsManagedArn)
        .sort()
        .map((arn) => detail(arn, policyNameFromArn(arn), awsManagedPolicyDocument(arn)))
    : [];
  return [...local, ...awsManaged];
}

type Entry =
  | { kind: 'user'; detail: UserDetail }
  | { kind: 'group'; detail: GroupDetail }
  | { kind: 'role'; detail: RoleDetail }
  | { kind: 'policy'; detail: ManagedPolicyDetail };

function entries(account: AwsAccountEstate, filters: Set<Filter>): Entry[] {
  const users: Entry[] = filters.has('User')
    ? account.users.map((user) => ({
        kind: 'user',
        detail: {
          Path: user.path ?? '/',
          UserName: user.name,
          UserId: user.userId,
          Arn: iamArn(account.id, 'user', user.name, user.path),
          CreateDate: date(user.createDate),
          UserPolicyList: inline(user.inlinePolicies),
          GroupList: user.groups ?? [],
          AttachedManagedPolicies: attached(user.attachedPolicyArns),
          Tags: tagList(user.tags),
        },
      }))
    : [];
  const groups: Entry[] = filters.has('Group')
    ? account.groups.map((group) => ({
        kind: 'group',
        detail: {
          Path: '/',
          GroupName: group.name,
          GroupId: group.groupId,
          Arn: iamArn(account.id, 'group', group.name),
          CreateDate: UNDATED,
          GroupPolicyList: inline(group.inlinePolicies),
          AttachedManagedPolicies: attached(group.attachedPolicyArns),
        },
      }))
    : [];
  const roles: Entry[] = filters.has('Role')
    ? account.roles.map((role) => ({
        kind: 'role',
        detail: {
          Path: role.path ?? '/',
          RoleName: role.name,
          RoleId: role.roleId,
          Arn: iamArn(account.id, 'role', role.name, role.path),
          CreateDate: date(role.createDate),
          InstanceProfileList: [],
          RolePolicyList: [],
          AttachedManagedPolicies: attached(role.attachedPolicyArns),
          Tags: tagList(role.tags),
          RoleLastUsed: role.lastUsed
            ? { LastUsedDate: date(role.lastUsed.date), Region: role.lastUsed.region }
            : {},
        },
      }))
    : [];
  const policies: Entry[] = managedPolicies(account, filters).map((detail) => ({ kind: 'policy', detail }));
  return [...users, ...groups, ...roles, ...policies];
}

export function getAccountAuthorizationDetails(call: IamCall): GetAccountAuthorizationDetailsResponse {
  const page = iamPage(entries(call.account, filtersOf(call.params)), call.params);
  const pick = <K extends Entry['kind']>(kind: K) =>
    page.items
      .filter((entry): entry is Extract<Entry, { kind: K }> => entry.kind === kind)
      .map((entry) => entry.detail);
  return {
    UserDetailList: pick('user') as UserDetail[],
    GroupDetailList: pick('group') as GroupDetail[],
    RoleDetailList: pick('role') as RoleDetail[],
    Policies: pick('policy') as ManagedPolicyDetail[],
    ...iamPaging(page),
  };
}
