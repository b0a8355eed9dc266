/**
 * The credential inventory. A run first stages what each source returned (scan_staging), then
 * mergeRun folds the staging into credentials/principals in one transaction:
 *  - new credentials are inserted, changed ones rewritten, unchanged ones left alone;
 *  - every staged credential is marked last seen in the run; a new credential, or one whose data
 *    changed, also gets an observation row (observations.ts), and older history is pruned;
 *  - the staging is deleted and the pages it freed are given back to the file (free-pages.ts);
 *  - a credential missing from a COMPLETE source is marked gone;
 *  - a credential missing from a PARTIAL or FAILED source is kept and marked unverified:
 *    "could not look" is never "nothing there";
 *  - a credential missing from a complete source that reported its account and kind unsupported
 *    (the provider does not offer that part there, e.g. SAML authorizations without SAML) is also
 *    kept as unverified: it was not listed, so its absence proves nothing.
 */
import type { Credential, Principal } from '../core/model.js';
import { sha256Hex } from '../core/sha256.js';
import { parseStoredCredential, storedCredentialData } from './credential-data.js';
import type { Db, Statement } from './engine.js';
import { reclaimFreePages } from './free-pages.js';
import { markStagedCredentialsSeen, pruneObservations, recordObservation } from './observations.js';
import type { RunStatus } from './scan-runs.js';
import { refreshPlannerStatistics } from './statistics.js';
import { decodeStoredText, type StoredText, storeText } from './stored-text.js';

export type CredentialState = 'present' | 'unverified' | 'gone';

export interface StoredCredential {
  credential: Credential;
  source: string;
  state: CredentialState;
  stateReason: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  goneRunId: number | null;
}

/** Rows per page when walking large tables: keeps memory bounded without holding a cursor open. */
const PAGE_ROWS = 2000;

/**
 * Walks a query page by page on its `uid` column. The statement takes the given parameters, then
 * the last uid seen, and must be ordered by uid with LIMIT PAGE_ROWS. No cursor stays open, so the
 * caller may write to the database between rows.
 */
function* keysetPages<Row extends { uid: string }>(
  statement: Statement,
  parameters: unknown[],
): Generator<Row> {
  let after = '';
  for (;;) {
    const rows = statement.all(...parameters, after) as Row[];
    yield* rows;
    if (rows.length < PAGE_ROWS) return;
    after = rows.at(-1)!.uid;
  }
}

export function stagePage(
  db: Db,
  runId: number,
  source: string,
  page: { credentials: readonly Credential[]; principals: readonly Principal[] },
): void {
  const stage = db.prepare(
    `INSERT INTO scan_staging (run_id, entity, uid, source, data, data_sha256) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id, entity, uid) DO UPDATE SET data = excluded.data, data_sha256 = excluded.data_sha256
     WHERE scan_staging.source = excluded.source`,
  );
  db.transaction(() => {
    for (const credential of page.credentials) {
      const data = JSON.stringify(credential);
      stage.run(runId, 'credential', credential.uid, source, data, sha256Hex(data));
    }
    for (const principal of page.principals) {
      const data = JSON.stringify(principal);
      stage.run(runId, 'principal', principal.uid, source, data, sha256Hex(data));
    }
  })();
}

export interface MergeSummary {
  inserted: number;
  updated: number;
  unchanged: number;
  gone: number;
  unverified: number;
}

/** Credentials of these kinds cannot exist in this account (a source's unsupported part). */
export interface UnsupportedCoverage {
  account: string;
  kinds: readonly string[];
}

/**
 * A focused listing of a source (a termination scan): only the person-account records of these
 * people were looked for. `complete`: the plugin read them all (no partial mark of its own).
 */
export interface FocusCoverage {
  kinds: readonly string[];
  employeeIds: readonly string[];
  complete: boolean;
}

/**
 * Folds the run's staging into the inventory. `sources` are the sources this run scanned, with
 * their outcome. A focused source touches only what it looked for: its records of those kinds
 * whose resolved owner is one of those people (gone when missing from a complete focused listing,
 * else unverified); nothing else of the source is marked gone or unverified.
 */
