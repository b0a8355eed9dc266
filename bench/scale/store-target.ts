/**
 * The store the scale benchmark's scans write: a SQLite file in the working folder (the default), or
 * with DB=postgres a fresh, migrated database of a real PostgreSQL server started for the run
 * (test/support/postgres-server.ts; NHISCAN_TEST_POSTGRES_URL names one to use instead).
 */
import { join } from 'node:path';
import { migrateStore } from '../../src/store/migrate-store.js';
import { freshDatabase } from '../../test/support/postgres-databases.js';
import { startPostgres } from '../../test/support/postgres-server.js';

export interface BenchStore {
  engine: 'sqlite' | 'postgres';
  /** What the config's `db` names: a file's path or a postgres:// URL. */
  target: string;
  stop(): Promise<void>;
}

export async function benchStore(workDir: string): Promise<BenchStore> {
  if (process.env.DB !== 'postgres')
    return { engine: 'sqlite', target: join(workDir, 'nhiscan.db'), stop: async () => {} };
  if (Number(process.env.DAYS ?? 30) > 2)
    throw new Error(
      'DB=postgres needs DAYS=2: the simulated days replay a SQLite inventory (daily-replay.ts)',
    );
  const server = await startPostgres();
  const { url } = await freshDatabase(server.url);
  migrateStore(url);
  return { engine: 'postgres', target: url, stop: () => server.stop() };
}
