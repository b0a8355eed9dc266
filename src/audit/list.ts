/**
 * Reads audit records for display (`nhiscan audit log`): the newest N, oldest first. A payload
 * that is not valid JSON (a tampered record) is shown as its raw text rather than hidden.
 */
import type { Db } from '../store/open.js';
import type { AuditRecord } from './append.js';
import { INDEXED_TARGET, isIndexedTarget } from './targets.js';

export interface ListedAuditRecord extends Omit<AuditRecord, 'payload'> {
  payload: Record<string, unknown> | string;
}

/** The newest `limit` records (all when limit is 0), in seq order; only those about `targets` when given. */
export function listAuditRecords(
  db: Db,
  options: { limit: number; targets?: readonly string[] },
): ListedAuditRecord[] {
  const targets = options.targets;
  if (targets?.length === 0) return [];
  const where = targets
    ? `WHERE target IN (${targets.map(() => '?').join(', ')})${targets.every(isIndexedTarget) ? ` AND ${INDEXED_TARGET}` : ''}`
    : '';
  const rows = db
    .prepare(
      `SELECT * FROM (
         SELECT seq, time, actor, action, target, reason, payload, prev_hash AS prevHash, hash
           FROM audit_log ${where} ORDER BY seq DESC${options.limit > 0 ? ' LIMIT ?' : ''}
       ) AS newest ORDER BY seq`,
    )
    .all(...(targets ?? []), ...(options.limit > 0 ? [options.limit] : [])) as (Omit<
    AuditRecord,
    'payload'
  > & {
    payload: string;
  })[];
  return rows.map((row) => ({ ...row, payload: parseLeniently(row.payload) }));
}

function parseLeniently(payload: string): Record<string, unknown> | string {
  try {
    const value = JSON.parse(payload) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : payload;
  } catch {
    return payload;
  }
}
