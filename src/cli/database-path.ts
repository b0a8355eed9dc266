/** Which config and database a command uses: --config (or ./nhiscan.yaml), and --db over the config's db. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type LoadedConfig, loadConfig } from '../config/load.js';
import { InputError } from '../core/errors.js';
import { type Db, openDatabase } from '../store/index.js';
import { isPostgresTarget, postgresConfig } from '../store/postgres/target.js';
import type { DatabaseFlags } from './database-options.js';
import type { CliIo } from './io.js';
import { configPath } from './options.js';

/** --db, else the db of --config (or of ./nhiscan.yaml when there is one), else ./nhiscan.db. */
export async function databasePath(io: CliIo, flags: DatabaseFlags): Promise<string> {
  if (flags.db) return flagTarget(io, flags.db);
  const configFile = resolve(io.cwd, flags.config ?? 'nhiscan.yaml');
  return existsSync(configFile) || flags.config
    ? (await loadConfig(configFile)).dbPath
    : resolve(io.cwd, 'nhiscan.db');
}

export async function existingDatabase(io: CliIo, flags: DatabaseFlags): Promise<Db> {
  const path = await databasePath(io, flags);
  if (!isPostgresTarget(path) && !existsSync(path)) {
    throw new InputError('no nhiscan database here: run `nhiscan scan` first, or pass --db FILE', {
      file: path,
    });
  }
  return openDatabase(path);
}

/** The config a command runs with: --config, else ./nhiscan.yaml (required); --db overrides its db. */
export async function commandConfig(io: CliIo, flags: DatabaseFlags): Promise<LoadedConfig> {
  const config = await loadConfig(configPath(io.cwd, flags.config));
  if (flags.db) config.dbPath = flagTarget(io, flags.db);
  return config;
}

/** --db: a postgres:// URL (checked as the config's db is), or a file relative to the working folder. */
function flagTarget(io: CliIo, db: string): string {
  if (!isPostgresTarget(db)) return resolve(io.cwd, db);
  postgresConfig(db, '--db');
  return db;
}

/** The config of --config, else of ./nhiscan.yaml when there is one (with --db over its db); else undefined. */
export async function commandConfigIfPresent(
  io: CliIo,
  flags: DatabaseFlags,
): Promise<LoadedConfig | undefined> {
  const file = resolve(io.cwd, flags.config ?? 'nhiscan.yaml');
  if (!flags.config && !existsSync(file)) return undefined;
  return commandConfig(io, flags);
}
