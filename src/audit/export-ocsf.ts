/**
 * Exports the audit log as OCSF 1.8.0 events, one JSON object per line (NDJSON), for a SIEM.
 *
 * Class: Account Change (class_uid 3001, category Identity & Access Management, 3). Only records
 * that say a credential WAS changed become events:
 *  - `step.done`   → status Success (1), unless the step only planned (dry run) or handed over to a
 *                     person (`waiting-for-human`): nothing changed yet;
 *  - `step.failed` → status Failure (2);
 *  - `request.confirmed` → status Success (1): a person confirms they did a manual revocation.
 * Everything else (scan runs, findings, proposals, approvals, `step.started`) is not an account
 * change: `step.started` is the write-ahead record whose outcome is the following done/failed
 * record, and approvals are carried on the step events as `actor.authorizations`.
 *
 * Activity: disable → 5 Disable, delete → 6 Delete, any other revocation (revoke-sessions, manual)
 * → 99 Other with activity_name "Revoke". type_uid = class_uid × 100 + activity_id.
 *
 * The OCSF vocabulary (version, product, severities, account types, the event's shape) is
 * src/core/ocsf.ts, shared with the report formats, which pass these events on (--include-actions).
 */
import type { Credential } from '../core/model.js';
import {
  ACCOUNT_CHANGE_CLASS_UID,
  IAM_CATEGORY_UID,
  OCSF_SEVERITY,
  OCSF_VERSION,
  type OcsfAccountChange,
  type OcsfUser,
  ocsfAccountType,
  ocsfProduct,
} from '../core/ocsf.js';
import { credentialByUid } from '../store/inventory.js';
import type { Db } from '../store/open.js';
import type { AuditRecord } from './append.js';

/** The audit actions that become Account Change events. */
export const EXPORTED_ACTIONS = ['step.done', 'step.failed', 'request.confirmed'] as const;

/** Actors that are the tool itself rather than a person. */
const TOOL_ACTORS = new Set(['nhiscan', 'scan']);

/** Step outcomes after which the credential is unchanged: no Account Change happened. */
const UNCHANGED_OUTCOMES = new Set(['planned', 'waiting-for-human']);

/** Rows fetched per page: bounded memory without holding a cursor open between lookups. */
const PAGE_ROWS = 500;

/** An approval recorded earlier in the log (`request.approved`). */
export interface RecordedApproval {
  actor: string;
  reason: string | null;
}

export interface OcsfTransformContext {
  productVersion: string;
  /** The credential as last stored, for its principal and provider id; absent if never stored. */
  credential?: Credential;
  /** Approvals of the record's request so far. */
  approvals?: readonly RecordedApproval[];
}

/** Activity of a revocation step: disable (of the credential or its principal) and delete have their own ids; the rest is "Revoke". */
export function ocsfActivity(step: string | undefined): { id: number; name: string } {
  if (step === 'disable' || step === 'disable-principal') return { id: 5, name: 'Disable' };
  if (step === 'delete') return { id: 6, name: 'Delete' };
  return { id: 99, name: 'Revoke' };
}

/** Pure: one audit record to one Account Change event, or null when the record is not one. */
export function toOcsfAccountChange(
  record: AuditRecord,
  context: OcsfTransformContext,
): OcsfAccountChange | null {
  if (!(EXPORTED_ACTIONS as readonly string[]).includes(record.action)) return null;
  const payload = record.payload;
  const outcome = text(payload.outcome);
  if (record.action === 'step.done' && outcome !== undefined && UNCHANGED_OUTCOMES.has(outcome)) return null;
  if (payload.dryRun === true) return null;

  const time = Date.parse(record.time);
  if (Number.isNaN(time))
    throw new Error(`audit record ${record.seq}: time ${JSON.stringify(record.time)} is not a date`);
  const failed = record.action === 'step.failed';
  const step = text(payload.step);
  const activity = ocsfActivity(step);
  const severity = OCSF_SEVERITY[failed ? 'medium' : 'info'];
  const credentialUid = text(payload.credentialUid) ?? record.target ?? `audit record ${record.seq}`;
  const requestId = typeof payload.requestId === 'number' ? payload.requestId : undefined;
  const apiCall = text(payload.apiCall);
  const detail = text(payload.detail) ?? text(payload.error);
  const approvals = context.approvals ?? [];
  const forRequest = requestId !== undefined ? ` (request ${requestId})` : '';
  const how = [
    failed ? 'failed' : 'done',
    record.action === 'request.confirmed' ? `, confirmed by ${record.actor}` : '',
    outcome && outcome !== 'revoked' ? ` (${outcome})` : '',
  ].join('');

  const event: OcsfAccountChange = {
    activity_id: activity.id,
    activity_name: activity.name,
    category_uid: IAM_CATEGORY_UID,
    category_name: 'Identity & Access Management',
    class_uid: ACCOUNT_CHANGE_CLASS_UID,
    class_name: 'Account Change',
    type_uid: ACCOUNT_CHANGE_CLASS_UID * 100 + activity.id,
    type_name: `Account Change: ${activity.id === 99 ? 'Other' : activity.name}`,
    severity_id: severity.id,
    severity: severity.caption,
    status_id: failed ? 2 : 1,
    status: failed ? 'Failure' : 'Success',
    ...(outcome
      ? { status_code: outcome }
      : record.action === 'request.confirmed'
        ? { status_code: 'confirmed' }
        : {}),
    ...(detail ? { status_detail: detail } : {}),
    time,
    ...(/(Z|[+-]00:?00)$/.test(record.time) ? { timezone_offset: 0 } : {}),
    message: `${step ?? 'revoke'} ${credentialUid}${forRequest}: ${how}`,
    metadata: {
      version: OCSF_VERSION,
      product: ocsfProduct(context.productVersion),
      uid: record.hash,
      sequence: record.seq,
      log_name: 'audit',
      event_code: record.action,
      original_time: record.time,
      ...(requestId !== undefined ? { correlation_uid: `request:${requestId}` } : {}),
    },
    user: principalOf(credentialUid, payload, context.credential),
    actor: {
      ...(TOOL_ACTORS.has(record.actor) ? { app_name: 'nhiscan' } : { user: { name: record.actor } }),
      ...(approvals.length > 0
        ? {
            authorizations: approvals.map((approval) => ({
              decision: 'Approved',
              policy: {
                uid: requestId !== undefined ? `request:${requestId}` : credentialUid,
                name: 'nhiscan revocation approval',
                desc: `approved by ${approval.actor}${approval.reason ? `: ${approval.reason}` : ''}`,
              },
            })),
          }
        : {}),
    },
    unmapped: compact({
      audit_action: record.action,
      credential_uid: credentialUid,
      request_id: requestId,
      step,
      outcome,
      api_call: apiCall,
      provider: text(payload.provider) ?? context.credential?.provider,
      rule: text(payload.rule),
      reason: record.reason ?? undefined,
      approved_by: approvals.length > 0 ? approvals.map((approval) => approval.actor) : undefined,
    }),
  };
  return event;
}

