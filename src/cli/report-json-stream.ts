/**
 * `nhiscan report --format json` written as it is made (reports/json/stream.ts): the credentials
 * and the findings are read from the store while the document is written, so the report's memory
 * does not grow with the inventory (with --since-last the narrowed findings are held, as before).
 * The bytes are those of the in-memory renderer. To a file it goes through writeOutputFile
 * (complete or not at all); to stdout it waits whenever the reader is behind, and stops if the
 * reader leaves.
 */
import { resolve } from 'node:path';
import { heldFindings, jsonReportChunks } from '../../reports/json/stream.js';
import { writeOutputFile } from '../core/output-file.js';
import { reportCredentials, reportFindingWalk } from '../report/report-credentials.js';
import { collectReportInput } from '../report/report-input.js';
import type { Db } from '../store/open.js';
import type { CliIo } from './io.js';
import { type CiReportFlags, ciReportInput } from './report-ci-options.js';

export async function writeStreamedJsonReport(
  db: Db,
  io: CliIo,
  flags: CiReportFlags & { config?: string; out?: string },
  databaseFile: string,
): Promise<void> {
  const walkFindings = !flags.sinceLast;
  const collected = collectReportInput(db, {
    generatedAt: io.now(),
    withCredentials: false,
    withFindings: !walkFindings,
  });
  const { input } = await ciReportInput(db, io, flags, collected);
  const asOf = new Date(input.run.asOf);
  const chunks = jsonReportChunks({
    ...input,
    credentials: () => reportCredentials(db, input.run.id),
    findings: walkFindings ? () => reportFindingWalk(db, input.run.id, asOf) : heldFindings(input),
  });
  if (flags.out) {
    writeOutputFile(resolve(io.cwd, flags.out), chunks, { flag: '--out', protect: [databaseFile] });
    return;
  }
  for (const chunk of chunks) {
    if (io.stdout.write(chunk)) continue;
    if (!(await drained(io.stdout))) return;
  }
}

/** Waits for the stream to take more: true on drain, false when it closed or failed (the reader left). */
function drained(stream: NodeJS.WritableStream): Promise<boolean> {
  return new Promise((resolveDrain) => {
    const settle = (more: boolean) => () => {
      stream.off('drain', onDrain);
      stream.off('close', onEnd);
      stream.off('error', onEnd);
      resolveDrain(more);
    };
    const onDrain = settle(true);
    const onEnd = settle(false);
    stream.once('drain', onDrain);
    stream.once('close', onEnd);
    stream.once('error', onEnd);
  });
}
