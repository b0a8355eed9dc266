/**
 * `nhiscan audit`: verify the hash-chained audit log (optionally against a checkpoint), take a
 * checkpoint to ship elsewhere, export the revocations as OCSF NDJSON, and list records.
 */
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import {
  type AuditCheckpoint,
  type AuditVerification,
  auditOcsfNdjson,
  formatCheckpoint,
  type ListedAuditRecord,
  listAuditRecords,
  readCheckpointFile,
  recordCheckpoint,
  verifyAudit,
  writeCheckpointFile,
} from '../../audit/index.js';
import { type SignatureVerification, verifyDecisionSignatures } from '../../audit/verify-signatures.js';
import { writeOutputFile } from '../../core/output-file.js';
import { TOOL_VERSION } from '../../core/version.js';
import { readAllowedSigners } from '../../governance/allowed-signers.js';
import type { Db } from '../../store/open.js';
import { addDatabaseOptions, type DatabaseFlags } from '../database-options.js';
import { commandConfigIfPresent, databasePath, existingDatabase } from '../database-path.js';
import { EXIT } from '../exit-codes.js';
import { type CliIo, writeLine } from '../io.js';
import { oneOf, wholeNumber } from '../options.js';

/** `audit verify` (and the commands that verify first) exit 1 when the chain is broken. */
const VERIFY_FAILED = EXIT.findings;

const EXPORT_FORMATS = ['ocsf'] as const;

export function registerAuditCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const audit = program
    .command('audit')
    .description('Verify, checkpoint, export and list the append-only, hash-chained audit log.');
  audit.addHelpText(
    'after',
    `
Every queue transition, scan run and finding change is an audit record. Each record's hash covers
its content and the previous record's hash (docs/audit.md).

Exit codes (verify, checkpoint, export):
  0  the log verifies (against the checkpoint, when given)
  1  verification failed: the first bad record and the problem are printed on stderr
  2  usage or input error: no database, a malformed checkpoint file (nothing written)`,
  );

  addDatabaseOptions(
    audit
      .command('verify')
      .description('Recompute the hash chain and report the first edited, missing or reordered record.')
      .option(
        '--checkpoint <file>',
        'also check against a checkpoint taken earlier: detects truncation and a recomputed chain',
      )
      .option(
        '--json',
        'print {ok, size, headHash, warnings} or {ok, size, firstBadSeq, problem, warnings} on stdout',
      )
      .option(
        '--allowed-signers <file>',
        'also re-verify signed decisions against this file (default: governance.allowedSignersFile)',
      ),
  )
    .addHelpText(
      'after',
      `
Without --checkpoint, removing the NEWEST records, or rewriting a record and recomputing every
hash after it, leaves a valid chain: keep checkpoints outside the database (nhiscan audit checkpoint).
Verify also fails when the log is shorter than the database implies: a finished scan run, a
revocation request or a decision without its record, or a checkpoint (kept in the database by
audit checkpoint) that the log no longer reaches.

Exit codes: 0 verified, 1 verification failed (first bad record on stderr), 2 usage or input error.`,
    )
    .action(
      async (flags: DatabaseFlags & { checkpoint?: string; json?: boolean; allowedSigners?: string }) => {
        const checkpointFile = flags.checkpoint ? resolve(io.cwd, flags.checkpoint) : undefined;
        const checkpoint = checkpointFile ? readCheckpointFile(checkpointFile) : undefined;
        const result = await verified(io, flags, checkpoint);
        const signatures = result.ok ? await signedDecisions(io, flags) : undefined;
        if (flags.json) writeLine(io.stdout, JSON.stringify(signatures ? { ...result, signatures } : result));
        if (!result.ok) {
          reportFailure(io, result);
          setExit(VERIFY_FAILED);
          return;
        }
        for (const { seq, action, problem } of signatures?.problems ?? [])
          writeLine(
            io.stderr,
            `nhiscan: signed decision at record ${seq} (${action}) does not verify: ${problem}`,
          );
        if (signatures && signatures.problems.length > 0) {
          setExit(VERIFY_FAILED);
          return;
        }
        if (!flags.json) {
          const against = checkpoint
            ? `; matches checkpoint ${flags.checkpoint} (${checkpoint.size} records, taken ${checkpoint.time})`
            : '';
          const signed = signatures ? `; ${signatures.checked} signed decisions verified` : '';
          writeLine(
            io.stdout,
            `audit log verified: ${result.size} records, head ${result.headHash}${against}${signed}`,
          );
        }
        setExit(EXIT.clean);
      },
    );

  addDatabaseOptions(
    audit
      .command('checkpoint')
      .description(
        'Verify the log, then print or write its checkpoint {size, headHash, time} to keep elsewhere.',
      )
      .option('--out <file>', 'write the checkpoint to this file instead of stdout')
      .option('--json', 'with --out, also print the checkpoint on stdout'),
  )
    .addHelpText(
      'after',
      `
Ship the checkpoint somewhere the database's writers cannot change (SIEM, ticket, object storage
with retention); later run: nhiscan audit verify --checkpoint FILE
The checkpoint is also kept in the database: audit verify fails when the log no longer reaches it.

Exit codes: 0 written, 1 the log does not verify (nothing written), 2 usage or input error.`,
    )
    .action(async (flags: DatabaseFlags & { out?: string; json?: boolean }) => {
      const result = await verified(io, flags);
      if (!result.ok) {
        reportFailure(io, result);
        setExit(VERIFY_FAILED);
        return;
      }
      const checkpoint: AuditCheckpoint = {
        size: result.size,
        headHash: result.headHash,
        time: io.now().toISOString(),
      };
      if (flags.out) {
        const file = resolve(io.cwd, flags.out);
        writeCheckpointFile(file, checkpoint, [await databasePath(io, flags)]);
        if (flags.json) io.stdout.write(formatCheckpoint(checkpoint));
        else
          writeLine(
            io.stdout,
            `checkpoint written to ${file}: ${checkpoint.size} records, head ${checkpoint.headHash}`,
          );
      } else {
        io.stdout.write(formatCheckpoint(checkpoint));
      }
      // Also kept in the database: a later `audit verify` fails when the log no longer reaches it.
      await usingDatabase(io, flags, (db) => recordCheckpoint(db, checkpoint));
      setExit(EXIT.clean);
    });

  addDatabaseOptions(
    audit
      .command('export')
      .description(
        'Verify the log, then export its revocation steps as OCSF 1.8.0 Account Change events (NDJSON).',
      )
      .requiredOption(
        '--format <format>',
        `export format: ${EXPORT_FORMATS.join('|')}`,
        oneOf('--format', EXPORT_FORMATS),
      )
      .option('--out <file>', 'write to this file instead of stdout')
      .option('--after <seq>', 'only records after this seq (incremental shipping)', wholeNumber('--after')),
  )
    .addHelpText(
      'after',
      `
Exported: step.done (Success), step.failed (Failure) and request.confirmed (a manual revocation a
person confirmed). disable → activity 5 Disable, delete → 6 Delete, other revocations → 99 "Revoke".

Exit codes: 0 exported, 1 the log does not verify (nothing exported), 2 usage or input error.`,
    )
    .action(async (flags: DatabaseFlags & { out?: string; after?: number }) => {
      const afterSeq = flags.after ?? 0;
      const database = await databasePath(io, flags);
      await usingDatabase(io, flags, (db) => {
        const result = verifyAudit(db);
        warn(io, result.warnings);
        if (!result.ok) {
          reportFailure(io, result);
          setExit(VERIFY_FAILED);
          return;
        }
        const lines = auditOcsfNdjson(db, { productVersion: TOOL_VERSION, afterSeq });
        if (!flags.out) {
          for (const line of lines) io.stdout.write(line);
        } else {
          const file = resolve(io.cwd, flags.out);
          const count = writeOutputFile(file, lines, { flag: '--out', protect: [database] });
          writeLine(io.stderr, `exported ${count} OCSF event${count === 1 ? '' : 's'} to ${file}`);
        }
        setExit(EXIT.clean);
      });
    });

  addDatabaseOptions(
    audit
      .command('log')
      .description('List audit records, oldest first (the newest --limit of them).')
      // The default is shown as it always was, "50".
      .addOption(
        new Option('--limit <n>', 'show the newest N records (0: all)')
          .argParser(wholeNumber('--limit'))
          .default(50, '"50"'),
      )
      .option('--json', 'print the records as a JSON array'),
  ).action(async (flags: DatabaseFlags & { limit: number; json?: boolean }) => {
    await usingDatabase(io, flags, (db) => {
      const records = listAuditRecords(db, { limit: flags.limit });
      if (flags.json) {
        io.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
      } else if (records.length === 0) {
        writeLine(io.stdout, 'the audit log is empty');
      } else {
        io.stdout.write(renderAuditTable(records));
      }
      setExit(EXIT.clean);
    });
  });
}

