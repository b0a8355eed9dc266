/**
 * Whether an IAM user is privileged: AdministratorAccess or IAMFullAccess attached directly or
 * through a group, or any policy it has (inline, group inline, customer managed) allowing `*` on `*`.
 * Pure: works on the GetAccountAuthorizationDetails data.
 */
import type { GroupDetail, ManagedPolicyDetail, UserDetail } from '@aws-sdk/client-iam';

const PRIVILEGED_MANAGED = new Map([
  ['arn:aws:iam::aws:policy/AdministratorAccess', 'AdministratorAccess'],
  ['arn:aws:iam::aws:policy/IAMFullAccess', 'IAMFullAccess'],
]);

interface Statement {
  Effect?: string;
  Action?: string | string[];
  Resource?: string | string[];
}

function asList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** IAM returns policy documents URL-encoded. */
export function parsePolicyDocument(document: string | undefined): Statement[] {
  if (!document) return [];
  try {
    const text = document.trim().startsWith('{') ? document : decodeURIComponent(document);
    const parsed = JSON.parse(text) as { Statement?: Statement | Statement[] };
    return parsed.Statement === undefined
      ? []
      : Array.isArray(parsed.Statement)
        ? parsed.Statement
        : [parsed.Statement];
  } catch {
    return [];
  }
}

export function allowsStarOnStar(document: string | undefined): boolean {
  return parsePolicyDocument(document).some(
    (statement) =>
      statement.Effect === 'Allow' &&
      asList(statement.Action).some((action) => action === '*' || action === '*:*') &&
      asList(statement.Resource).includes('*'),
  );
}

export interface AccountPolicies {
  groups: ReadonlyMap<string, GroupDetail>;
  /** Customer managed policies by ARN. */
  managed: ReadonlyMap<string, ManagedPolicyDetail>;
}

function managedAllowsStar(policy: ManagedPolicyDetail | undefined): boolean {
  const version =
    policy?.PolicyVersionList?.find((v) => v.IsDefaultVersion) ?? policy?.PolicyVersionList?.[0];
  return allowsStarOnStar(version?.Document);
}

/** The reasons a user is privileged; empty when it is not. */
export function privilegeReasons(user: UserDetail, policies: AccountPolicies): string[] {
  const reasons: string[] = [];
  const consider = (arn: string | undefined, via: string) => {
    if (!arn) return;
    const name = PRIVILEGED_MANAGED.get(arn);
    if (name) reasons.push(`${name} attached ${via}`);
    else if (managedAllowsStar(policies.managed.get(arn)))
      reasons.push(`policy ${arn} attached ${via} allows * on *`);
  };
  for (const attached of user.AttachedManagedPolicies ?? []) consider(attached.PolicyArn, 'directly');
  for (const inline of user.UserPolicyList ?? []) {
    if (allowsStarOnStar(inline.PolicyDocument))
      reasons.push(`inline policy ${inline.PolicyName} allows * on *`);
  }
  for (const groupName of user.GroupList ?? []) {
    const group = policies.groups.get(groupName);
    for (const attached of group?.AttachedManagedPolicies ?? [])
      consider(attached.PolicyArn, `through group ${groupName}`);
    for (const inline of group?.GroupPolicyList ?? []) {
      if (allowsStarOnStar(inline.PolicyDocument)) {
        reasons.push(`inline policy ${inline.PolicyName} of group ${groupName} allows * on *`);
      }
    }
  }
  return reasons;
}
