/**
 * The first half of a notify run, inside one transaction: close the notices that were answered
 * (the finding was recertified, accepted, rotated, deleted or cleared), supersede the ones whose
 * reason changed, announce the new ones, and gather each recipient's notices into one digest.
 * A notice whose digest was never delivered is carried into the recipient's new digest with a fresh
 * notice period: the day a person is told is the day their clock starts.
 */
import { appendAudit } from '../audit/append.js';
import { addDays, isoDay } from '../core/dates.js';
import type { Suppression } from '../core/model.js';
import type { PeopleDirectory } from '../core/people.js';
import { presentTitle } from '../policy/day-counts.js';
import { recertificationOf } from '../policy/recertification.js';
import type { RevocationRequest } from '../queue/model.js';
import { openRequestFor } from '../queue/store.js';
import type { Db } from '../store/open.js';
import type { DigestItem, RecipientRole } from './channels/types.js';
import { type NoticeTarget, noticeTarget, reasonKey } from './recipients.js';
import { describeAction, renderDigest } from './render.js';
import { NOTICE_RULES, type NoticeRule, type NotificationSettings, noticeDaysFor } from './settings.js';
import {
  announcedNotices,
  closeNotice,
  insertDigest,
  insertNotice,
  moveNotice,
  type NoticeRow,
  noticeKey,
  replaceDigest,
  undeliveredDigests,
} from './store.js';

export interface PlanInput {
  settings: NotificationSettings;
  people: PeopleDirectory;
  /** Dates (act-after days) count from here: the run's as-of. */
  asOf: Date;
  /** Record time. */
  now: string;
  actor: string;
  /** Keep each digest's body and items in the returned plan (dry runs print them). */
  keepText?: boolean;
}

export interface PlannedDigest {
  id: number;
  role: RecipientRole;
  recipient: string;
  subject: string;
  deadline: string;
  /** Distinct credentials it lists. */
  credentials: number;
  /** Earlier undelivered digests this one takes over. */
  replaces: number[];
  /** The body and items, kept in the plan only when asked (a dry run shows them; a real run reads them back one by one). */
  text?: string;
  items?: DigestItem[];
}

export interface NoticePlan {
  answered: { credentialUid: string; rule: string; recipient: string; answer: string }[];
  superseded: { credentialUid: string; rule: string; recipient: string; reason: string }[];
  /** Notices announced this run for the first time (carried ones are not counted). */
  announced: number;
  digests: PlannedDigest[];
}

interface OpenFinding {
  uid: string;
  rule: NoticeRule;
  credentialUid: string;
  severity: string;
  title: string;
  ownerEmployeeId: string | null;
  provider: string;
  account: string;
  principal: string | null;
}

function openNoticeFindings(db: Db): OpenFinding[] {
  return db
    .prepare(
      `SELECT f.uid, f.rule, f.credential_uid AS credentialUid, f.severity,
              stored_text(f.title, f.credential_uid) AS title,
              o.owner_employee_id AS ownerEmployeeId, c.provider, c.account,
              json_extract(stored_text(c.data, c.uid), '$.principalName') AS principal
         FROM findings f
         JOIN credentials c ON c.uid = f.credential_uid
         LEFT JOIN owner_resolutions o ON o.credential_uid = f.credential_uid
        WHERE f.status = 'open' AND f.rule IN (${NOTICE_RULES.map(() => '?').join(',')})
        ORDER BY f.credential_uid, f.rule`,
    )
    .all(...NOTICE_RULES) as OpenFinding[];
}

/** How an announced notice was answered, read from its finding. */
function answerOf(db: Db, notice: NoticeRow): string {
  const finding = db
    .prepare('SELECT status, suppression FROM findings WHERE uid = ?')
    .get(notice.findingUid) as { status: string; suppression: string | null } | undefined;
  if (!finding) return 'the finding no longer exists';
  const suppression = finding.suppression ? (JSON.parse(finding.suppression) as Suppression) : null;
  const recertified = recertificationOf(suppression);
  if (recertified)
    return `recertified by ${recertified.by} until ${recertified.until}: ${recertified.reason}`;
  if (suppression)
    return `accepted in the baseline by ${suppression.approvedBy} until ${suppression.expires}: ${suppression.reason}`;
  const last = db
    .prepare('SELECT reason FROM finding_history WHERE finding_uid = ? ORDER BY id DESC LIMIT 1')
    .get(notice.findingUid) as { reason: string } | undefined;
  return `finding ${finding.status}${last ? `: ${last.reason}` : ''}`;
}