/** One aligned row per record: seq, time, actor, action, target, reason. */
function renderAuditTable(records: readonly ListedAuditRecord[]): string {
  const rows = [
    ['SEQ', 'TIME', 'ACTOR', 'ACTION', 'TARGET', 'REASON'],
    ...records.map((record) => [
      String(record.seq),
      record.time,
      record.actor,
      record.action,
      record.target ?? '-',
      record.reason ?? '',
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === 0 ? cell.padStart(widths[0]!) : cell.padEnd(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/** Signed decisions re-verified, when an allowed-signers file is given or configured. */
async function signedDecisions(
  io: CliIo,
  flags: DatabaseFlags & { allowedSigners?: string },
): Promise<SignatureVerification | undefined> {
  const file = flags.allowedSigners
    ? resolve(io.cwd, flags.allowedSigners)
    : (await commandConfigIfPresent(io, flags))?.governance.allowedSignersFile;
  if (!file) return undefined;
  const signers = readAllowedSigners(file);
  return usingDatabase(io, flags, (db) => verifyDecisionSignatures(db, signers));
}

async function usingDatabase<T>(io: CliIo, flags: DatabaseFlags, use: (db: Db) => T): Promise<T> {
  const db = await existingDatabase(io, flags);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

async function verified(
  io: CliIo,
  flags: DatabaseFlags,
  checkpoint?: { size: number; headHash: string },
): Promise<AuditVerification> {
  const result = await usingDatabase(io, flags, (db) => verifyAudit(db, checkpoint));
  warn(io, result.warnings);
  return result;
}

function reportFailure(io: CliIo, result: Extract<AuditVerification, { ok: false }>): void {
  writeLine(
    io.stderr,
    `nhiscan: audit log verification failed at record ${result.firstBadSeq}: ${result.problem}`,
  );
}

function warn(io: CliIo, warnings: readonly string[]): void {
  for (const warning of warnings) writeLine(io.stderr, `nhiscan: warning: ${warning}`);
}
