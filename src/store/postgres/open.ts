/**
 * Opens the store on PostgreSQL: connects (target.ts), then brings the schema to this nhiscan's
 * version under a session advisory lock, so two processes never migrate at once and the second
 * finds the work done.
 */
import { PostgresBridge } from './bridge.js';
import { PostgresDatabase } from './database.js';
import { migratePostgres } from './migrate.js';
import { describeTarget, postgresConfig } from './target.js';

export { isPostgresTarget } from './target.js';

export function openPostgresDatabase(target: string): PostgresDatabase {
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
    migratePostgres(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
