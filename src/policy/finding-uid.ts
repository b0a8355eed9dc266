/** Finding identity: the same rule on the same credential is the same finding in every scan. */
import type { RuleId } from '../core/model.js';
import { sha256Hex } from '../core/sha256.js';

/** `nhi-` + the first 24 hex digits of sha256(`${rule}\0${credentialUid}`). */
export function findingUid(rule: RuleId, credentialUid: string): string {
  return `nhi-${sha256Hex(`${rule}\u0000${credentialUid}`).slice(0, 24)}`;
}
