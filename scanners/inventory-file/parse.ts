/**
 * Inventory CSV → rows that remember their line numbers. Checks the header against the known
 * columns (every required one present, nothing unknown); cell values are checked by transform.ts.
 * Zero bytes, text that is not UTF-8 and broken quoting are rejected here (src/core/csv.ts).
 */
import { checkColumns, parseCsv } from '../../src/core/csv.js';

/** The inventory CSV columns (docs/inventory-format.md). */
export const REQUIRED_COLUMNS = ['provider', 'account', 'kind', 'credential_id'] as const;
export const OPTIONAL_COLUMNS = [
  'principal',
  'owner',
  'created_at',
  'last_used_at',
  'expires_at',
  'status',
  'privileged',
  'department',
] as const;

export type InventoryColumn = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
export const INVENTORY_COLUMNS: readonly InventoryColumn[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];

export interface InventoryRow {
  /** 1-based line on which the record starts (the header is line 1). */
  line: number;
  /** Trimmed cells; a column missing from the header is absent. */
  cells: Partial<Record<InventoryColumn, string>>;
}

/**
 * Parses the file's bytes. A header with no rows is a valid, empty inventory (a list can be
 * empty); zero bytes is an error (a truncated or failed export). `file` is the path as the
 * user wrote it, used in every message.
 */
export function parseInventoryCsv(bytes: Uint8Array, file: string): InventoryRow[] {
  const table = parseCsv(bytes, file);
  checkColumns(table.header, { required: REQUIRED_COLUMNS, optional: OPTIONAL_COLUMNS }, file);
  return table.rows.map((row) => ({ line: row.line, cells: row.cells }));
}
