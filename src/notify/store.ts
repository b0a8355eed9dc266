/**
 * The notice tables (migration 7). A notice is one credential's rule announced to one recipient,
 * with the day the queue may act (`act_after`); it belongs to a digest, the one message that
 * recipient gets for a run. A delivery row records each channel's final outcome for a digest.
 * At most one notice per credential and rule is `announced` at a time (a unique partial index).
 */
import type { Db } from '../store/open.js';
import type { DigestItem, RecipientRole } from './channels/types.js';

export type NoticeState = 'announced' | 'answered' | 'superseded';

export interface NoticeRow {
  id: number;
  credentialUid: string;
  rule: string;
  findingUid: string;
  role: RecipientRole;
  recipient: string;
  ownerEmployeeId: string | null;
  reasonKey: string;
  actAfter: string;
  immediate: boolean;
  digestId: number;
  state: NoticeState;
  createdAt: string;
}

export interface DigestRow {
  id: number;
  recipient: string;
  role: RecipientRole;
  subject: string;
  body: string;
  deadline: string;
  items: DigestItem[];
  createdAt: string;
  deliveredAt: string | null;
  replacedBy: number | null;
}

const NOTICE_COLUMNS = `id, credential_uid AS credentialUid, rule, finding_uid AS findingUid, role, recipient,
  owner_employee_id AS ownerEmployeeId, reason_key AS reasonKey, act_after AS actAfter, immediate,
  digest_id AS digestId, state, created_at AS createdAt`;
const DIGEST_COLUMNS = `id, recipient, role, subject, body, deadline, items, created_at AS createdAt,
  delivered_at AS deliveredAt, replaced_by AS replacedBy`;

type RawNotice = Omit<NoticeRow, 'immediate'> & { immediate: number };
const toNotice = (row: RawNotice): NoticeRow => ({ ...row, immediate: row.immediate === 1 });
type RawDigest = Omit<DigestRow, 'items'> & { items: string };
const toDigest = (row: RawDigest): DigestRow => ({ ...row, items: JSON.parse(row.items) as DigestItem[] });

export const noticeKey = (credentialUid: string, rule: string) => `${credentialUid}\u0000${rule}`;

/** Every announced notice, by credential and rule. */
export function announcedNotices(db: Db): Map<string, NoticeRow> {
  const rows = db
    .prepare(`SELECT ${NOTICE_COLUMNS} FROM notices WHERE state = 'announced'`)
    .all() as RawNotice[];
  return new Map(rows.map((row) => [noticeKey(row.credentialUid, row.rule), toNotice(row)]));
}

/** The announced notice of one credential's rule, if any. */
export function announcedNotice(db: Db, credentialUid: string, rule: string): NoticeRow | undefined {
  const row = db
    .prepare(
      `SELECT ${NOTICE_COLUMNS} FROM notices WHERE state = 'announced' AND credential_uid = ? AND rule = ?`,
    )
    .get(credentialUid, rule) as RawNotice | undefined;
  return row ? toNotice(row) : undefined;
}

export function insertNotice(db: Db, notice: Omit<NoticeRow, 'id' | 'state'>): number {
  return Number(
    db
      .prepare(
        `INSERT INTO notices (credential_uid, rule, finding_uid, role, recipient, owner_employee_id, reason_key,
           act_after, immediate, digest_id, state, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'announced', ?)`,
      )
      .run(
        notice.credentialUid,
        notice.rule,
        notice.findingUid,
        notice.role,
        notice.recipient,
        notice.ownerEmployeeId,
        notice.reasonKey,
        notice.actAfter,
        notice.immediate ? 1 : 0,
        notice.digestId,
        notice.createdAt,
      ).lastInsertRowid,
  );
}

export function moveNotice(db: Db, noticeId: number, digestId: number, actAfter: string): void {
  db.prepare('UPDATE notices SET digest_id = ?, act_after = ? WHERE id = ?').run(
    digestId,
    actAfter,
    noticeId,
  );
}