export function mergeRun(
  db: Db,
  runId: number,
  sources: readonly {
    name: string;
    status: RunStatus;
    unsupported?: readonly UnsupportedCoverage[];
    focus?: FocusCoverage;
  }[],
  /** Observations of runs older than `days` before `now` are pruned (each credential's newest kept). */
  retention?: { days: number; now: Date },
): MergeSummary {
  const summary: MergeSummary = { inserted: 0, updated: 0, unchanged: 0, gone: 0, unverified: 0 };
  const staged = db.prepare(
    `SELECT s.uid, s.source, s.data, s.data_sha256 AS sha, c.data_sha256 AS oldSha, c.state AS oldState, c.source AS oldSource
       FROM scan_staging s LEFT JOIN credentials c ON c.uid = s.uid
      WHERE s.run_id = ? AND s.entity = 'credential' AND s.uid > ? ORDER BY s.uid LIMIT ${PAGE_ROWS}`,
  );
  const insert = db.prepare(
    `INSERT INTO credentials (uid, source, provider, account, kind, data, data_sha256, state, first_seen_run)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'present', ?)`,
  );
  const update = db.prepare(
    `UPDATE credentials SET source = ?, provider = ?, account = ?, kind = ?, data = ?, data_sha256 = ?,
            state = 'present', state_reason = NULL, gone_run = NULL WHERE uid = ?`,
  );
  const missing = db.prepare(
    `SELECT uid, account, kind FROM credentials c WHERE c.source = ? AND c.state != 'gone'
        AND NOT EXISTS (SELECT 1 FROM scan_staging s WHERE s.run_id = ? AND s.entity = 'credential' AND s.uid = c.uid)`,
  );
  const markGone = db.prepare(
    "UPDATE credentials SET state = 'gone', state_reason = ?, gone_run = ? WHERE uid = ?",
  );
  const markUnverified = db.prepare(
    "UPDATE credentials SET state = 'unverified', state_reason = ? WHERE uid = ? AND state != 'unverified'",
  );
  const stagedPrincipals = db.prepare(
    `SELECT s.uid, s.source, s.data, s.data_sha256 AS sha, p.data_sha256 AS oldSha
       FROM scan_staging s LEFT JOIN principals p ON p.uid = s.uid
      WHERE s.run_id = ? AND s.entity = 'principal' AND s.uid > ? ORDER BY s.uid LIMIT ${PAGE_ROWS}`,
  );
  const upsertPrincipal = db.prepare(
    `INSERT INTO principals (uid, source, provider, account, kind, name, data, data_sha256, first_seen_run)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (uid) DO UPDATE SET source = excluded.source, provider = excluded.provider, account = excluded.account,
       kind = excluded.kind, name = excluded.name, data = excluded.data, data_sha256 = excluded.data_sha256`,
  );

  db.transaction(() => {
    for (const row of keysetPages(staged, [runId]) as Iterable<{
      uid: string;
      source: string;
      data: string;
      sha: string;
      oldSha: string | null;
      oldState: CredentialState | null;
      oldSource: string | null;
    }>) {
      // Parsed only when the row is written: an unchanged credential costs one comparison.
      if (row.oldSha === null) {
        const credential = JSON.parse(row.data) as Credential;
        insert.run(
          row.uid,
          row.source,
          credential.provider,
          credential.account,
          credential.kind,
          storedCredentialData(db, credential, row.data),
          row.sha,
          runId,
        );
        summary.inserted++;
      } else if (row.oldSha !== row.sha || row.oldState !== 'present' || row.oldSource !== row.source) {
        const credential = JSON.parse(row.data) as Credential;
        update.run(
          row.source,
          credential.provider,
          credential.account,
          credential.kind,
          storedCredentialData(db, credential, row.data),
          row.sha,
          row.uid,
        );
        summary.updated++;
      } else {
        summary.unchanged++;
      }
      if (row.oldSha !== row.sha) recordObservation(db, row.uid, runId, row.sha);
    }
    markStagedCredentialsSeen(db, runId);
    const ownerOf = db
      .prepare('SELECT owner_employee_id FROM owner_resolutions WHERE credential_uid = ?')
      .pluck();
    refreshPlannerStatistics(db, ['scan_staging', 'credentials']);
    for (const source of sources) {
      const rows = missing.all(source.name, runId) as { uid: string; account: string; kind: string }[];
      const focus = source.focus;
      for (const { uid, account, kind } of rows) {
        if (focus) {
          if (!focus.kinds.includes(kind) || !focus.employeeIds.includes(ownerOf.get(uid) as string))
            continue;
          if (focus.complete) {
            markGone.run(
              `not returned by the focused scan of source ${source.name} (termination)`,
              runId,
              uid,
            );
            summary.gone++;
          } else {
            const changed = markUnverified.run(
              `source ${source.name} was only partly readable in run ${runId}`,
              uid,
            ).changes;
            summary.unverified += changed > 0 ? 1 : 0;
          }
          continue;
        }
        const unsupported = source.unsupported?.some(
          (part) => part.account === account && part.kinds.includes(kind),
        );
        if (source.status === 'complete' && unsupported) {
          const changed = markUnverified.run(
            `source ${source.name} did not list ${kind} in ${account} in run ${runId}: the provider does not offer it there (unsupported)`,
            uid,
          ).changes;
          summary.unverified += changed > 0 ? 1 : 0;
        } else if (source.status === 'complete') {
          markGone.run(`not returned by complete scan of source ${source.name}`, runId, uid);
          summary.gone++;
        } else {
          const changed = markUnverified.run(
            `source ${source.name} was ${source.status === 'failed' ? 'not readable' : 'only partly readable'} in run ${runId}`,
            uid,
          ).changes;
          summary.unverified += changed > 0 ? 1 : 0;
        }
      }
    }
    for (const row of keysetPages(stagedPrincipals, [runId]) as Iterable<{
      uid: string;
      source: string;
      data: string;
      sha: string;
      oldSha: string | null;
    }>) {
      if (row.oldSha === row.sha) continue;
      const principal = JSON.parse(row.data) as Principal;
      upsertPrincipal.run(
        row.uid,
        row.source,
        principal.provider,
        principal.account,
        principal.kind,
        principal.name,
        storeText(db, row.data, row.uid),
        row.sha,
        runId,
      );
    }
    db.prepare('DELETE FROM scan_staging WHERE run_id = ?').run(runId);
    if (retention) pruneObservations(db, retention.days, retention.now);
    reclaimFreePages(db);
  })();
  return summary;
}

