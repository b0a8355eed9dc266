/**
 * `nhiscan review`: the interactive review screen (src/review). It needs a terminal; everything it
 * does goes through the queue and baseline code the other commands use.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { type LoadedConfig, loadConfig } from '../../config/load.js';
import { InputError } from '../../core/errors.js';
import { resolveDecider } from '../../governance/actor.js';
import { governanceContext } from '../../governance/context.js';
import { announceVerdict } from '../../notify/index.js';
import { guardSettings } from '../../queue/index.js';
import { openDatabase } from '../../store/index.js';
import { resolveActor } from '../actor.js';
import { baselineFile } from '../baseline-file.js';
import { addDatabaseOptions, type DatabaseFlags } from '../database-options.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { rawStream } from '../safe-output.js';

interface ReviewFlags extends DatabaseFlags {
  as?: string;
  readOnly?: boolean;
  baseline?: string;
}

async function configFor(io: CliIo, flags: ReviewFlags): Promise<LoadedConfig | undefined> {
  const file = resolve(io.cwd, flags.config ?? 'nhiscan.yaml');
  if (!flags.config && !existsSync(file)) return undefined;
  return loadConfig(file);
}

export function registerReviewCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addDatabaseOptions(
    program
      .command('review')
      .description(
        'Review findings and the revocation queue in a full-screen terminal app: approve, reject, suppress, recertify, preview.',
      ),
    { config: 'gives the database, sources and baseline' },
  )
    .option(
      '--as <who>',
      'the reviewer: one current HR person (default: NHISCAN_USER, then git user.email); refused before the screen opens otherwise',
    )
    .option('--read-only', 'look, but approve, reject, suppress and recertify nothing')
    .option(
      '--baseline <file>',
      'baseline file suppressions are written to (default: the config key baseline, or .nhiscan-baseline.yaml)',
    )
    .addHelpText(
      'after',
      `
Keys: ↑/↓ (j/k) move · PgUp/PgDn page · g/G first/last · / search
      o owner · p provider · r rule · s severity (at or above) · c clear filters
      a approve · x reject · u suppress until a date
      R recertify the finding's rule until a date (as nhiscan recertify)
      Tab (or 1 2 3) findings → queue → dry-run preview (↑/↓ scroll it) · q quit
Every approval, rejection, suppression and recertification asks for a reason
and is recorded like the CLI's own.`,
    )
    .action(async (flags: ReviewFlags) => {
      // The terminal UI (ink, React, the layout engine) loads only when review runs: every other
      // command, a scan above all, starts without it.
      const stdin = process.stdin;
      if (!stdin.isTTY || !io.stdout.isTTY) {
        throw new InputError(
          'review needs an interactive terminal; use `nhiscan findings` and `nhiscan queue list` in scripts',
          {
            key: 'review',
          },
        );
      }
      const { importInkForTerminal } = await import('../../review/load-ink.js');
      const { render } = await importInkForTerminal();
      const [{ default: React }, { ReviewApp }, { previewExecute }, { reviewAppProps }] = await Promise.all([
        import('react'),
        import('../../review/app.js'),
        import('../../review/preview.js'),
        import('../../review/props.js'),
      ]);
      const config = await configFor(io, flags);
      const dbPath = flags.db ? resolve(io.cwd, flags.db) : (config?.dbPath ?? resolve(io.cwd, 'nhiscan.db'));
      if (!existsSync(dbPath))
        throw new InputError('no nhiscan database here: run `nhiscan scan` first, or pass --db FILE', {
          file: dbPath,
        });
      const db = openDatabase(dbPath);
      const reviewer = resolveActor(io, flags.as);
      try {
        // A reviewer who may not decide is told before the screen opens, not at the first key.
        if (!flags.readOnly)
          resolveDecider(reviewer, governanceContext(db, config?.governance, io.now()), '--as');
        const app = render(
          React.createElement(
            ReviewApp,
            reviewAppProps({
              db,
              reviewer,
              governance: config?.governance,
              readOnly: Boolean(flags.readOnly),
              baselineFile: baselineFile(io, flags.baseline, config),
              now: io.now,
              preview: () =>
                previewExecute(
                  db,
                  config
                    ? { sources: config.sources, settings: guardSettings(config, announceVerdict) }
                    : undefined,
                  reviewer,
                  io.now,
                ),
              noColor: 'NO_COLOR' in io.env && io.env.NO_COLOR !== '',
            }),
          ),
          { stdout: rawStream(io.stdout), stdin, exitOnCtrlC: true },
        );
        await app.waitUntilExit();
      } finally {
        db.close();
      }
      setExit(EXIT.clean);
    });
}
