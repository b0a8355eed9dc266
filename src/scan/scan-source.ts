/**
 * Runs one source's scanner and stages what it returns. A thrown provider error makes the source
 * failed, a partial page makes it partial: both are recorded with the reason, never as "empty".
 * Bad input (InputError) and cancellation propagate: the whole run is then discarded.
 */

import type { SourceConfig } from '../config/load.js';
import { isInputError } from '../core/errors.js';
import type { PartialMark, ScanContext } from '../core/plugin.js';
import { redact } from '../core/redact.js';
import { type Db, stagePage } from '../store/index.js';
import type { RunStatus } from '../store/scan-runs.js';

export interface SourceOutcome {
  name: string;
  type: string;
  status: Exclude<RunStatus, 'running'>;
  credentials: number;
  problems: PartialMark[];
}

export async function scanSource(
  db: Db,
  runId: number,
  source: SourceConfig,
  context: ScanContext,
): Promise<SourceOutcome> {
  const scanner = source.plugin.create(source.options, { name: source.name });
  const problems: PartialMark[] = [];
  let credentials = 0;
  try {
    for await (const page of scanner.list(context)) {
      stagePage(db, runId, source.name, page);
      credentials += page.credentials.length;
      if (page.partial) problems.push({ scope: page.partial.scope, reason: redact(page.partial.reason) });
      context.progress?.(`scanning ${source.name}: ${credentials} credentials`);
    }
  } catch (error) {
    if (isInputError(error) || context.signal.aborted) throw error;
    problems.push({
      scope: `source ${source.name}`,
      reason: error instanceof Error ? error.message : String(error),
    });
    return { name: source.name, type: source.type, status: 'failed', credentials, problems };
  }
  return {
    name: source.name,
    type: source.type,
    status: problems.length > 0 ? 'partial' : 'complete',
    credentials,
    problems,
  };
}
