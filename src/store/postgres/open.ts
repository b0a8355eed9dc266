/**
 * Opens the store on PostgreSQL (target.ts). A shared database's schema changes only when someone
 * asks: `nhiscan db migrate` (or `db copy`) brings it to this nhiscan's version, under an advisory
 * lock, with a role that may change the schema; every other command checks the version and refuses
 * a database that is behind, so the role it runs with needs no right to create or alter tables.
 */
import { InputError } from '../../core/errors.js';
import { PostgresBridge } from './bridge.js';
import { PostgresDatabase } from './database.js';
import { latestPostgresVersion, migratePostgres, postgresSchemaVersion } from './migrate.js';
import { describeTarget, postgresConfig } from './target.js';

export { isPostgresTarget } from './target.js';

export interface OpenedPostgres {
  db: PostgresDatabase;
  /** The schema version before this open migrated it (the same when it did not). */
  versionBefore: number;
}

export function openPostgresDatabase(target: string, options: { migrate?: boolean } = {}): PostgresDatabase {
  return openPostgres(target, options).db;
}

export function openPostgres(target: string, options: { migrate?: boolean } = {}): OpenedPostgres {
  const config = postgresConfig(target);
  let bridge: PostgresBridge;
  try {
    bridge = new PostgresBridge(config);
  } catch (error) {
    throw new Error(`cannot connect to ${describeTarget(config)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const db = new PostgresDatabase(bridge);
  try {
    if (options.migrate) return { db, versionBefore: migratePostgres(db) };
    const versionBefore = postgresSchemaVersion(db);
    if (versionBefore !== latestPostgresVersion()) {
      throw new InputError(
        versionBefore > latestPostgresVersion()
          ? `database schema version ${versionBefore} is newer than this nhiscan understands (${latestPostgresVersion()}); upgrade nhiscan`
          : `the database's schema is at version ${versionBefore}, this nhiscan needs ${latestPostgresVersion()}: run \`nhiscan db migrate\` with a role that may change the schema (docs/ci.md)`,
        { key: 'db' },
      );
    }
    return { db, versionBefore };
  } catch (error) {
    db.close();
    throw error;
  }
}
