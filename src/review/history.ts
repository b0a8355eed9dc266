/** The audit history of one credential's revocation requests, oldest first, for the details pane. */
import { listAuditRecords } from '../audit/list.js';
import type { RevocationRequest } from '../queue/index.js';
import type { Db } from '../store/index.js';

export interface HistoryLine {
  time: string;
  actor: string;
  action: string;
  reason: string | null;
}

export function requestHistory(
  db: Db,
  requests: readonly RevocationRequest[],
  credentialUid: string,
): HistoryLine[] {
  const targets = requests
    .filter((request) => request.credentialUid === credentialUid)
    .map((request) => `request:${request.id}`);
  return listAuditRecords(db, { limit: 0, targets }).map((record) => ({
    time: record.time,
    actor: record.actor,
    action: record.action,
    reason: record.reason,
  }));
}
