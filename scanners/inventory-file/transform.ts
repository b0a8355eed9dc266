/**
 * Pure transform: one inventory row → a Credential (and its Principal). Returns the problems
 * instead of throwing, so every bad row of a file is reported at once.
 */
import type { CsvRow } from '../../src/core/csv.js';
import { parseIsoDate } from '../../src/core/dates.js';
import { InputError } from '../../src/core/errors.js';
import type { Credential, CredentialStatus, Principal } from '../../src/core/model.js';
import { secretShape } from './secret-shape.js';

const STATUSES: readonly CredentialStatus[] = ['active', 'inactive', 'expired'];
const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0', '']);

export function credentialUid(provider: string, account: string, kind: string, id: string): string {
  return `${provider.toLowerCase()}:${account}:${kind}:${id}`;
}

export interface RowResult {
  credential?: Credential;
  principal?: Principal;
  errors: InputError[];
}

export function transformRow(row: CsvRow, file: string, sourceName: string): RowResult {
  const errors: InputError[] = [];
  const cell = (column: string) => row.cells[column] ?? '';
  const fail = (column: string, problem: string) =>
    errors.push(new InputError(problem, { file, line: row.line, column }));

  for (const column of ['provider', 'account', 'kind', 'credential_id']) {
    if (!cell(column)) fail(column, `expected a value, got an empty cell`);
  }
  for (const column of ['credential_id', 'principal', 'owner', 'account']) {
    const shape = secretShape(cell(column));
    if (shape)
      fail(
        column,
        `this cell looks like ${shape}, not an identifier; nhiscan never stores secret material: put the credential's id here and remove the secret from the file`,
      );
  }
  const date = (column: string): string | null => {
    const value = cell(column);
    if (!value) return null;
    if (!parseIsoDate(value)) {
      fail(column, `expected an ISO 8601 date such as 2026-11-26, got ${JSON.stringify(value)}`);
      return null;
    }
    return value;
  };
  const createdAt = date('created_at');
  const expiresAt = date('expires_at');
  const lastUsedRaw = cell('last_used_at');
  const lastUsedNever = lastUsedRaw.toLowerCase() === 'never';
  const lastUsedAt = lastUsedNever ? null : date('last_used_at');

  const statusRaw = cell('status').toLowerCase() || 'active';
  if (!(STATUSES as readonly string[]).includes(statusRaw)) {
    fail('status', `expected active, inactive or expired, got ${JSON.stringify(cell('status'))}`);
  }
  const privilegedRaw = cell('privileged').toLowerCase();
  if (!TRUE.has(privilegedRaw) && !FALSE.has(privilegedRaw)) {
    fail('privileged', `expected true or false (or yes/no, 1/0), got ${JSON.stringify(cell('privileged'))}`);
  }
  if (errors.length > 0) return { errors };

  const provider = cell('provider').toLowerCase();
  const account = cell('account');
  const kind = cell('kind');
  const externalId = cell('credential_id');
  const principalName = cell('principal') || null;
  const principal: Principal | undefined = principalName
    ? {
        uid: `${provider}:${account}:principal:${principalName}`,
        provider,
        account,
        kind: 'principal',
        name: principalName,
      }
    : undefined;
  const privileged = TRUE.has(privilegedRaw);
  const owners = cell('owner')
    .split(';')
    .map((owner) => owner.trim())
    .filter(Boolean);
  const lastUsedKnown = lastUsedNever || lastUsedAt !== null;
  const credential: Credential = {
    uid: credentialUid(provider, account, kind, externalId),
    provider,
    account,
    kind,
    externalId,
    principalUid: principal?.uid ?? null,
    principalName,
    status: statusRaw as CredentialStatus,
    createdAt,
    expiresAt,
    lastUsedAt,
    lastUsedKnown,
    ...(lastUsedKnown
      ? {}
      : { lastUsedUnknownReason: 'the inventory file gives no last use for this credential' }),
    privileged,
    privilegedReasons: privileged ? [`marked privileged in ${file} line ${row.line}`] : [],
    department: cell('department') || null,
    ownerSignals: owners.map((value) => ({
      kind: 'declared' as const,
      value,
      source: `inventory-file:${sourceName}:line ${row.line}`,
    })),
  };
  return { credential, principal, errors };
}
