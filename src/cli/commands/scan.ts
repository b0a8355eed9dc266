/** `nhiscan scan`: scan every source, correlate with HR, evaluate policy, exit with a CI-gateable code. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { buildJsonReport } from '../../../reports/json/build.js';
import type { LoadedConfig } from '../../config/load.js';
import { InputError } from '../../core/errors.js';
import { terminalSafeLine } from '../../core/terminal-text.js';
import { governanceContext } from '../../governance/context.js';
import { noticeChannels } from '../../notify/index.js';
import { collectReportInput } from '../../report/report-input.js';
import { sinceLastComplete } from '../../report/since-last.js';
import { summaryViewFromStore } from '../../report/summary-view.js';
import { terminalProgress } from '../../scan/progress.js';
import type { ScanRequest, ScanResult } from '../../scan/run-scan.js';
import { scanAndNotify } from '../../scan/scan-and-notify.js';
import { openDatabase } from '../../store/index.js';
import { acceptanceOf, resolvedAcceptance } from '../acceptance.js';
import { baselineToApply } from '../baseline-file.js';
import { addDatabaseOptions, type DatabaseFlags } from '../database-options.js';
import { commandConfig } from '../database-path.js';
import { EXIT } from '../exit-codes.js';
import { scanExitCode } from '../exit-decision.js';
import { warnExpiredEntries, warnInvalidEntries } from '../expired-baseline.js';
import { type CliIo, writeLine } from '../io.js';
import { type FailOn, parseAsOf, parseFailOn, parseList } from '../options.js';
import { renderNotifyResult } from '../render-notify.js';
import { acceptanceNotes, scanGovernanceLines } from '../render-scan-governance.js';
import { renderScanSummary } from '../render-summary.js';
import { rawStream } from '../safe-output.js';
import { signedDecisionAttestation } from '../signed-decision.js';
import { githubAnnotations } from '../workflow-annotations.js';

interface ScanFlags extends DatabaseFlags {
  only?: string;
  asOf?: Date;
  failOn: FailOn;
  baseline?: string;
  json?: boolean;
  sinceLast?: boolean;
  githubAnnotations?: boolean;
  /** Commander's --no-notify: false when given. */
  notify?: boolean;
  acceptHrChange?: boolean;
  acceptSourceChange?: boolean;
  by?: string;
  reason?: string;
  signature?: string;
  printDecision?: boolean;
}

/** `--accept-hr-change` / `--accept-source-change` with their `--by` and `--reason`, checked before scanning. */
function acceptances(flags: ScanFlags) {
  const flag = flags.acceptHrChange ? '--accept-hr-change' : '--accept-source-change';
  if (!flags.acceptHrChange && !flags.acceptSourceChange) {
    if (flags.by !== undefined || flags.reason !== undefined)
      throw new InputError('--by and --reason go with --accept-hr-change or --accept-source-change', {
        key: flags.by !== undefined ? '--by' : '--reason',
      });
    return {};
  }
  const acceptance = acceptanceOf(flag, flags.by, flags.reason);
  return {
    ...(flags.acceptHrChange ? { acceptHrChange: acceptance } : {}),
    ...(flags.acceptSourceChange ? { acceptSourceChange: acceptance } : {}),
  };
}

/**
 * `--by` of the acknowledgements resolved to one current HR person (refused: exit 2 and a
 * `decision.refused` record, before anything is scanned). Without a database there is no HR yet,
 * and nothing a first scan could accept: the acknowledgements are dropped.
 */
function actingPeople(
  io: CliIo,
  config: LoadedConfig,
  accepted: ReturnType<typeof acceptances>,
  flags: ScanFlags,
  now: Date,
): Pick<ScanRequest, 'acceptHrChange' | 'acceptSourceChange'> | 'printed' {
  const given = accepted.acceptHrChange ?? accepted.acceptSourceChange;
  if (!given) return {};
  if (!existsSync(config.dbPath)) return {};
  const db = openDatabase(config.dbPath);
  try {
    // One signature covers the acknowledgements this scan makes (governance.signedDecisions).
    const decision = [
      ...(accepted.acceptHrChange ? ['accept-hr-change'] : []),
      ...(accepted.acceptSourceChange ? ['accept-source-change'] : []),
    ].join('+');
    const attestation = signedDecisionAttestation(io, db, {
      settings: config.governance,
      governance: governanceContext(db, config.governance, now),
      flags: { ...flags, ...given },
      decision,
      target: 'scan',
      now,
    });
    if (attestation === 'printed') return 'printed';
    const options = {
      settings: config.governance,
      target: null,
      now,
      ...(attestation ? { attestation } : {}),
    };
    return {
      ...(accepted.acceptHrChange
        ? {
            acceptHrChange: resolvedAcceptance(db, accepted.acceptHrChange, {
              ...options,
              decision: 'accept-hr-change',
            }),
          }
        : {}),
      ...(accepted.acceptSourceChange
        ? {
            acceptSourceChange: resolvedAcceptance(db, accepted.acceptSourceChange, {
              ...options,
              decision: 'accept-source-change',
            }),
          }
        : {}),
    };
  } finally {
    db.close();
  }
}