const CREDENTIAL_QUERY = `
  SELECT c.uid, c.provider, c.account, c.kind, c.data, c.source, c.state, c.state_reason AS stateReason,
         c.gone_run AS goneRunId, first.started_at AS firstSeenAt,
         (SELECT r.started_at FROM credential_last_seen l JOIN scan_runs r ON r.id = l.run_id
           WHERE l.credential_uid = c.uid) AS lastSeenAt
    FROM credentials c JOIN scan_runs first ON first.id = c.first_seen_run`;

type CredentialRow = Omit<StoredCredential, 'credential'> & {
  uid: string;
  provider: string;
  account: string;
  kind: string;
  data: StoredText;
};

function toStored(row: CredentialRow): StoredCredential {
  return {
    credential: parseStoredCredential(row, row.data),
    source: row.source,
    state: row.state,
    stateReason: row.stateReason,
    firstSeenAt: row.firstSeenAt,
    lastSeenAt: row.lastSeenAt,
    goneRunId: row.goneRunId,
  };
}

/** Every credential not known to be gone (present or unverified), ordered by uid. */
export function* liveCredentials(db: Db): Generator<StoredCredential> {
  const statement = db.prepare(
    `${CREDENTIAL_QUERY} WHERE c.state != 'gone' AND c.uid > ? ORDER BY c.uid LIMIT ${PAGE_ROWS}`,
  );
  for (const row of keysetPages<CredentialRow>(statement, [])) yield toStored(row);
}

/** A live credential as evaluation reads it: its data, and the sha256 of that data as stored. */
export interface LiveCredential {
  credential: Credential;
  dataSha256: string;
}

/**
 * Credentials per page of the evaluation's walk. Smaller than PAGE_ROWS on purpose: everything
 * a page allocates (parsed credentials, resolutions, findings, digests) is garbage once the page is
 * recorded, and a page this size dies in V8's young generation. At 2,000 a page outlived two
 * scavenges and was promoted, and under a capped heap the old generation's collections took about
 * a third of correlate+policy (measured at 100,000 credentials: about 1 s of GC per evaluation at
 * 2,000, 0.2 s at 500).
 */
const EVALUATION_PAGE_ROWS = 500;

/**
 * Every credential not known to be gone, as pages of at most `pageRows` in uid order: just the
 * credential, without the first/last-seen lookups (what correlation and policy need, fast).
 */
export function* liveCredentialPages(db: Db, pageRows = EVALUATION_PAGE_ROWS): Generator<LiveCredential[]> {
  const statement = db
    .prepare(
      `SELECT uid, provider, account, kind, data, data_sha256 FROM credentials
        WHERE state != 'gone' AND uid > ? ORDER BY uid LIMIT ?`,
    )
    .raw();
  let after = '';
  for (;;) {
    const rows = statement.all(after, pageRows) as [string, string, string, string, StoredText, string][];
    if (rows.length > 0) {
      yield rows.map(([uid, provider, account, kind, data, dataSha256]) => ({
        credential: parseStoredCredential({ uid, provider, account, kind }, data),
        dataSha256,
      }));
    }
    if (rows.length < pageRows) return;
    after = rows.at(-1)![0];
  }
}

/** Every credential ever seen, gone ones included, ordered by uid. */
export function* allCredentials(db: Db): Generator<StoredCredential> {
  const statement = db.prepare(`${CREDENTIAL_QUERY} WHERE c.uid > ? ORDER BY c.uid LIMIT ${PAGE_ROWS}`);
  for (const row of keysetPages<CredentialRow>(statement, [])) yield toStored(row);
}

export function principalsByUid(db: Db): Map<string, Principal> {
  const rows = db.prepare('SELECT uid, data FROM principals').all() as { uid: string; data: StoredText }[];
  return new Map(rows.map((row) => [row.uid, parseStoredPrincipal(row.uid, row.data)]));
}

/** The principal stored as `stored` (stored-text.ts) in the row of `uid`. */
export function parseStoredPrincipal(uid: string, stored: StoredText): Principal {
  return JSON.parse(decodeStoredText(stored, uid)) as Principal;
}

/** One credential by uid, in whatever state it is; undefined if never seen. */
export function credentialByUid(db: Db, uid: string): StoredCredential | undefined {
  const row = db.prepare(`${CREDENTIAL_QUERY} WHERE c.uid = ?`).get(uid) as CredentialRow | undefined;
  return row ? toStored(row) : undefined;
}

/** The providers of every credential ever seen (an inventory file's rows name their own). */
export function credentialProviders(db: Db): string[] {
  return db.prepare('SELECT DISTINCT provider FROM credentials').pluck().all() as string[];
}
