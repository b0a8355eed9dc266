/**
 * `/owners` of an application or service principal: a directoryObject collection of users and
 * service principals, each tagged with its `@odata.type`. References the estate cannot resolve are
 * left out (Graph has no dangling owners).
 */
import type { EntraOwnerRef } from './estate.js';
import { type Collection, listing } from './odata.js';
import { DIRECTORY_OBJECT_PROPERTIES } from './properties.js';
import { type Owner, ownerOf } from './representations.js';
import type { OperationRequest } from './routes.js';

export function listOwners(request: OperationRequest, refs: readonly EntraOwnerRef[]): Collection<Owner> {
  const { tenant } = request;
  const present = refs.filter((ref) => ownerOf(tenant, ref, undefined) !== undefined);
  return listing(
    request,
    present,
    'directoryObjects',
    DIRECTORY_OBJECT_PROPERTIES,
    (ref, select) => ownerOf(tenant, ref, select) as Owner,
  );
}