interface Announcement {
  finding: OpenFinding;
  target: NoticeTarget;
  key: string;
  request: RevocationRequest | undefined;
  actAfter: string;
  immediate: boolean;
  /** The notice row when it exists already (carried from an undelivered digest). */
  existing?: NoticeRow;
}

/** A digest's template is its most pressing role's: a leaver's manager, then an owner, then security. */
function primaryRole(roles: readonly RecipientRole[]): RecipientRole {
  return (['manager', 'owner', 'security'] as const).find((role) => roles.includes(role)) ?? 'security';
}

type Audit = (action: string, target: string, reason: string, payload: Record<string, unknown>) => void;

/** Closes the announced notices whose finding is no longer open: the owner answered, or it cleared. */
function closeAnswered(
  db: Db,
  current: Map<string, NoticeRow>,
  open: ReadonlySet<string>,
  input: PlanInput,
  plan: NoticePlan,
  audit: Audit,
): void {
  for (const [key, notice] of current) {
    if (open.has(key)) continue;
    const answer = answerOf(db, notice);
    closeNotice(db, notice.id, 'answered', answer, input.now);
    current.delete(key);
    plan.answered.push({
      credentialUid: notice.credentialUid,
      rule: notice.rule,
      recipient: notice.recipient,
      answer,
    });
    audit('notice.answered', notice.credentialUid, answer, {
      noticeId: notice.id,
      digestId: notice.digestId,
      credentialUid: notice.credentialUid,
      rule: notice.rule,
      recipient: notice.recipient,
    });
  }
}

/** Why an announced notice no longer announces its finding, or undefined while it still does. */
function supersededBecause(existing: NoticeRow, target: NoticeTarget | undefined, key: string | undefined) {
  if (existing.reasonKey === key) return undefined;
  if (!target) return "the owner left: the leaver's manager is told instead";
  if (existing.ownerEmployeeId !== target.ownerEmployeeId)
    return `owner changed from ${existing.ownerEmployeeId ?? 'nobody'} to ${target.ownerEmployeeId ?? 'nobody'}; a new notice starts the clock again`;
  return `recipient changed from ${existing.recipient} to ${target.recipient}; a new notice starts the clock again`;
}

/**
 * What this run announces: each open finding not yet told (or whose notice is superseded here), and
 * each one whose notice sits in a digest nobody received (carried, its period counted from today).
 */
function collectAnnouncements(
  db: Db,
  findings: readonly OpenFinding[],
  current: ReadonlyMap<string, NoticeRow>,
  input: PlanInput,
  plan: NoticePlan,
  audit: Audit,
): Announcement[] {
  const today = isoDay(input.asOf);
  const undelivered = new Set(undeliveredDigests(db).map((digest) => digest.digestId));
  const leaverOwned = new Set(
    findings.filter((finding) => finding.rule === 'leaver-owned').map((finding) => finding.credentialUid),
  );
  const announcements: Announcement[] = [];
  for (const finding of findings) {
    const existing = current.get(noticeKey(finding.credentialUid, finding.rule));
    const target = noticeTarget({
      rule: finding.rule,
      ownerEmployeeId: finding.ownerEmployeeId,
      people: input.people,
      securityContact: input.settings.securityContact,
      leaverOwned: leaverOwned.has(finding.credentialUid),
    });
    const key = target ? reasonKey(finding.rule, target) : undefined;
    const superseded = existing && supersededBecause(existing, target, key);
    if (existing && superseded) {
      closeNotice(db, existing.id, 'superseded', superseded, input.now);
      plan.superseded.push({
        credentialUid: finding.credentialUid,
        rule: finding.rule,
        recipient: existing.recipient,
        reason: superseded,
      });
      audit('notice.superseded', finding.credentialUid, superseded, {
        noticeId: existing.id,
        digestId: existing.digestId,
        credentialUid: finding.credentialUid,
        rule: finding.rule,
        recipient: existing.recipient,
      });
    }
    if (!target || !key) continue;
    const kept = superseded ? undefined : existing;
    // Announced and delivered (or on its way in a digest of this run): nothing to say again.
    if (kept && !undelivered.has(kept.digestId)) continue;
    const request = openRequestFor(db, finding.credentialUid);
    const forThisRule = request?.rule === finding.rule ? request : undefined;
    const immediate =
      finding.rule === 'leaver-owned' &&
      (forThisRule?.mode === 'auto' || forThisRule?.steps[0]?.immediate === true);
    const fresh = immediate
      ? today
      : isoDay(addDays(input.asOf, noticeDaysFor(input.settings, finding.rule)));
    announcements.push({
      finding,
      target,
      key,
      request: forThisRule,
      immediate,
      actAfter: kept && kept.actAfter > fresh ? kept.actAfter : fresh,
      ...(kept ? { existing: kept } : {}),
    });
  }
  return announcements;
}

