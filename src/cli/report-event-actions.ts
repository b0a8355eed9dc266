/** --include-actions: the queue's revocations as OCSF Account Change events, from a verified audit log. */
import { auditOcsfEvents, type OcsfAccountChange, verifyAudit } from '../audit/index.js';
import { TOOL_VERSION } from '../core/version.js';
import type { Db } from '../store/open.js';
import { type CliIo, writeLine } from './io.js';

/**
 * The queue's revocations as Account Change events, after verifying the audit log; null (with the
 * problem on stderr) when the log does not verify: nothing is reported from a log that was edited.
 */
export function verifiedActions(db: Db, io: CliIo): OcsfAccountChange[] | null {
  const verification = verifyAudit(db);
  for (const warning of verification.warnings) writeLine(io.stderr, `nhiscan: warning: ${warning}`);
  if (!verification.ok) {
    writeLine(
      io.stderr,
      `nhiscan: audit log verification failed at record ${verification.firstBadSeq}: ${verification.problem}; nothing reported`,
    );
    return null;
  }
  return [...auditOcsfEvents(db, { productVersion: TOOL_VERSION })];
}
