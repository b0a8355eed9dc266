/**
 * `nhiscan db`: the store itself. `db migrate` brings a database to this nhiscan's schema (the only
 * command that changes a PostgreSQL schema); `db copy` moves a SQLite database into an empty
 * PostgreSQL one, audit chain verified on both sides.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import { copyStore } from '../../store/copy.js';
import { migrateStore } from '../../store/migrate-store.js';
import { isPostgresTarget, postgresConfig } from '../../store/postgres/target.js';
import { addDatabaseOptions, type DatabaseFlags } from '../database-options.js';
import { databasePath } from '../database-path.js';
import { EXIT } from '../exit-codes.js';
import { type CliIo, writeLine } from '../io.js';

export function registerDbCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const db = program
    .command('db')
    .description('Migrate the database schema, or copy a SQLite database into PostgreSQL.');

  addDatabaseOptions(
    db
      .command('migrate')
      .description("Bring the database (SQLite file or postgres:// URL) to this nhiscan's schema version.")
      .option('--json', 'print {engine, from, to} on stdout'),
  )
    .addHelpText(
      'after',
      `
A SQLite file is also migrated by any command that opens it. A PostgreSQL database is migrated
only by this command (and db copy): run it with a role that may change the schema, once per
nhiscan upgrade; the scans, reviewers and executors then run with a role that cannot (docs/ci.md).
Two processes never migrate at once: the second waits, then finds nothing to do.

Exit codes: 0 migrated (or already current), 2 usage or input error.`,
    )
    .action(async (flags: DatabaseFlags & { json?: boolean }) => {
      const result = migrateStore(await databasePath(io, flags));
      if (flags.json) writeLine(io.stdout, JSON.stringify(result));
      else
        writeLine(
          io.stdout,
          result.from === result.to
            ? `${result.engine} schema already at version ${result.to}`
            : `${result.engine} schema migrated from version ${result.from} to ${result.to}`,
        );
      setExit(EXIT.clean);
    });

  db.command('copy')
    .description('Copy a SQLite database into an empty PostgreSQL database, audit log verified on both.')
    .requiredOption('--from <file>', 'the SQLite database file')
    .requiredOption(
      '--to <url>',
      'the PostgreSQL database: postgres://USER@HOST:PORT/DATABASE?sslmode=verify-full',
    )
    .option('--json', 'print {tables, audit} on stdout')
    .addHelpText(
      'after',
      `
The target is migrated first (so run this with a role that may change the schema) and must hold no
rows. The copy is one transaction: it commits only when the copied audit log verifies with the
source's size and head hash and every table has the source's row count. A source whose audit log
does not verify is refused. The source file is left as it is (but migrated to this version).

Exit codes: 0 copied, 2 usage or input error (nothing copied).`,
    )
    .action((flags: { from: string; to: string; json?: boolean }) => {
      if (!isPostgresTarget(flags.to)) throw new InputError('expected a postgres:// URL', { key: '--to' });
      postgresConfig(flags.to, '--to');
      if (isPostgresTarget(flags.from))
        throw new InputError('expected a SQLite database file', { key: '--from' });
      const result = copyStore(resolve(io.cwd, flags.from), flags.to);
      if (flags.json) writeLine(io.stdout, JSON.stringify(result));
      else {
        const rows = result.tables.reduce((sum, table) => sum + table.rows, 0);
        writeLine(
          io.stdout,
          `copied ${result.tables.length} tables, ${rows} rows; audit log verified on both: ${result.audit.size} records, head ${result.audit.headHash}`,
        );
      }
      setExit(EXIT.clean);
    });
}
