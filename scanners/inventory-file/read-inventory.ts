/** Reads and validates a whole inventory file; any bad row rejects the file. */
import { readFileSync } from 'node:fs';
import { checkColumns, parseCsv } from '../../src/core/csv.js';
import { InputError, InputErrors } from '../../src/core/errors.js';
import type { Credential, Principal } from '../../src/core/model.js';
import { OPTIONAL_COLUMNS, REQUIRED_COLUMNS } from './columns.js';
import { transformRow } from './transform.js';

export interface Inventory {
  credentials: Credential[];
  principals: Map<string, Principal>;
}

export function readInventoryFile(path: string, displayPath: string, sourceName: string): Inventory {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT' ? 'inventory file not found' : `cannot read inventory file (${code})`,
      {
        file: displayPath,
      },
    );
  }
  return parseInventory(bytes, displayPath, sourceName);
}

export function parseInventory(bytes: Uint8Array, file: string, sourceName: string): Inventory {
  const table = parseCsv(bytes, file);
  checkColumns(table.header, { required: REQUIRED_COLUMNS, optional: OPTIONAL_COLUMNS }, file);
  const errors: InputError[] = [];
  const credentials: Credential[] = [];
  const principals = new Map<string, Principal>();
  const lineOf = new Map<string, number>();
  for (const row of table.rows) {
    const result = transformRow(row, file, sourceName);
    errors.push(...result.errors);
    if (!result.credential) continue;
    const earlier = lineOf.get(result.credential.uid);
    if (earlier !== undefined) {
      errors.push(
        new InputError(`duplicate credential ${result.credential.uid} (also on line ${earlier})`, {
          file,
          line: row.line,
          column: 'credential_id',
        }),
      );
      continue;
    }
    lineOf.set(result.credential.uid, row.line);
    credentials.push(result.credential);
    if (result.principal) principals.set(result.principal.uid, result.principal);
  }
  if (errors.length > 0) throw new InputErrors(errors);
  return { credentials, principals };
}
