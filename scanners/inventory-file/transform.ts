/**
 * Pure transform: one inventory row → a Credential (and its Principal). Returns the problems
 * instead of throwing, so every bad row of a file is reported at once. Every cell first passes
 * cell-check.ts (secret material anywhere in it, NUL bytes, lengths, invisible characters): a
 * cell refused there is reported by position only and is never echoed, whatever its column.
 */
import { parseIsoDate } from '../../src/core/dates.js';
import { InputError } from '../../src/core/errors.js';
import type { Credential, CredentialStatus, OwnerSignal, Principal } from '../../src/core/model.js';
import { cellProblem, storedCell } from './cell-check.js';
import { INVENTORY_COLUMNS, type InventoryColumn, type InventoryRow, REQUIRED_COLUMNS } from './parse.js';

const STATUSES: readonly CredentialStatus[] = ['active', 'inactive', 'expired'];
const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0', '']);
/** A system name: it starts every uid, so no `:` or spaces. */
const PROVIDER = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const NO_LAST_USE_REASON = 'inventory file has no last use for this credential';

export interface RowContext {
  /** The file as the user wrote it in the config; used in messages and reasons. */
  file: string;
  /** The `sources[].name` this file was configured under. */
  sourceName: string;
}

export function credentialUid(provider: string, account: string, kind: string, credentialId: string): string {
  return `${provider.toLowerCase()}:${account}:${kind}:${credentialId}`;
}

export function principalUid(provider: string, account: string, name: string): string {
  return `${provider.toLowerCase()}:${account}:principal:${name}`;
}

export type RowResult =
  | { ok: true; credential: Credential; principal: Principal | null }
  | { ok: false; errors: InputError[] };

export function transformRow(row: InventoryRow, context: RowContext): RowResult {
  const errors: InputError[] = [];
  const fail = (column: InventoryColumn, problem: string) =>
    errors.push(new InputError(problem, { file: context.file, line: row.line, column }));

  // Cell checks first: a refused cell is reported without its value and skips every other check,
  // whose messages quote what they found.
  const refused = new Set<InventoryColumn>();
  for (const column of INVENTORY_COLUMNS) {
    const problem = cellProblem(column, row.cells[column] ?? '');
    if (problem) {
      refused.add(column);
      fail(column, problem);
    }
  }
  const cell = (column: InventoryColumn): string =>
    refused.has(column) ? '' : storedCell(column, row.cells[column] ?? '');
  const checked = (column: InventoryColumn) => !refused.has(column);

  for (const column of REQUIRED_COLUMNS) {
    if (checked(column) && !cell(column)) fail(column, 'expected a value, got an empty cell');
  }
  const providerRaw = cell('provider');
  if (providerRaw && !PROVIDER.test(providerRaw)) {
    fail(
      'provider',
      `expected a system name of letters, digits, ".", "_" or "-" (such as snowflake), got ${JSON.stringify(providerRaw)}`,
    );
  }

  const date = (column: InventoryColumn): string | null => {
    const value = cell(column);
    if (!value) return null;
    if (!parseIsoDate(value)) {
      fail(
        column,
        `expected an ISO 8601 date such as 2026-11-26${column === 'last_used_at' ? ' (or never)' : ''}, got ${JSON.stringify(value)}`,
      );
      return null;
    }
    return value;
  };
  const createdAt = date('created_at');
  const expiresAt = date('expires_at');
  const neverUsed = cell('last_used_at').toLowerCase() === 'never';
  const lastUsedAt = neverUsed ? null : date('last_used_at');

  const statusRaw = cell('status');
  const status = (statusRaw.toLowerCase() || 'active') as CredentialStatus;
  if (!STATUSES.includes(status)) {
    fail('status', `expected active, inactive or expired (empty = active), got ${JSON.stringify(statusRaw)}`);
  }
  const privilegedRaw = cell('privileged');
  const privilegedValue = privilegedRaw.toLowerCase();
  if (!TRUE.has(privilegedValue) && !FALSE.has(privilegedValue)) {
    fail(
      'privileged',
      `expected true or false (or yes/no, 1/0; empty = false), got ${JSON.stringify(privilegedRaw)}`,
    );
  }
  if (errors.length > 0) return { ok: false, errors };

  const provider = providerRaw.toLowerCase();
  const account = cell('account');
  const kind = cell('kind');
  const externalId = cell('credential_id');
  const principalName = cell('principal') || null;
  const principal: Principal | null = principalName
    ? {
        uid: principalUid(provider, account, principalName),
        provider,
        account,
        kind: 'principal',
        name: principalName,
      }
    : null;
  const privileged = TRUE.has(privilegedValue);
  const source = `inventory-file:${context.sourceName}:line ${row.line}`;
  const owners = [
    ...new Set(
      cell('owner')
        .split(';')
        .map((owner) => owner.trim())
        .filter(Boolean),
    ),
  ];
  const ownerSignals: OwnerSignal[] = owners.map((value) => ({ kind: 'declared', value, source }));
  const lastUsedKnown = neverUsed || lastUsedAt !== null;
  const credential: Credential = {
    uid: credentialUid(provider, account, kind, externalId),
    provider,
    account,
    kind,
    externalId,
    principalUid: principal?.uid ?? null,
    principalName,
    status,
    createdAt,
    expiresAt,
    lastUsedAt,
    lastUsedKnown,
    ...(lastUsedKnown ? {} : { lastUsedUnknownReason: NO_LAST_USE_REASON }),
    privileged,
    privilegedReasons: privileged ? [`marked privileged in ${context.file} line ${row.line}`] : [],
    department: cell('department') || null,
    ownerSignals,
    // Every cell holding secret material was refused above, so the id's tail is safe.
    hint: externalId.slice(-8),
  };
  return { ok: true, credential, principal };
}
