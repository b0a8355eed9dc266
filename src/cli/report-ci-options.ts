/**
 * `nhiscan report` options of the CI formats: --sarif-location, --baseline (expired entries are
 * named in every format and warned about on stderr), --since-last and --github-annotations. The
 * flags are checked before the database is opened (exit 2 names the flag): --sarif-location while
 * commander parses it.
 */
import type { Command } from 'commander';
import type { RenderOptions } from '../../reports/index.js';
import { buildJsonReport, type JsonReportInput } from '../../reports/json/build.js';
import { DEFAULT_SARIF_LOCATION, sarifArtifactUri } from '../../reports/sarif/location.js';
import { InputError } from '../core/errors.js';
import { sinceLastComplete } from '../report/since-last.js';
import type { Db } from '../store/open.js';
import { expiredBaselineEntries, warnExpiredEntries } from './expired-baseline.js';
import { type CliIo, writeLine } from './io.js';
import { githubAnnotations } from './workflow-annotations.js';

export interface CiReportFlags {
  sarifLocation?: string;
  baseline?: string;
  sinceLast?: boolean;
  githubAnnotations?: boolean;
}

export function addCiReportOptions(command: Command): Command {
  return command
    .option(
      '--sarif-location <path>',
      `sarif: repository-relative file every result points at, e.g. .nhiscan-baseline.yaml (default ${DEFAULT_SARIF_LOCATION})`,
      parseSarifLocation,
    )
    .option(
      '--baseline <file>',
      'baseline whose expired entries to report (default: the config key baseline)',
    )
    .option('--since-last', 'only findings new since the previous complete scan (docs/ci.md)')
    .option(
      '--github-annotations',
      'also print GitHub Actions ::error/::warning lines for the findings on stderr (10 per level)',
    );
}

/** --sarif-location: a file inside the repository. */
function parseSarifLocation(value: string): string {
  const checked = sarifArtifactUri(value);
  if ('error' in checked) throw new InputError(checked.error, { key: '--sarif-location' });
  return value;
}

export function ciRenderOptions(flags: CiReportFlags): Pick<RenderOptions, 'sarifLocation'> {
  return flags.sarifLocation === undefined ? {} : { sarifLocation: flags.sarifLocation };
}

/** The report input with expired baseline entries filled in and, for --since-last, narrowed. */
export async function ciReportInput(
  db: Db,
  io: CliIo,
  flags: CiReportFlags & { config?: string },
  collected: JsonReportInput,
): Promise<{ input: JsonReportInput; render: Pick<RenderOptions, 'sinceLast'> }> {
  const expired = await expiredBaselineEntries(io, flags, new Date(collected.run.asOf));
  warnExpiredEntries(io, expired);
  const input = { ...collected, expiredBaselineEntries: expired };
  if (!flags.sinceLast) return { input, render: {} };
  const since = sinceLastComplete(db, input);
  return {
    input: since.input,
    render: { sinceLast: { previousCompleteRunId: since.previousCompleteRunId } },
  };
}

export function printGithubAnnotations(io: CliIo, input: JsonReportInput): void {
  for (const line of githubAnnotations(buildJsonReport(input))) writeLine(io.stderr, line);
}
