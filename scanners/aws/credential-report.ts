/**
 * The IAM credential report: one CSV for the whole account, with each user's password facts and
 * access key / signing certificate slots (creation and last-use dates, no ids). When it is fresh,
 * it replaces per-key GetAccessKeyLastUsed calls (keys are matched to slots by creation time) and
 * tells which users have no keys, certificates or password, so their per-user calls are skipped.
 */
import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { parse } from 'csv-parse/sync';

/** AWS regenerates the report at most every 4 hours; older than this and it is not used. */
export const REPORT_MAX_AGE_MS = 4 * 60 * 60 * 1000;

export interface ReportSlot {
  active: boolean;
  /** ISO timestamp to the second: the key's or certificate's creation time. */
  lastRotated: string;
  /** null: never used (N/A). */
  lastUsedDate?: string | null;
}

export interface ReportRow {
  user: string;
  passwordEnabled: boolean;
  /** null: never used or no information. */
  passwordLastUsed: string | null;
  accessKeys: ReportSlot[];
  certificates: ReportSlot[];
}

export interface CredentialReport {
  generatedAt: Date;
  rows: Map<string, ReportRow>;
}

const value = (text: string | undefined) =>
  text === undefined || text === 'N/A' || text === 'no_information' || text === 'not_supported' ? null : text;
const toIso = (text: string | null) => (text === null ? null : new Date(text).toISOString());

export function parseCredentialReport(csv: string, generatedAt: Date): CredentialReport {
  const records = parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const rows = new Map<string, ReportRow>();
  for (const record of records) {
    if (!record.user || record.user === '<root_account>') continue;
    const slot = (prefix: string, withUse: boolean): ReportSlot[] => {
      const rotated = value(record[`${prefix}_last_rotated`]);
      if (rotated === null) return [];
      return [
        {
          active: record[`${prefix}_active`] === 'true',
          lastRotated: toIso(rotated)!,
          ...(withUse ? { lastUsedDate: toIso(value(record[`${prefix}_last_used_date`])) } : {}),
        },
      ];
    };
    rows.set(record.user, {
      user: record.user,
      passwordEnabled: record.password_enabled === 'true',
      passwordLastUsed: toIso(value(record.password_last_used)),
      accessKeys: [...slot('access_key_1', true), ...slot('access_key_2', true)],
      certificates: [...slot('cert_1', false), ...slot('cert_2', false)],
    });
  }
  return { generatedAt, rows };
}

/** The slot whose creation time matches the key's (to the second): the report names no key ids. */
export function slotFor(row: ReportRow, createDate: Date | undefined): ReportSlot | undefined {
  if (!createDate) return undefined;
  const second = new Date(Math.floor(createDate.getTime() / 1000) * 1000).toISOString();
  const matches = row.accessKeys.filter((slot) => slot.lastRotated === second);
  return matches.length === 1 ? matches[0] : undefined;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/** Generates (or reuses) and reads the report; undefined when it is not fresh enough to trust. */
export async function readCredentialReport(
  client: IAMClient,
  signal: AbortSignal,
  now = new Date(),
): Promise<CredentialReport | undefined> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const state = await client.send(new GenerateCredentialReportCommand({}), { abortSignal: signal });
    if (state.State === 'COMPLETE') break;
    await sleep(Math.min(500 * 2 ** attempt, 4000), signal);
  }
  const report = await client.send(new GetCredentialReportCommand({}), { abortSignal: signal });
  const generatedAt = report.GeneratedTime;
  if (!report.Content || !generatedAt || now.getTime() - generatedAt.getTime() > REPORT_MAX_AGE_MS)
    return undefined;
  return parseCredentialReport(new TextDecoder().decode(report.Content), generatedAt);
}
