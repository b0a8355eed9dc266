/** Finding identity: the same rule on the same credential is the same finding in every scan. */
import * as crypto from 'node:crypto';
import type { RuleId } from '../core/model.js';

/** One-shot `crypto.hash` (Node ≥ 20.12) is ~3× faster than createHash for short inputs; same digest. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** `nhi-` + the first 24 hex digits of sha256(`${rule}\0${credentialUid}`). */
export function findingUid(rule: RuleId, credentialUid: string): string {
  return `nhi-${sha256Hex(`${rule}\u0000${credentialUid}`).slice(0, 24)}`;
}