/** What the run left for a person to see, on stderr before its notices: baseline, acknowledgements, redactions, HR events. */
function warnAfterScan(io: CliIo, result: ScanResult, flags: ScanFlags): void {
  warnExpiredEntries(io, result.evaluation.expiredBaselineEntries);
  warnInvalidEntries(io, result.evaluation.invalidBaselineEntries);
  for (const note of acceptanceNotes(result, flags)) writeLine(io.stderr, note);
  // A provider field that held secret material was stored with [redacted:<kind>] in its place.
  for (const source of result.sources)
    for (const redaction of source.redactions)
      writeLine(
        io.stderr,
        `nhiscan: warning: ${terminalSafeLine(`${source.name}: ${redaction.scope}: ${redaction.reason}`)}`,
      );
  for (const event of result.unappliedHrEvents)
    writeLine(
      io.stderr,
      `warning: HR event ${event.id} (${event.type} ${event.employeeId}) names no employee in the HR data or a hire event; it was not applied`,
    );
}

export function registerScanCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addDatabaseOptions(
    program
      .command('scan')
      .description(
        'Scan every configured source, tie credentials to owners through HR, and evaluate the rules.',
      ),
  )
    .option('--only <ids>', 'comma-separated source names or types to scan; others keep their last results')
    .option('--as-of <iso>', 'fix "now" for every date rule (reproducible runs), e.g. 2026-11-26', parseAsOf)
    .option(
      '--fail-on <severity>',
      'exit 1 when an open finding is at or above: info|low|medium|high|critical|none',
      parseFailOn,
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
    .option(
      '--accept-hr-change',
      "acknowledge this scan's HR snapshot when the hr-change guard trips, so the queue is not frozen (needs --by and --reason)",
    )
    .option(
      '--accept-source-change',
      'accept every source whose credential count shrank beyond revocation.sourceShrinkGuardPercent (needs --by and --reason)',
    )
    .option('--by <who>', 'who acknowledges (with --accept-hr-change or --accept-source-change; audited)')
    .option('--reason <text>', 'why (with --accept-hr-change or --accept-source-change; audited)')
    .option(
      '--signature <file>',
      'SSH signature of the acknowledgement text (ssh-keygen -Y sign -n nhiscan); required when governance.signedDecisions is required',
    )
    .option('--print-decision', 'with --accept-*: print the acknowledgement text to sign, and scan nothing')
    .addHelpText(
      'after',
      `
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage/config/input error, 3 scan incomplete.
An incomplete scan exits 3 even when it also has findings: its results cannot be called complete.
A source whose credential count drops by more than revocation.sourceShrinkGuardPercent (20%) since
its last complete scan, or an inventory file with a header and no rows, is scanned as partial
(exit 3, nothing of it marked gone) until --accept-source-change --by WHO --reason TEXT accepts it.

When new leavers plus people missing from HR exceed revocation.hrChangeGuardPercent of the last
scanned HR (and number at least revocation.hrChangeGuardMinPeople), the scan records its findings
but freezes the revocation queue: nothing is cancelled and no request starts approved until
--accept-hr-change --by WHO --reason TEXT (or queue execute --accept-hr-change) acknowledges it.

With a notifications block, the scan ends by sending its notices (as \`nhiscan notify\` does); their
summary goes to stderr. An undelivered digest is reported there and retried at the next run.`,
    )
    .action(async (flags: ScanFlags) => {
      const failOn = flags.failOn;
      const asOf = flags.asOf ?? io.now();
      const accepted = acceptances(flags);
      const config = await commandConfig(io, flags);
      // Channels are made (their secrets read) before the scan: a missing variable fails the run
      // before anything is written, not after the scan is recorded.
      const channels = config.notifications && flags.notify !== false ? noticeChannels(config) : undefined;
      const acceptedBy = actingPeople(io, config, accepted, flags, io.now());
      if (acceptedBy === 'printed') return setExit(EXIT.clean);
      const { scan: result, notified } = await scanAndNotify(
        {
          config,
          asOf,
          only: flags.only ? parseList(flags.only) : undefined,
          baselinePath: baselineToApply(io, flags.baseline, config),
          progress: terminalProgress(rawStream(io.stderr)),
          signal: io.signal,
          now: io.now,
          ...acceptedBy,
        },
        {
          notify: channels ? { asOf, signal: io.signal, channels } : false,
          onScanned: (scanned) => warnAfterScan(io, scanned, flags),
        },
      );
      if (notified) io.stderr.write(renderNotifyResult(notified));
      const governance = scanGovernanceLines(result)
        .map((line) => `${line}\n`)
        .join('');
      const db = openDatabase(result.dbPath);
      try {
        // The plain summary needs counts only: read them with aggregate queries, so a large estate
        // is never held in memory just to print it. The other outputs need the full report.
        if (!flags.json && !flags.sinceLast && !flags.githubAnnotations) {
          const view = summaryViewFromStore(db, {
            generatedAt: io.now(),
            expiredBaselineEntries: result.evaluation.expiredBaselineEntries,
          });
          io.stdout.write(renderScanSummary(view, failOn) + governance);
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
              }) + governance,
        );
        if (flags.githubAnnotations) for (const line of githubAnnotations(shown)) writeLine(io.stderr, line);
        setExit(scanExitCode(report, failOn));
      } finally {
        db.close();
      }
    });
}
