/**
 * The enterprise extension's `manager` (RFC 7643 §4.3) holds the manager's resource `id` and a
 * display name, not an email. When `mapping.managerEmail` is not configured, the id is looked up
 * among the users read and that user's email becomes the person's managerEmail, so notices reach
 * the leaver's manager. A manager the listing did not include (a filter left them out, or the id
 * is stale) leaves managerEmail empty: the manager is unknown, not an error.
 */
import type { Person } from '../../core/model.js';
import { parseAttributePath, valuesAt } from './attribute-path.js';
import { idOf } from './list-users.js';
import { ENTERPRISE_USER_SCHEMA } from './options.js';

const MANAGER_ID = parseAttributePath(`${ENTERPRISE_USER_SCHEMA}:manager.value`);

/** Fills managerEmail in place from each resource's enterprise manager id; `mapped[i]` is `resources[i]`'s person, or null. */
export function resolveEnterpriseManagers(
  resources: readonly unknown[],
  mapped: readonly (Person | null)[],
): void {
  const emailById = new Map<string, string>();
  resources.forEach((resource, index) => {
    const id = idOf(resource);
    const person = mapped[index];
    if (id !== undefined && person) emailById.set(id, person.email);
  });
  resources.forEach((resource, index) => {
    const person = mapped[index];
    if (!person || person.managerEmail !== null) return;
    const managerId = valuesAt(resource as Record<string, unknown>, MANAGER_ID)[0];
    const email = typeof managerId === 'string' ? emailById.get(managerId) : undefined;
    if (email !== undefined && email.toLowerCase() !== person.email.toLowerCase())
      person.managerEmail = email;
  });
}
