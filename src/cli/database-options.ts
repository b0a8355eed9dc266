/**
 * `--config` and `--db`, declared once for every command that reads the config or the database,
 * with the same help text everywhere (src/cli/database-path.ts resolves them). `uses` adds what the
 * command takes from each, e.g. notify's "its notifications block".
 */
import type { Command } from 'commander';

export interface DatabaseFlags {
  config?: string;
  db?: string;
}

export function addDatabaseOptions(command: Command, uses: { config?: string; db?: string } = {}): Command {
  const more = (use: string | undefined) => (use ? `; ${use}` : '');
  return command
    .option('--config <file>', `config file (default: ./nhiscan.yaml${more(uses.config)})`)
    .option('--db <file>', `database file or postgres:// URL (overrides the config key db${more(uses.db)})`);
}
