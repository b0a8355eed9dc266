import type { Command } from 'commander';
import { notifyFromLatestScan } from '../../notify/index.js';
import { openDatabase } from '../../store/index.js';
import { addDatabaseOptions, type DatabaseFlags } from '../database-options.js';
import { commandConfig } from '../database-path.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { parseAsOf } from '../options.js';
import { renderNotifyResult } from '../render-notify.js';

interface NotifyFlags extends DatabaseFlags {
  asOf?: Date;
  dryRun?: boolean;
  json?: boolean;
}

export function registerNotifyCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addDatabaseOptions(
    program
      .command('notify')
      .description(
        "Send the notices the latest scan calls for: owners, leavers' managers, the security contact; one digest each.",
      ),
    { config: 'its notifications block' },
  )
    .option(
      '--as-of <iso>',
      'count notice periods from this day (default: today, or the latest scan as-of if later)',
      parseAsOf,
    )
    .option('--dry-run', 'show the digests that would be sent; send and record nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Exit codes: 0 every digest delivered (or a dry run); 2 config or input error; 3 some digest was
not delivered on any channel (it is recorded, retried at the next run, and its requests stay held).

A request raised for a noticed rule executes only after its notice was delivered and its day has
come, and only while its reason is unchanged (docs/notifications.md).`,
    )
    .action(async (flags: NotifyFlags) => {
      const config = await commandConfig(io, flags);
      const { asOf } = flags;
      const db = openDatabase(config.dbPath);
      try {
        const result = await notifyFromLatestScan(db, config, {
          ...(asOf ? { asOf } : {}),
          now: io.now,
          dryRun: Boolean(flags.dryRun),
          signal: io.signal,
        });
        io.stdout.write(
          flags.json
            ? `${JSON.stringify(result, null, 2)}\n`
            : renderNotifyResult(result, { showText: Boolean(flags.dryRun) }),
        );
        setExit(result.undelivered.length > 0 && !result.dryRun ? EXIT.incomplete : EXIT.clean);
      } finally {
        db.close();
      }
    });
}
