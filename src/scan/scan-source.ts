/**
 * Runs one source's scanner and stages what it returns. A thrown provider error makes the source
 * failed, a partial page makes it partial: both are recorded with the reason, never as "empty".
 * An unsupported part (the provider does not offer it here, e.g. SAML authorizations of an org
 * without SAML) is recorded with the problems but keeps the source complete; the merge then keeps
 * the credentials it covers instead of marking them gone.
 * Bad input (InputError) and cancellation propagate: the whole run is then discarded.
 */

import type { SourceConfig } from '../config/load.js';
import { isInputError } from '../core/errors.js';
import type { PartialMark, ScanContext } from '../core/plugin.js';
import { redact } from '../core/redact.js';
import { type Db, stagePage, type UnsupportedCoverage } from '../store/index.js';
import type { RunStatus } from '../store/scan-runs.js';

export interface SourceOutcome {
  name: string;
  type: string;
  status: Exclude<RunStatus, 'running'>;
  credentials: number;
  problems: PartialMark[];
  /** Parts the provider does not offer (account + kinds); they do not make the source partial. */
  unsupported: UnsupportedCoverage[];
}

export async function scanSource(
  db: Db,
  runId: number,
  source: SourceConfig,
  context: ScanContext,
): Promise<SourceOutcome> {
  const scanner = source.plugin.create(source.options, { name: source.name, baseDir: source.baseDir });
  const problems: PartialMark[] = [];
  const unsupported: UnsupportedCoverage[] = [];
  let incomplete = 0;
  let credentials = 0;
  try {
    for await (const page of scanner.list(context)) {
      stagePage(db, runId, source.name, page);
      credentials += page.credentials.length;
      if (page.partial) {
        incomplete++;
        problems.push({ scope: page.partial.scope, reason: redact(page.partial.reason) });
      }
      if (page.unsupported) {
        const { scope, reason, account, kinds } = page.unsupported;
        problems.push({ scope, reason: redact(`unsupported (the scan stays complete): ${reason}`) });
        unsupported.push({ account, kinds: [...kinds] });
      }
      context.progress?.(`scanning ${source.name}: ${credentials} credentials`);
    }
  } catch (error) {
    if (isInputError(error) || context.signal.aborted) throw error;
    problems.push({
      scope: `source ${source.name}`,
      reason: error instanceof Error ? error.message : String(error),
    });
    return { name: source.name, type: source.type, status: 'failed', credentials, problems, unsupported };
  }
  return {
    name: source.name,
    type: source.type,
    status: incomplete > 0 ? 'partial' : 'complete',
    credentials,
    problems,
    unsupported,
  };
}
