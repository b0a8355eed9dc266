/** Short, human labels for finding titles. Ids only: never secret material. */
import type { Credential, Person } from '../core/model.js';

const kindLabels = new Map<string, string>();

/** `access-key` → `Access key` (cached: there are only a handful of kinds). */
export function kindLabel(kind: string): string {
  let label = kindLabels.get(kind);
  if (label === undefined) {
    const words = kind.replace(/[-_]+/g, ' ').trim();
    label = words ? words[0]!.toUpperCase() + words.slice(1) : 'Credential';
    if (kindLabels.size < 1000) kindLabels.set(kind, label);
  }
  return label;
}

/** e.g. `Access key AKIAEXAMPLE of aws/123456789012`. */
export function credentialLabel(credential: Credential): string {
  return `${kindLabel(credential.kind)} ${credential.externalId} of ${credential.provider}/${credential.account}`;
}

/** The identifying facts about an owner that every owner-based finding carries. */
export function ownerFacts(person: Person): { employeeId: string; email: string; name: string } {
  return { employeeId: person.employeeId, email: person.email, name: person.name };
}
