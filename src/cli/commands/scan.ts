/** `nhiscan scan`: scan every source, correlate with HR, evaluate policy, exit with a CI-gateable code. */
import type { Command } from 'commander';
import { buildJsonReport } from '../../../reports/json/build.js';
import { resolveAsOf } from '../../core/clock.js';
import { noticeChannels, notifyFromLatestScan } from '../../notify/index.js';
import { terminalProgress } from '../../scan/progress.js';
import { runScan } from '../../scan/run-scan.js';
import { openDatabase } from '../../store/index.js';
import { baselineToApply } from '../baseline-file.js';
import { commandConfig } from '../database-path.js';
import { scanExitCode } from '../exit-decision.js';
import { warnExpiredEntries } from '../expired-baseline.js';
import { githubAnnotations } from '../github-annotations.js';
import { type CliIo, writeLine } from '../io.js';
import { parseFailOn, parseList } from '../options.js';
import { renderNotifyResult } from '../render-notify.js';
import { renderScanSummary } from '../render-summary.js';
import { collectReportInput } from '../report-data.js';
import { sinceLastComplete } from '../since-last.js';
import { summaryViewFromStore } from '../summary-view.js';

export interface ScanFlags {
  config?: string;
  db?: string;
  only?: string;
  asOf?: string;
  failOn: string;
  baseline?: string;
  json?: boolean;
  sinceLast?: boolean;
  githubAnnotations?: boolean;
  /** Commander's --no-notify: false when given. */
  notify?: boolean;
}

export function registerScanCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('scan')
    .description(
      'Scan every configured source, tie credentials to owners through HR, and evaluate the rules.',
    )
    .option('--config <file>', 'config file (default: ./nhiscan.yaml)')
    .option('--db <file>', 'database file (overrides the config key db)')
    .option('--only <ids>', 'comma-separated source names or types to scan; others keep their last results')
    .option('--as-of <iso>', 'fix "now" for every date rule (reproducible runs), e.g. 2026-11-26')
    .option(
      '--fail-on <severity>',
      'exit 1 when an open finding is at or above: info|low|medium|high|critical|none',
      'high',
    )
    .option(
      '--baseline <file>',
      'baseline of accepted findings (default: the config key baseline, else ./.nhiscan-baseline.yaml when it exists)',
    )
    .option('--json', 'print the JSON report (reports/json/schema.json) on stdout instead of a summary')
    .option(
      '--since-last',
      'show only findings new since the previous complete scan (the exit code still counts all)',
    )
    .option(
      '--github-annotations',
      'also print GitHub Actions ::error/::warning lines for the findings on stderr (10 per level)',
    )
    .option('--no-notify', 'with a notifications block in the config: do not send notices after this scan')
    .addHelpText(
      'after',
      `
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage/config/input error, 3 scan incomplete.
An incomplete scan exits 3 even when it also has findings: its results cannot be called complete.

With a notifications block, the scan ends by sending its notices (as \`nhiscan notify\` does); their
summary goes to stderr. An undelivered digest is reported there and retried at the next run.`,
    )
    .action(async (flags: ScanFlags) => {
      const failOn = parseFailOn(flags.failOn);
      const asOf = resolveAsOf(flags.asOf, io.now);
      const config = await commandConfig(io, flags);
      // Channels are made (their secrets read) before the scan: a missing variable fails the run
      // before anything is written, not after the scan is recorded.
      const channels = config.notifications && flags.notify !== false ? noticeChannels(config) : undefined;
      const result = await runScan({
        config,
        asOf,
        only: flags.only ? parseList(flags.only) : undefined,
        baselinePath: baselineToApply(io, flags.baseline, config),
        progress: terminalProgress(io.stderr as NodeJS.WriteStream),
        signal: io.signal,
        now: io.now,
      });
      warnExpiredEntries(io, result.evaluation.expiredBaselineEntries);
      for (const event of result.unappliedHrEvents)
        writeLine(
          io.stderr,
          `warning: HR event ${event.id} (${event.type} ${event.employeeId}) names no employee in the HR data or a hire event; it was not applied`,
        );
      const db = openDatabase(result.dbPath);
      try {
        if (channels && result.status !== 'failed') {
          const notified = await notifyFromLatestScan(db, config, {
            asOf,
            now: io.now,
            dryRun: false,
            signal: io.signal,
            channels,
          });
          io.stderr.write(renderNotifyResult(notified));
        }
        // The plain summary needs counts only: read them with aggregate queries, so a large estate
        // is never held in memory just to print it. The other outputs need the full report.
        if (!flags.json && !flags.sinceLast && !flags.githubAnnotations) {
          const view = summaryViewFromStore(db, {
            generatedAt: io.now(),
            expiredBaselineEntries: result.evaluation.expiredBaselineEntries,
          });
          io.stdout.write(renderScanSummary(view, failOn));
          setExit(scanExitCode(view, failOn));
          return;
        }
        const input = collectReportInput(db, {
          generatedAt: io.now(),
          expiredBaselineEntries: result.evaluation.expiredBaselineEntries,
        });
        const report = buildJsonReport(input);
        // --since-last narrows what is shown; the exit code always counts every open finding.
        const since = flags.sinceLast ? sinceLastComplete(db, input) : undefined;
        const shown = since ? buildJsonReport(since.input) : report;
        io.stdout.write(
          flags.json
            ? `${JSON.stringify(shown, null, 2)}\n`
            : renderScanSummary(shown, failOn, {
                gate: report,
                ...(since ? { sinceLast: { previousCompleteRunId: since.previousCompleteRunId } } : {}),
              }),
        );
        if (flags.githubAnnotations) for (const line of githubAnnotations(shown)) writeLine(io.stderr, line);
        setExit(scanExitCode(report, failOn));
      } finally {
        db.close();
      }
    });
}
