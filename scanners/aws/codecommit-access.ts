/**
 * Whether an IAM user could use an SSH public key: IAM SSH keys authenticate only to CodeCommit's
 * Git endpoints (codecommit:GitPull / GitPush), CodeCommit has no resource-based policies, and
 * permissions boundaries and SCPs only take away. So a user none of whose identity policies
 * (inline, attached, through a group) allows a Git action cannot use any SSH key it holds, and
 * `sshPublicKeys: codecommit-users` skips its ListSSHPublicKeys call.
 *
 * Invariant: anything not known is "may use". A policy document missing from the account's
 * authorization details or that does not parse, a group not listed, a condition (ignored), a
 * NotAction that leaves a Git action out: each answers true, so a key is never skipped on a guess.
 * https://docs.aws.amazon.com/codecommit/latest/userguide/auth-and-access-control-permissions-reference.html
 */
import type { GroupDetail, ManagedPolicyDetail, UserDetail } from '@aws-sdk/client-iam';

const GIT_ACTIONS = ['codecommit:gitpull', 'codecommit:gitpush'] as const;

interface Statement {
  Effect?: unknown;
  Action?: unknown;
  NotAction?: unknown;
}

/** IAM action patterns: `*` and `?` wildcards, case-insensitive. */
function actionMatches(pattern: string, action: string): boolean {
  const expression = pattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${expression}$`).test(action);
}

function patterns(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  return undefined;
}

function statementMayAllowGit(statement: Statement): boolean {
  if (statement.Effect !== 'Allow') return false;
  if (statement.Action !== undefined) {
    const actions = patterns(statement.Action);
    if (!actions) return true;
    return GIT_ACTIONS.some((git) => actions.some((pattern) => actionMatches(pattern, git)));
  }
  if (statement.NotAction !== undefined) {
    const excluded = patterns(statement.NotAction);
    if (!excluded) return true;
    return GIT_ACTIONS.some((git) => !excluded.some((pattern) => actionMatches(pattern, git)));
  }
  return true; // neither: malformed, so unknown
}

/** True when the document may allow a Git action, or cannot be read. IAM sends it URL-encoded. */
export function documentMayAllowGit(document: string | undefined): boolean {
  if (!document) return true;
  let parsed: { Statement?: unknown };
  try {
    parsed = JSON.parse(document.trim().startsWith('{') ? document : decodeURIComponent(document));
  } catch {
    return true;
  }
  const statements = parsed.Statement === undefined ? [] : [parsed.Statement].flat();
  return statements.some(
    (statement) =>
      typeof statement !== 'object' || statement === null || statementMayAllowGit(statement as Statement),
  );
}

export interface CodeCommitPolicies {
  groups: ReadonlyMap<string, GroupDetail>;
  /** Managed policies by ARN: customer managed and the AWS managed ones attached in the account. */
  managed: ReadonlyMap<string, ManagedPolicyDetail>;
}

function managedMayAllowGit(arn: string | undefined, policies: CodeCommitPolicies): boolean {
  const policy = arn ? policies.managed.get(arn) : undefined;
  if (!policy) return true;
  const version =
    policy.PolicyVersionList?.find((candidate) => candidate.IsDefaultVersion) ??
    policy.PolicyVersionList?.[0];
  return documentMayAllowGit(version?.Document);
}

/** Whether the user may use CodeCommit over SSH (true when unknown). */
export function mayUseCodeCommitGit(user: UserDetail, policies: CodeCommitPolicies): boolean {
  if ((user.UserPolicyList ?? []).some((policy) => documentMayAllowGit(policy.PolicyDocument))) return true;
  if ((user.AttachedManagedPolicies ?? []).some((policy) => managedMayAllowGit(policy.PolicyArn, policies)))
    return true;
  for (const groupName of user.GroupList ?? []) {
    const group = policies.groups.get(groupName);
    if (!group) return true;
    if ((group.GroupPolicyList ?? []).some((policy) => documentMayAllowGit(policy.PolicyDocument)))
      return true;
    if (
      (group.AttachedManagedPolicies ?? []).some((policy) => managedMayAllowGit(policy.PolicyArn, policies))
    )
      return true;
  }
  return false;
}
