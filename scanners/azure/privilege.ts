/**
 * Privilege of an app from the Graph application permissions its service principal holds
 * (appRoleAssignments whose resource is Microsoft Graph), named through Graph's own appRoles.
 */
import type { AppRole, AppRoleAssignment } from '@microsoft/microsoft-graph-types';

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export interface GraphPermissions {
  graphServicePrincipalId: string;
  /** appRole id → permission value, e.g. `Application.ReadWrite.All`. */
  byRoleId: ReadonlyMap<string, string>;
}

export function graphPermissions(graph: { id?: string; appRoles?: AppRole[] }): GraphPermissions {
  const byRoleId = new Map<string, string>();
  for (const role of graph.appRoles ?? []) if (role.id && role.value) byRoleId.set(role.id, role.value);
  return { graphServicePrincipalId: graph.id ?? '', byRoleId };
}

export function privilegeReasons(
  assignments: readonly AppRoleAssignment[],
  graph: GraphPermissions,
  privileged: readonly string[],
): string[] {
  const reasons: string[] = [];
  for (const assignment of assignments) {
    if (assignment.resourceId !== graph.graphServicePrincipalId || !assignment.appRoleId) continue;
    const permission = graph.byRoleId.get(assignment.appRoleId);
    if (permission && privileged.includes(permission))
      reasons.push(`Microsoft Graph application permission ${permission}`);
  }
  return [...new Set(reasons)].sort();
}
