/**
 * A whole inventory file → validated credentials and principals. The file is read and checked
 * in full before anything is returned: any bad row rejects the file, and every bad row is
 * reported at once (InputErrors, exit 2).
 */
import { readFile } from 'node:fs/promises';
import { InputError, InputErrors } from '../../src/core/errors.js';
import type { Credential, Principal } from '../../src/core/model.js';
import { parseInventoryCsv } from './parse.js';
import { type RowContext, transformRow } from './transform.js';

export interface Inventory {
  /** In file order. */
  credentials: Credential[];
  /** Keyed by principal uid. */
  principals: Map<string, Principal>;
}

/** Validates parsed bytes; `context.file` is the path as the user wrote it. */
export function parseInventory(bytes: Uint8Array, context: RowContext): Inventory {
  const rows = parseInventoryCsv(bytes, context.file);
  const errors: InputError[] = [];
  const credentials: Credential[] = [];
  const principals = new Map<string, Principal>();
  const lineOf = new Map<string, number>();
  for (const row of rows) {
    const result = transformRow(row, context);
    if (!result.ok) {
      errors.push(...result.errors);
      continue;
    }
    const { credential, principal } = result;
    const earlier = lineOf.get(credential.uid);
    if (earlier !== undefined) {
      errors.push(
        new InputError(
          `duplicate credential ${credential.uid} (also on line ${earlier}); each provider, account, kind and credential_id may appear once`,
          { file: context.file, line: row.line, column: 'credential_id' },
        ),
      );
      continue;
    }
    lineOf.set(credential.uid, row.line);
    credentials.push(credential);
    if (principal && !principals.has(principal.uid)) principals.set(principal.uid, principal);
  }
  if (errors.length > 0) throw new InputErrors(errors);
  return { credentials, principals };
}

/** Reads `path` (already resolved against the config's folder) and validates it. */
export async function readInventoryFile(
  path: string,
  context: RowContext,
  signal: AbortSignal,
): Promise<Inventory> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path, { signal });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === 'ENOENT'
        ? `inventory file not found (looked for ${path})`
        : code === 'EISDIR'
          ? 'expected an inventory CSV file, found a directory'
          : `cannot read the inventory file (${code ?? (error as Error).message})`;
    throw new InputError(problem, { file: context.file }, { cause: error });
  }
  return parseInventory(bytes, context);
}
