/**
 * `nhiscan demo`: scan the bundled demo estate (fixtures/demo) as of its fixed date, write the
 * report in every format to ./nhiscan-demo/ (report.json, report.html, findings.sarif, junit.xml,
 * summary.md…), the notices its findings call for (notices.txt, a dry run) and print a readable
 * summary. Needs no config.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadReportFormat, reportFormatIds } from '../../../reports/index.js';
import { buildJsonReport } from '../../../reports/json/build.js';
import { addSource, loadConfig } from '../../config/load.js';
import { resolveAsOf } from '../../core/clock.js';
import { writeOutputFile } from '../../core/output-file.js';
import { packagePath } from '../../core/package-root.js';
import { loadEstate } from '../../emulate/estate.js';
import { announceVerdict, notificationsSchema, notifyFromLatestScan } from '../../notify/index.js';
import { type ExecutorEvent, executeQueue, guardSettings } from '../../queue/index.js';
import { collectReportInput } from '../../report/report-input.js';
import { collectReportQueue, plannedActions, showsQueue } from '../../report/report-queue.js';
import { terminalProgress } from '../../scan/progress.js';
import { runScan } from '../../scan/run-scan.js';
import { openDatabase } from '../../store/index.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { renderNotifyResult } from '../render-notify.js';
import { renderExecuteSummary, renderExecutorEvent } from '../render-queue.js';
import { renderScanSummary } from '../render-summary.js';
import { rawStream } from '../safe-output.js';

/** The demo estate's "today": its dates are written relative to it, so the demo reads the same on any day. */
export const DEMO_AS_OF = '2026-11-26';
/** The demo estate ships in the package (package.json `files`), beside src/ and dist/. */
export const DEMO_CONFIG = packagePath('fixtures', 'demo', 'nhiscan.yaml');
export const DEMO_ESTATE = packagePath('fixtures', 'demo', 'estate.json');

interface DemoFlags {
  outDir: string;
  asOf: string;
  json?: boolean;
}

/** The notices of the demo (a dry run: nothing is sent): who would be told what, and from when. */
const DEMO_NOTIFICATIONS = notificationsSchema.parse({
  securityContact: 'security@acme.example',
  channels: [{ type: 'webhook', url: 'http://127.0.0.1:9/nhiscan-demo' }],
});

export function registerDemoCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description(
      'Scan the bundled demo estate and write every report format to ./nhiscan-demo/; needs no config.',
    )
    .option('--out-dir <dir>', 'where the demo database and report go', 'nhiscan-demo')
    .option('--as-of <iso>', 'the date the demo is evaluated at', DEMO_AS_OF)
    .option('--json', 'print the JSON report on stdout instead of a summary')
    .action(async (flags: DemoFlags) => {
      const asOf = resolveAsOf(flags.asOf, io.now);
      const outDir = resolve(io.cwd, flags.outDir);
      const config = await loadConfig(DEMO_CONFIG);
      mkdirSync(outDir, { recursive: true, mode: 0o700 });
      config.dbPath = join(outDir, 'nhiscan.db');
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${config.dbPath}${suffix}`, { force: true });

      // The providers of the demo estate are served by emulators on 127.0.0.1 for the length of the run.
      // Loaded here, not at start-up: the emulators (four servers, a certificate maker) are for demo only.
      const { startEmulators } = await import('../../emulate/start-emulators.js');
      const emulators = await startEmulators(loadEstate(DEMO_ESTATE));
      const previousEnv = Object.fromEntries(
        Object.keys(emulators.env).map((name) => [name, process.env[name]]),
      );
      Object.assign(process.env, emulators.env);
      let result: Awaited<ReturnType<typeof runScan>>;
      try {
        for (const source of emulators.sources) await addSource(config, source);
        result = await runScan({
          config,
          asOf,
          progress: terminalProgress(rawStream(io.stderr)),
          signal: io.signal,
          now: io.now,
        });
      } finally {
        await emulators.close();
        for (const [name, value] of Object.entries(previousEnv)) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      }
      const db = openDatabase(result.dbPath);
      let input: ReturnType<typeof collectReportInput>;
      let queue: ReturnType<typeof collectReportQueue>;
      const plan: string[] = [];
      const planEvents: ExecutorEvent[] = [];
      let planSummary = '';
      let noticeSummary = '';
      try {
        input = collectReportInput(db, { generatedAt: io.now() });
        // Plan the revocation queue (dry-run: no provider is called) as of the demo date.
        const planned = await executeQueue(db, {
          apply: false,
          actor: 'demo',
          now: () => asOf,
          sources: config.sources,
          settings: guardSettings(config, announceVerdict),
          signal: io.signal,
          onEvent: (event) => {
            planEvents.push(event);
            plan.push(renderExecutorEvent(event));
          },
        });
        planSummary = renderExecuteSummary(planned, false);
        // The queue as the plan left it, with what the plan would do now (for the html page).
        queue = collectReportQueue(db, plannedActions(asOf, planEvents));
        const notices = await notifyFromLatestScan(
          db,
          { notifications: DEMO_NOTIFICATIONS, baseDir: config.baseDir, file: config.file },
          { asOf, now: io.now, dryRun: true, signal: io.signal },
        );
        writeOutputFile(join(outDir, 'notices.txt'), renderNotifyResult(notices, { showText: true }), {
          flag: 'notices.txt',
        });
        noticeSummary = `${notices.digests.length} digest(s) for ${notices.announced} notice(s)`;
      } finally {
        db.close();
      }
      // Every registered format, so a format added to reports/index.ts shows up here too.
      const written: string[] = [];
      for (const id of reportFormatIds()) {
        const format = (await loadReportFormat(id))!;
        const formatInput = showsQueue(id) ? { ...input, queue } : input;
        writeOutputFile(join(outDir, format.fileName), format.render(formatInput, {}), {
          flag: format.fileName,
        });
        written.push(format.fileName);
      }
      const reportPath = join(outDir, 'report.json');
      const report = buildJsonReport(input);
      if (flags.json) {
        io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        io.stdout.write(renderScanSummary(report, 'none'));
        io.stdout.write(`\nRevocation queue plan (dry run, as of ${flags.asOf}):\n`);
        io.stdout.write(plan.length ? `${plan.join('\n')}\n` : 'No step is due.\n');
        io.stdout.write(planSummary);
        io.stdout.write(
          `\nReport: ${reportPath}\nAll formats in ${outDir}: ${written.join(', ')}\nDatabase: ${config.dbPath}\n`,
        );
        io.stdout.write(
          `Notices owners, managers and security would get (dry run, nothing sent): ${noticeSummary} in ${join(outDir, 'notices.txt')}\n`,
        );
        io.stdout.write(
          `Next: nhiscan findings --db ${config.dbPath} --severity high\n      nhiscan queue list --db ${config.dbPath}\n`,
        );
      }
      setExit(report.scan.status === 'complete' ? EXIT.clean : EXIT.incomplete);
    });
}
