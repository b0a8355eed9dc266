/** `nhiscan report`: render the current state of the database in a report format. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadReportFormat, reportFormatIds } from '../../../reports/index.js';
import type { JsonReportInput } from '../../../reports/json/build.js';
import { writeOutputFile } from '../../core/output-file.js';
import { collectReportInput } from '../../report/report-input.js';
import { withReportQueue } from '../../report/report-queue.js';
import { addDatabaseOptions, type DatabaseFlags } from '../database-options.js';
import { databasePath, existingDatabase } from '../database-path.js';
import type { CliIo } from '../io.js';
import { oneOf } from '../options.js';
import {
  addCiReportOptions,
  type CiReportFlags,
  ciRenderOptions,
  ciReportInput,
  printGithubAnnotations,
} from '../report-ci-options.js';
import { verifiedActions } from '../report-event-actions.js';
import { replayDeadLetterFile, sendToSink } from '../report-event-send.js';
import { addEventOptions, type EventFlags, eventSettings } from '../report-events.js';
import { writeStreamedJsonReport } from '../report-json-stream.js';

interface ReportFlags extends DatabaseFlags {
  format: string;
  out?: string;
}
type Flags = ReportFlags & EventFlags & CiReportFlags;

export function registerReportCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const report = program
    .command('report')
    .description('Write a report of the latest scan: credentials, owners with their evidence, and findings.')
    .requiredOption(
      '--format <format>',
      `report format: ${reportFormatIds().join('|')}`,
      oneOf('--format', reportFormatIds()),
    )
    .option('--out <file>', 'write to this file instead of stdout');
  addEventOptions(addCiReportOptions(addDatabaseOptions(report))).action(async (flags: Flags) => {
    const format = (await loadReportFormat(flags.format))!;
    const events = eventSettings(flags, format, io);
    const ciRender = ciRenderOptions(flags);
    if (events.sink?.replay) {
      await replayDeadLetterFile(io, events.sink, format, setExit);
      return;
    }
    const db = await existingDatabase(io, flags);
    // JSON is written as it is made (report-json-stream.ts) unless it goes to a sink or is also annotated.
    if (format.id === 'json' && !events.sink && !events.includeActions && !flags.githubAnnotations) {
      try {
        await writeStreamedJsonReport(db, io, flags, await databasePath(io, flags));
      } finally {
        db.close();
      }
      setExit(0);
      return;
    }
    let text: string;
    let input: JsonReportInput;
    try {
      // The queue is read only for the formats that show it (the html page): report-queue.ts.
      const collected = withReportQueue(db, format.id, collectReportInput(db, { generatedAt: io.now() }));
      const prepared = await ciReportInput(db, io, flags, collected);
      input = prepared.input;
      const actions = events.includeActions ? verifiedActions(db, io) : undefined;
      if (actions === null) {
        setExit(1);
        return;
      }
      const options = { ...events.render, ...ciRender, ...prepared.render, ...(actions ? { actions } : {}) };
      if (events.sink) {
        await sendToSink(io, events.sink, format, input, options, setExit);
        return;
      }
      text = format.render(input, options);
    } finally {
      db.close();
    }
    if (flags.out)
      writeOutputFile(resolve(io.cwd, flags.out), text, {
        flag: '--out',
        protect: [await databasePath(io, flags)],
      });
    else io.stdout.write(text);
    if (flags.githubAnnotations) printGithubAnnotations(io, input);
    setExit(0);
  });
}
