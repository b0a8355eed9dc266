/**
 * Checkpoints: the audit log's size and head hash at a moment, kept OUTSIDE the database (shipped
 * to a SIEM, a ticket, another host, object storage with retention). The chain alone cannot tell a
 * truncated or fully recomputed log from a genuine one; `verifyAudit(db, checkpoint)` can.
 *
 * File format (one JSON object): `{"size":42,"headHash":"<64 hex>","time":"2026-11-26T12:00:00.000Z"}`.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { writeOutputFile } from '../core/output-file.js';
import type { Db } from '../store/open.js';
import { GENESIS_HASH } from './append.js';
import type { AuditCheckpointRef } from './verify.js';

export interface AuditCheckpoint extends AuditCheckpointRef {
  /** When the checkpoint was taken (ISO 8601, UTC). */
  time: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

const checkpointSchema = z
  .object({
    size: z
      .number({ error: 'expected a whole number of records' })
      .int({ error: 'expected a whole number of records' })
      .nonnegative({ error: 'expected a whole number of records, 0 or more' }),
    headHash: z
      .string({ error: 'expected the head record hash as 64 lowercase hex digits' })
      .regex(HEX64, { error: 'expected the head record hash as 64 lowercase hex digits' }),
    time: z.iso.datetime({
      offset: true,
      error: 'expected an ISO 8601 timestamp such as 2026-11-26T12:00:00Z',
    }),
  })
  .strict();

/** The log's current head. It does not verify the chain: verify first (the CLI does). */
export function auditCheckpoint(db: Db, now: Date = new Date()): AuditCheckpoint {
  const head = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
    | { seq: number; hash: string }
    | undefined;
  return { size: head?.seq ?? 0, headHash: head?.hash ?? GENESIS_HASH, time: now.toISOString() };
}

/** The file's text: the checkpoint as one JSON line, keys in a fixed order. */
export function formatCheckpoint(checkpoint: AuditCheckpoint): string {
  const { size, headHash, time } = checkpoint;
  return `${JSON.stringify({ size, headHash, time })}\n`;
}

/** Writes a checkpoint safely (src/core/output-file.ts: temporary file, rename, 0600, no link followed). */
export function writeCheckpointFile(
  file: string,
  checkpoint: AuditCheckpoint,
  protect: readonly string[] = [],
): void {
  writeOutputFile(file, formatCheckpoint(checkpoint), { flag: '--out', protect });
}

/** Reads and validates a checkpoint file; any problem is an InputError naming the file and key. */
export function readCheckpointFile(file: string): AuditCheckpoint {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new InputError(`cannot read checkpoint: ${reason}`, { file }, { cause: error });
  }
  return parseCheckpoint(text, file);
}

export function parseCheckpoint(text: string, file: string): AuditCheckpoint {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `checkpoint is not valid JSON (${(error as Error).message}); expected {"size":N,"headHash":"…","time":"…"}`,
      { file },
      { cause: error },
    );
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new InputError('checkpoint must be a JSON object {"size":N,"headHash":"…","time":"…"}', { file });
  }
  const parsed = checkpointSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      throw new InputError(`unknown key ${issue.keys.join(', ')}; expected size, headHash, time`, {
        file,
        key: issue.keys[0],
      });
    }
    const key = path.join('.');
    const missing = issue.code === 'invalid_type' && !(key in (document as Record<string, unknown>));
    throw new InputError(missing ? `missing; ${issue.message}` : issue.message, { file, key });
  }
  const checkpoint = parsed.data;
  if (checkpoint.size === 0 && checkpoint.headHash !== GENESIS_HASH) {
    throw new InputError('a checkpoint of an empty log (size 0) must have the genesis hash, 64 zeros', {
      file,
      key: 'headHash',
    });
  }
  return checkpoint;
}