/** Records one recipient's digest: the message, its new and carried notices, and its audit record. */
function writeDigest(
  db: Db,
  group: readonly Announcement[],
  input: PlanInput,
  plan: NoticePlan,
  audit: Audit,
): void {
  const { recipient } = group[0]!.target;
  const role = primaryRole(group.map((entry) => entry.target.role));
  const items: DigestItem[] = group.map(({ finding, target, actAfter, immediate, request }) => ({
    credentialUid: finding.credentialUid,
    provider: finding.provider,
    account: finding.account,
    principal: finding.principal,
    rule: finding.rule,
    severity: finding.severity,
    // Day counts (stored as placeholders) are counted at the notices' as-of.
    title: presentTitle(finding.title, input.asOf),
    actAfter,
    action: describeAction(request),
    immediate,
    role: target.role,
    ...(target.leaver ? { leaver: target.leaver } : {}),
    ...(target.note ? { note: target.note } : {}),
  }));
  const rendered = renderDigest(
    role,
    recipient,
    items,
    input.settings,
    input.people.lookup(recipient)?.person.name,
  );
  const digestId = insertDigest(db, {
    recipient,
    role,
    subject: rendered.subject,
    body: rendered.text,
    deadline: rendered.deadline,
    items,
    createdAt: input.now,
  });
  const replaces = [...new Set(group.flatMap((entry) => (entry.existing ? [entry.existing.digestId] : [])))];
  for (const old of replaces) replaceDigest(db, old, digestId);
  const notices = group.map((entry) => {
    if (entry.existing) {
      moveNotice(db, entry.existing.id, digestId, entry.actAfter);
      return { noticeId: entry.existing.id, carried: true, entry };
    }
    plan.announced++;
    const noticeId = insertNotice(db, {
      credentialUid: entry.finding.credentialUid,
      rule: entry.finding.rule,
      findingUid: entry.finding.uid,
      role: entry.target.role,
      recipient,
      ownerEmployeeId: entry.target.ownerEmployeeId,
      reasonKey: entry.key,
      actAfter: entry.actAfter,
      immediate: entry.immediate,
      digestId,
      createdAt: input.now,
    });
    return { noticeId, carried: false, entry };
  });
  audit('notice.created', `digest:${digestId}`, rendered.subject, {
    digestId,
    recipient,
    role,
    deadline: rendered.deadline,
    replaces,
    notices: notices.map(({ noticeId, carried, entry }) => ({
      noticeId,
      credentialUid: entry.finding.credentialUid,
      rule: entry.finding.rule,
      actAfter: entry.actAfter,
      immediate: entry.immediate,
      ...(carried ? { carried: true } : {}),
    })),
  });
  plan.digests.push({
    id: digestId,
    role,
    recipient,
    subject: rendered.subject,
    deadline: rendered.deadline,
    credentials: new Set(items.map((item) => item.credentialUid)).size,
    replaces,
    ...(input.keepText ? { text: rendered.text, items } : {}),
  });
}

export function planNotices(db: Db, input: PlanInput): NoticePlan {
  const plan: NoticePlan = { answered: [], superseded: [], announced: 0, digests: [] };
  const audit: Audit = (action, target, reason, payload) =>
    appendAudit(db, { time: input.now, actor: input.actor, action, target, reason, payload });
  const findings = openNoticeFindings(db);
  const current = announcedNotices(db);
  const open = new Set(findings.map((finding) => noticeKey(finding.credentialUid, finding.rule)));
  closeAnswered(db, current, open, input, plan, audit);
  // One digest per recipient, whatever their roles: a manager who also owns a stale key gets one message.
  const byRecipient = new Map<string, Announcement[]>();
  for (const announcement of collectAnnouncements(db, findings, current, input, plan, audit)) {
    const group = announcement.target.recipient.toLowerCase();
    const list = byRecipient.get(group);
    if (list) list.push(announcement);
    else byRecipient.set(group, [announcement]);
  }
  for (const group of byRecipient.values()) writeDigest(db, group, input, plan, audit);
  return plan;
}
