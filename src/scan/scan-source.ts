/**
 * Runs one source's scanner and stages what it returns. A thrown provider error makes the source
 * failed, a partial page makes it partial: both are recorded with the reason, never as "empty".
 * An unsupported part (the provider does not offer it here, e.g. SAML authorizations of an org
 * without SAML) is recorded with the problems but keeps the source complete; the merge then keeps
 * the credentials it covers instead of marking them gone.
 * Bad input (InputError) and cancellation propagate: the whole run is then discarded.
 * Every page is scrubbed before it is staged (scrub-page.ts): a secret in a provider field is
 * stored as `[redacted:<kind>]`, and each such field is listed in `redactions`. Provider text kept
 * outside pages (scopes, reasons, error messages) goes through the redactor.
 */

import { getMaxListeners, setMaxListeners } from 'node:events';
import type { SourceConfig } from '../config/load.js';
import { isInputError } from '../core/errors.js';
import type { PartialMark, ScanContext } from '../core/plugin.js';
import { redact } from '../core/redact.js';
import { type Db, type FocusCoverage, stagePage, type UnsupportedCoverage } from '../store/index.js';
import type { RunStatus } from '../store/scan-runs.js';
import { scrubId, scrubPage } from './scrub-page.js';

export interface SourceOutcome {
  name: string;
  type: string;
  status: Exclude<RunStatus, 'running'>;
  credentials: number;
  problems: PartialMark[];
  /** Parts the provider does not offer (account + kinds); they do not make the source partial. */
  unsupported: UnsupportedCoverage[];
  /**
   * Provider fields that held secret material, stored with `[redacted:<kind>]` in its place: scope
   * `credential <uid> field <field>` (or `principal …`), reason naming the kinds. They do not make
   * the source partial; they are stored after its problems (run-scan.ts).
   */
  redactions: PartialMark[];
  /** Set when the source was read focused on some people (a termination scan): see FocusCoverage. */
  focus?: FocusCoverage;
}

/** Enough for the largest concurrency a plugin allows (32) times the calls each reader has in flight. */
const SCAN_SIGNAL_LISTENERS = 512;

export async function scanSource(
  db: Db,
  runId: number,
  source: SourceConfig,
  context: ScanContext,
): Promise<SourceOutcome> {
  // Every provider call in flight listens for the scan's cancel (AWS reads users `concurrency` at a
  // time, several calls each): many listeners are expected here, not a leak.
  if (getMaxListeners(context.signal) < SCAN_SIGNAL_LISTENERS)
    setMaxListeners(SCAN_SIGNAL_LISTENERS, context.signal);
  const scanner = source.plugin.create(source.options, { name: source.name, baseDir: source.baseDir });
  const problems: PartialMark[] = [];
  const unsupported: UnsupportedCoverage[] = [];
  const redactions: PartialMark[] = [];
  let incomplete = 0;
  let credentials = 0;
  try {
    // Progress lines may quote provider names: they go through the redactor too.
    const report = context.progress;
    const listContext = report
      ? { ...context, progress: (message: string) => report(redact(message)) }
      : context;
    for await (const listed of scanner.list(listContext)) {
      const { page, redactions: redacted } = scrubPage(listed);
      stagePage(db, runId, source.name, page);
      redactions.push(...redacted);
      credentials += page.credentials.length;
      if (page.partial) {
        incomplete++;
        problems.push({ scope: redact(page.partial.scope), reason: redact(page.partial.reason) });
      }
      if (page.unsupported) {
        const { scope, reason, account, kinds } = page.unsupported;
        problems.push({
          scope: redact(scope),
          reason: redact(`unsupported (the scan stays complete): ${reason}`),
        });
        // Scrubbed as the page's credentials are, so the account and kinds still match theirs.
        unsupported.push({ account: scrubId(account), kinds: kinds.map(scrubId) });
      }
      context.progress?.(`scanning ${source.name}: ${credentials} credentials`);
    }
  } catch (error) {
    if (isInputError(error) || context.signal.aborted) throw error;
    problems.push({
      scope: `source ${source.name}`,
      reason: redact(error instanceof Error ? error.message : String(error)),
    });
    return {
      name: source.name,
      type: source.type,
      status: 'failed',
      credentials,
      problems,
      unsupported,
      redactions,
    };
  }
  return {
    name: source.name,
    type: source.type,
    status: incomplete > 0 ? 'partial' : 'complete',
    credentials,
    problems,
    unsupported,
    redactions,
  };
}