export function closeNotice(
  db: Db,
  noticeId: number,
  state: Exclude<NoticeState, 'announced'>,
  reason: string,
  at: string,
): void {
  db.prepare('UPDATE notices SET state = ?, closed_reason = ?, closed_at = ? WHERE id = ?').run(
    state,
    reason,
    at,
    noticeId,
  );
}

export function insertDigest(db: Db, digest: Omit<DigestRow, 'id' | 'deliveredAt' | 'replacedBy'>): number {
  return Number(
    db
      .prepare(
        'INSERT INTO notice_digests (recipient, role, subject, body, deadline, items, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        digest.recipient,
        digest.role,
        digest.subject,
        digest.body,
        digest.deadline,
        JSON.stringify(digest.items),
        digest.createdAt,
      ).lastInsertRowid,
  );
}

export function replaceDigest(db: Db, digestId: number, by: number): void {
  db.prepare('UPDATE notice_digests SET replaced_by = ? WHERE id = ?').run(by, digestId);
}

export function digestById(db: Db, id: number): DigestRow | undefined {
  const row = db.prepare(`SELECT ${DIGEST_COLUMNS} FROM notice_digests WHERE id = ?`).get(id) as
    | RawDigest
    | undefined;
  return row ? toDigest(row) : undefined;
}

/**
 * The ids of the digests still owed to a channel: not replaced, holding at least one announced
 * notice, and with no delivered row for that channel. Ids only: each digest is read when it is sent.
 */
export function digestIdsOwedTo(db: Db, channel: string): number[] {
  return (
    db
      .prepare(
        `SELECT d.id FROM notice_digests d
          WHERE d.replaced_by IS NULL
            AND EXISTS (SELECT 1 FROM notices n WHERE n.digest_id = d.id AND n.state = 'announced')
            AND NOT EXISTS (SELECT 1 FROM notice_deliveries x WHERE x.digest_id = d.id AND x.channel = ? AND x.outcome = 'delivered')
          ORDER BY d.id`,
      )
      .all(channel) as { id: number }[]
  ).map((row) => row.id);
}

/** Digests still holding an announced notice that no channel has delivered, and no later digest took over. */
export function undeliveredDigests(db: Db): { digestId: number; recipient: string }[] {
  return db
    .prepare(
      `SELECT d.id AS digestId, d.recipient FROM notice_digests d
        WHERE d.delivered_at IS NULL AND d.replaced_by IS NULL
          AND EXISTS (SELECT 1 FROM notices n WHERE n.digest_id = d.id AND n.state = 'announced')
        ORDER BY d.id`,
    )
    .all() as { digestId: number; recipient: string }[];
}

export interface DeliveryRow {
  digestId: number;
  channel: string;
  target: string;
  outcome: 'delivered' | 'failed';
  attempts: number;
  detail: string;
  at: string;
}

export function recordDeliveryRow(db: Db, delivery: DeliveryRow): void {
  db.prepare(
    'INSERT INTO notice_deliveries (digest_id, channel, target, outcome, attempts, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(
    delivery.digestId,
    delivery.channel,
    delivery.target,
    delivery.outcome,
    delivery.attempts,
    delivery.detail,
    delivery.at,
  );
  if (delivery.outcome === 'delivered')
    db.prepare('UPDATE notice_digests SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL').run(
      delivery.at,
      delivery.digestId,
    );
}

/** The latest failed delivery of a digest, to say why a request is held. */
export function lastFailure(db: Db, digestId: number): DeliveryRow | undefined {
  return db
    .prepare(
      `SELECT digest_id AS digestId, channel, target, outcome, attempts, detail, at FROM notice_deliveries
        WHERE digest_id = ? AND outcome = 'failed' ORDER BY id DESC LIMIT 1`,
    )
    .get(digestId) as DeliveryRow | undefined;
}
