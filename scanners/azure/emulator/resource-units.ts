/**
 * What one Graph request costs in Microsoft Graph's identity-and-access throttling: resource units
 * (RU) from the documented base-cost table, adjusted by query options, and whether it is a write.
 * Source: https://learn.microsoft.com/graph/throttling-limits#identity-and-access-service-limits
 * (the scanner keeps its own copy in scanners/azure/resource-units.ts: it never imports the
 * emulator).
 */

/** Documented base costs other than 1, keyed by method and path pattern (`{id}` = one segment). */
const BASE_COSTS: readonly (readonly [method: string, pattern: RegExp, cost: number])[] = [
  ['GET', /^applications$/i, 2],
  ['GET', /^applications\/[^/]+\/extensionProperties$/i, 2],
  ['GET', /^contracts$/i, 3],
  ['POST', /^directoryObjects\/getByIds$/i, 3],
  ['GET', /^domains\/[^/]+\/domainNameReferences$/i, 4],
  ['POST', /^getObjectsById$/i, 3],
  ['GET', /^groups\/[^/]+\/members$/i, 3],
  ['GET', /^groups\/[^/]+\/transitiveMembers$/i, 5],
  ['POST', /^isMemberOf$/i, 4],
  ['POST', /^(?:me|users\/[^/]+)\/checkMemberGroups$/i, 4],
  ['POST', /^(?:me|users\/[^/]+)\/checkMemberObjects$/i, 4],
  ['POST', /^(?:me|users\/[^/]+)\/getMemberGroups$/i, 2],
  ['POST', /^(?:me|users\/[^/]+)\/getMemberObjects$/i, 2],
  ['GET', /^(?:me|users\/[^/]+)\/licenseDetails$/i, 2],
  ['GET', /^(?:me|users\/[^/]+)\/memberOf$/i, 2],
  ['GET', /^(?:me|users\/[^/]+)\/ownedObjects$/i, 2],
  ['GET', /^(?:me|users\/[^/]+)\/transitiveMemberOf$/i, 2],
  ['GET', /^oauth2PermissionGrants(?:\/[^/]+)?$/i, 2],
  ['GET', /^servicePrincipals\/[^/]+\/appRoleAssignments$/i, 2],
  ['GET', /^subscribedSkus$/i, 3],
  ['GET', /^users$/i, 2],
];

export interface RequestCost {
  /** Resource units: at least 1. */
  resourceUnits: number;
  /** Write units: 1 for POST, PATCH, PUT and DELETE, else 0. */
  writes: number;
}

/**
 * The cost of `method /{version}/{path}?{query}`: the base cost, −1 with `$select`, +1 with
 * `$expand`, −1 with `$top` under 20; never under 1.
 */
export function requestCost(method: string, versionedPath: string, query: URLSearchParams): RequestCost {
  const upper = method.toUpperCase();
  const path = versionedPath.replace(/^\/?(?:v1\.0|beta)\//i, '').replace(/\/+$/, '');
  const base = BASE_COSTS.find(([m, pattern]) => m === upper && pattern.test(path))?.[2] ?? 1;
  let cost = base;
  if (query.has('$select')) cost -= 1;
  if (query.has('$expand')) cost += 1;
  const top = Number(query.get('$top'));
  if (query.has('$top') && Number.isFinite(top) && top < 20) cost -= 1;
  return { resourceUnits: Math.max(1, cost), writes: upper === 'GET' || upper === 'HEAD' ? 0 : 1 };
}
