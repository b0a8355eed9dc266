/**
 * Privilege of a service account from the RBAC objects that name it: a (Cluster)RoleBinding whose
 * subjects include the account (or its groups `system:serviceaccounts[:NAMESPACE]`) and whose role
 * is cluster-admin, reads Secrets, or may bind or escalate roles. Pure: the objects are listed by
 * list-context.ts. A binding to a role that was not listed counts only by its name (cluster-admin).
 */
import type {
  RbacV1Subject,
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1PolicyRule,
  V1Role,
  V1RoleBinding,
} from '@kubernetes/client-node';

interface RbacObjects {
  clusterRoles: readonly V1ClusterRole[];
  roles: readonly V1Role[];
  clusterRoleBindings: readonly V1ClusterRoleBinding[];
  roleBindings: readonly V1RoleBinding[];
}

const READ_VERBS = new Set(['get', 'list', 'watch', '*']);
const ESCALATING_VERBS = new Set(['bind', 'escalate', '*']);
const RBAC_GROUP = 'rbac.authorization.k8s.io';

const hasAny = (values: readonly string[] | undefined, wanted: readonly string[]) =>
  (values ?? []).some((value) => wanted.includes(value));

/** What a role's rules allow that makes its holder privileged. */
function ruleReasons(rules: readonly V1PolicyRule[]): string[] {
  const reasons = new Set<string>();
  for (const rule of rules) {
    const verbs = rule.verbs ?? [];
    if (
      hasAny(rule.apiGroups, ['', '*']) &&
      hasAny(rule.resources, ['secrets', '*']) &&
      verbs.some((verb) => READ_VERBS.has(verb))
    )
      reasons.add('reads secrets');
    if (
      hasAny(rule.apiGroups, [RBAC_GROUP, '*']) &&
      hasAny(rule.resources, ['roles', 'clusterroles', '*']) &&
      verbs.some((verb) => ESCALATING_VERBS.has(verb))
    )
      reasons.add('may bind or escalate roles');
  }
  return [...reasons];
}

function namesAccount(
  subject: RbacV1Subject,
  bindingNamespace: string | undefined,
  namespace: string,
  name: string,
) {
  if (subject.kind === 'ServiceAccount')
    return subject.name === name && (subject.namespace ?? bindingNamespace) === namespace;
  if (subject.kind === 'Group')
    return (
      subject.name === 'system:serviceaccounts' || subject.name === `system:serviceaccounts:${namespace}`
    );
  return false;
}

/** The privileged reasons of each service account, by `namespace/name`. */
export class PrivilegeIndex {
  private readonly clusterRoles = new Map<string, V1ClusterRole>();
  private readonly roles = new Map<string, V1Role>();

  constructor(private readonly objects: RbacObjects) {
    for (const role of objects.clusterRoles) this.clusterRoles.set(role.metadata?.name ?? '', role);
    for (const role of objects.roles)
      this.roles.set(`${role.metadata?.namespace ?? ''}/${role.metadata?.name ?? ''}`, role);
  }

  private roleReasons(kind: string, name: string, namespace: string | undefined): string[] {
    const reasons = name === 'cluster-admin' && kind === 'ClusterRole' ? ['cluster-admin'] : [];
    const role =
      kind === 'ClusterRole' ? this.clusterRoles.get(name) : this.roles.get(`${namespace}/${name}`);
    return [...reasons, ...ruleReasons(role?.rules ?? [])];
  }

  reasonsFor(namespace: string, name: string): string[] {
    const reasons: string[] = [];
    for (const binding of this.objects.clusterRoleBindings) {
      if (!(binding.subjects ?? []).some((subject) => namesAccount(subject, undefined, namespace, name)))
        continue;
      const { kind, name: role } = binding.roleRef;
      for (const what of this.roleReasons(kind, role, undefined))
        reasons.push(
          `${what}: ${kind} ${role} bound cluster-wide by ClusterRoleBinding ${binding.metadata?.name}`,
        );
    }
    for (const binding of this.objects.roleBindings) {
      const where = binding.metadata?.namespace;
      if (!(binding.subjects ?? []).some((subject) => namesAccount(subject, where, namespace, name)))
        continue;
      const { kind, name: role } = binding.roleRef;
      for (const what of this.roleReasons(kind, role, where))
        reasons.push(
          `${what}: ${kind} ${role} bound in namespace ${where} by RoleBinding ${binding.metadata?.name}`,
        );
    }
    return reasons;
  }
}
