/** Finding identity: the same rule on the same credential is the same finding in every scan. */
import { createHash } from 'node:crypto';
import type { RuleId } from '../core/model.js';

/** `nhi-` + the first 24 hex digits of sha256(`${rule}\0${credentialUid}`). */
export function findingUid(rule: RuleId, credentialUid: string): string {
  return `nhi-${createHash('sha256').update(`${rule}\u0000${credentialUid}`).digest('hex').slice(0, 24)}`;
}