/**
 * The user whose account changed: the credential's principal (IAM user, service account, app).
 * With no principal known, the credential itself stands for it.
 */
function principalOf(
  credentialUid: string,
  payload: Record<string, unknown>,
  credential?: Credential,
): OcsfUser {
  const provider = text(payload.provider) ?? credential?.provider;
  const account = text(payload.account) ?? credential?.account;
  const lastUsed =
    credential?.lastUsedKnown && credential.lastUsedAt ? Date.parse(credential.lastUsedAt) : Number.NaN;
  return {
    name: credential?.principalName ?? credentialUid,
    uid: credential?.principalUid ?? credentialUid,
    ...(account ? { account: { uid: account, ...ocsfAccountType(provider) } } : {}),
    programmatic_credentials: [
      {
        uid: credential?.externalId ?? credentialUid,
        ...(credential?.kind ? { type: credential.kind } : {}),
        ...(Number.isNaN(lastUsed) ? {} : { last_used_time: lastUsed }),
      },
    ],
  };
}

export interface OcsfExportOptions {
  /** Reported as metadata.product.version. */
  productVersion: string;
  /** Export only records after this seq (incremental shipping); earlier approvals are still read. */
  afterSeq?: number;
}

/**
 * Every Account Change event of the log, in seq order. Pages through the log (no array of the
 * whole log); keeps only the approvals of requests seen so far. Does not verify the chain: the CLI
 * verifies before it exports.
 */
export function* auditOcsfEvents(db: Db, options: OcsfExportOptions): Generator<OcsfAccountChange> {
  const page = db.prepare(
    `SELECT seq, time, actor, action, target, reason, payload, prev_hash AS prevHash, hash
       FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ${PAGE_ROWS}`,
  );
  const approvals = new Map<number, RecordedApproval[]>();
  let after = 0;
  for (;;) {
    const rows = page.all(after) as (Omit<AuditRecord, 'payload'> & { payload: string })[];
    for (const row of rows) {
      const record = { ...row, payload: parsePayload(row.seq, row.payload) };
      const requestId = typeof record.payload.requestId === 'number' ? record.payload.requestId : undefined;
      if (record.action === 'request.approved' && requestId !== undefined) {
        const list = approvals.get(requestId) ?? [];
        list.push({ actor: record.actor, reason: record.reason });
        approvals.set(requestId, list);
      }
      if (record.seq <= (options.afterSeq ?? 0)) continue;
      if (!(EXPORTED_ACTIONS as readonly string[]).includes(record.action)) continue;
      const credentialUid =
        typeof record.payload.credentialUid === 'string' ? record.payload.credentialUid : null;
      const event = toOcsfAccountChange(record, {
        productVersion: options.productVersion,
        credential: credentialUid ? credentialByUid(db, credentialUid)?.credential : undefined,
        approvals: requestId !== undefined ? (approvals.get(requestId) ?? []) : [],
      });
      if (event) yield event;
    }
    if (rows.length < PAGE_ROWS) return;
    after = rows.at(-1)!.seq;
  }
}

/** The export as NDJSON lines (each ends with a newline). */
export function* auditOcsfNdjson(db: Db, options: OcsfExportOptions): Generator<string> {
  for (const event of auditOcsfEvents(db, options)) yield `${JSON.stringify(event)}\n`;
}

function parsePayload(seq: number, payload: string): Record<string, unknown> {
  try {
    const value = JSON.parse(payload) as unknown;
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new Error(`audit record ${seq}: payload is not a JSON object; run \`nhiscan audit verify\``);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function compact(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}
