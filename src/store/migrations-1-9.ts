/**
 * Schema migrations 1 to 9, moved unchanged out of migrations.ts (which appends the later ones):
 * never edit one that has shipped. PRAGMA user_version records how far a database has been migrated.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
  /**
   * The migration rebuilds a table that other tables reference, so it runs with foreign-key
   * enforcement off (SQLite's documented procedure for schema changes it cannot ALTER), and the
   * references are checked before it commits.
   */
  rebuildsReferencedTable?: true;
  /** The migration shrinks rows in place: migrate VACUUMs the file after it (free-pages.ts). */
  rewritesFile?: true;
}

export const MIGRATIONS_1_TO_9: readonly Migration[] = [
  {
    version: 1,
    description: 'scan runs, people snapshots, principals, credentials, observations, owners, findings',
    sql: `
      CREATE TABLE people_snapshots (
        id INTEGER PRIMARY KEY,
        imported_at TEXT NOT NULL,
        source TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        file_modified_at TEXT,
        people_count INTEGER NOT NULL
      );
      CREATE TABLE people (
        snapshot_id INTEGER NOT NULL REFERENCES people_snapshots(id),
        employee_id TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (snapshot_id, employee_id)
      ) WITHOUT ROWID;

      CREATE TABLE scan_runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        as_of TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'partial', 'failed')),
        hr_snapshot_id INTEGER REFERENCES people_snapshots(id),
        only_sources TEXT
      );
      CREATE TABLE scan_sources (
        run_id INTEGER NOT NULL REFERENCES scan_runs(id),
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'partial', 'failed')),
        credentials INTEGER NOT NULL DEFAULT 0,
        problems TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (run_id, name)
      ) WITHOUT ROWID;

      -- What a run saw, before it is merged into the inventory at the end of the run.
      CREATE TABLE scan_staging (
        run_id INTEGER NOT NULL REFERENCES scan_runs(id),
        entity TEXT NOT NULL CHECK (entity IN ('credential', 'principal')),
        uid TEXT NOT NULL,
        source TEXT NOT NULL,
        data TEXT NOT NULL,
        data_sha256 TEXT NOT NULL,
        PRIMARY KEY (run_id, entity, uid)
      ) WITHOUT ROWID;

      CREATE TABLE principals (
        uid TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        provider TEXT NOT NULL,
        account TEXT NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        data TEXT NOT NULL,
        data_sha256 TEXT NOT NULL,
        first_seen_run INTEGER NOT NULL REFERENCES scan_runs(id)
      ) WITHOUT ROWID;

      CREATE TABLE credentials (
        uid TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        provider TEXT NOT NULL,
        account TEXT NOT NULL,
        kind TEXT NOT NULL,
        data TEXT NOT NULL,
        data_sha256 TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('present', 'unverified', 'gone')),
        state_reason TEXT,
        first_seen_run INTEGER NOT NULL REFERENCES scan_runs(id),
        gone_run INTEGER REFERENCES scan_runs(id)
      ) WITHOUT ROWID;
      CREATE INDEX credentials_by_source ON credentials(source, state);

      -- One row per credential per run that saw it; last seen = the latest of these.
      CREATE TABLE credential_observations (
        credential_uid TEXT NOT NULL,
        run_id INTEGER NOT NULL REFERENCES scan_runs(id),
        data_sha256 TEXT NOT NULL,
        PRIMARY KEY (credential_uid, run_id)
      ) WITHOUT ROWID;

      CREATE TABLE owner_resolutions (
        credential_uid TEXT PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES scan_runs(id),
        owner_employee_id TEXT,
        confidence REAL NOT NULL,
        outcome TEXT NOT NULL,
        evidence TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE findings (
        uid TEXT PRIMARY KEY,
        rule TEXT NOT NULL,
        credential_uid TEXT NOT NULL,
        severity TEXT NOT NULL,
        title TEXT NOT NULL,
        evidence TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'suppressed', 'resolved')),
        suppression TEXT,
        first_seen_run INTEGER NOT NULL REFERENCES scan_runs(id),
        last_seen_run INTEGER NOT NULL REFERENCES scan_runs(id),
        resolved_run INTEGER REFERENCES scan_runs(id)
      ) WITHOUT ROWID;
      CREATE INDEX findings_by_credential ON findings(credential_uid);

      CREATE TABLE finding_history (
        id INTEGER PRIMARY KEY,
        finding_uid TEXT NOT NULL REFERENCES findings(uid),
        run_id INTEGER NOT NULL REFERENCES scan_runs(id),
        from_status TEXT,
        to_status TEXT NOT NULL,
        reason TEXT NOT NULL
      );
      CREATE INDEX finding_history_by_finding ON finding_history(finding_uid);
    `,
  },
  {
    version: 2,
    description: 'audit log (append-only, hash-chained), revocation queue: requests, steps, decisions',
    sql: `
      -- Append-only: the triggers refuse UPDATE and DELETE. Each hash covers the record and the
      -- previous hash (src/audit), so an edit made with the triggers dropped is still detected.
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        reason TEXT,
        payload TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END;
      -- INSERT OR REPLACE deletes without firing the DELETE trigger: refuse a second record per seq.
      CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
        WHEN EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq)
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: REPLACE refused'); END;

      -- When the run read HR, and when the HR file was last written: the stale-HR guard's inputs.
      ALTER TABLE scan_runs ADD COLUMN hr_read_at TEXT;
      ALTER TABLE scan_runs ADD COLUMN hr_modified_at TEXT;

      CREATE TABLE revocation_requests (
        id INTEGER PRIMARY KEY,
        credential_uid TEXT NOT NULL,
        source TEXT NOT NULL,
        rule TEXT NOT NULL,
        finding_uids TEXT NOT NULL,
        owner_employee_id TEXT,
        privileged INTEGER NOT NULL CHECK (privileged IN (0, 1)),
        mode TEXT NOT NULL CHECK (mode IN ('auto', 'approve')),
        required_approvals INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN
          ('pending-approval', 'approved', 'in-progress', 'waiting-for-human', 'done', 'rejected', 'cancelled', 'failed')),
        state_reason TEXT,
        requester TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_run INTEGER REFERENCES scan_runs(id),
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX revocation_requests_one_open ON revocation_requests(credential_uid)
        WHERE state NOT IN ('done', 'rejected', 'cancelled', 'failed');
      CREATE INDEX revocation_requests_by_state ON revocation_requests(state);

      CREATE TABLE revocation_steps (
        request_id INTEGER NOT NULL REFERENCES revocation_requests(id),
        ordinal INTEGER NOT NULL,
        step TEXT NOT NULL CHECK (step IN ('disable', 'delete', 'revoke-sessions', 'manual')),
        not_before TEXT,
        after_days INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL CHECK (state IN ('pending', 'started', 'done', 'failed', 'waiting-for-human')),
        attempts INTEGER NOT NULL DEFAULT 0,
        api_call TEXT,
        outcome TEXT,
        detail TEXT,
        started_at TEXT,
        finished_at TEXT,
        PRIMARY KEY (request_id, ordinal)
      ) WITHOUT ROWID;

      CREATE TABLE revocation_decisions (
        request_id INTEGER NOT NULL REFERENCES revocation_requests(id),
        actor TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject', 'confirm')),
        reason TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (request_id, actor, decision)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    description: 'revocation step disable-principal (a whole service account or service principal)',
    sql: `
      -- SQLite cannot alter a CHECK constraint: rebuild the table with the wider one, rows kept.
      CREATE TABLE revocation_steps_v3 (
        request_id INTEGER NOT NULL REFERENCES revocation_requests(id),
        ordinal INTEGER NOT NULL,
        step TEXT NOT NULL CHECK (step IN ('disable', 'delete', 'disable-principal', 'revoke-sessions', 'manual')),
        not_before TEXT,
        after_days INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL CHECK (state IN ('pending', 'started', 'done', 'failed', 'waiting-for-human')),
        attempts INTEGER NOT NULL DEFAULT 0,
        api_call TEXT,
        outcome TEXT,
        detail TEXT,
        started_at TEXT,
        finished_at TEXT,
        PRIMARY KEY (request_id, ordinal)
      ) WITHOUT ROWID;
      INSERT INTO revocation_steps_v3
        SELECT request_id, ordinal, step, not_before, after_days, state, attempts, api_call, outcome,
               detail, started_at, finished_at
        FROM revocation_steps;
      DROP TABLE revocation_steps;
      ALTER TABLE revocation_steps_v3 RENAME TO revocation_steps;
    `,
  },
  {
    version: 4,
    description: 'HR lifecycle events (joiner, mover, leaver), applied on top of HR snapshots',
    sql: `
      CREATE TABLE hr_events (
        seq INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL CHECK (type IN ('hire', 'transfer', 'terminate', 'rehire', 'contract-extend')),
        employee_id TEXT NOT NULL,
        effective_date TEXT NOT NULL,
        data TEXT NOT NULL,
        received_at TEXT NOT NULL,
        origin TEXT NOT NULL
      );
      CREATE INDEX hr_events_by_person ON hr_events(employee_id);
    `,
  },
  {
    version: 5,
    description: 'audit log index by target: a request history without reading the whole log',
    sql: `CREATE INDEX audit_log_by_target ON audit_log(target);`,
  },
  {
    version: 6,
    description: 'recertifications: an owner keeps a credential, for given rules, until a date',
    sql: `
      CREATE TABLE recertifications (
        id INTEGER PRIMARY KEY,
        credential_uid TEXT NOT NULL,
        rules TEXT NOT NULL,
        recertified_by TEXT NOT NULL,
        reason TEXT NOT NULL,
        until TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      );
      CREATE INDEX recertifications_by_credential ON recertifications(credential_uid);
    `,
  },
  {
    version: 7,
    description: 'notices: what was announced to whom, in which digest, and every delivery attempt',
    sql: `
      CREATE TABLE notice_digests (
        id INTEGER PRIMARY KEY,
        recipient TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'security')),
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        deadline TEXT NOT NULL,
        items TEXT NOT NULL,
        created_at TEXT NOT NULL,
        delivered_at TEXT,
        replaced_by INTEGER REFERENCES notice_digests(id)
      );
      CREATE TABLE notices (
        id INTEGER PRIMARY KEY,
        credential_uid TEXT NOT NULL,
        rule TEXT NOT NULL,
        finding_uid TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'security')),
        recipient TEXT NOT NULL,
        owner_employee_id TEXT,
        reason_key TEXT NOT NULL,
        act_after TEXT NOT NULL,
        immediate INTEGER NOT NULL DEFAULT 0,
        digest_id INTEGER NOT NULL REFERENCES notice_digests(id),
        state TEXT NOT NULL CHECK (state IN ('announced', 'answered', 'superseded')),
        created_at TEXT NOT NULL,
        closed_at TEXT,
        closed_reason TEXT
      );
      CREATE UNIQUE INDEX notices_current ON notices(credential_uid, rule) WHERE state = 'announced';
      CREATE INDEX notices_by_digest ON notices(digest_id);
      CREATE TABLE notice_deliveries (
        id INTEGER PRIMARY KEY,
        digest_id INTEGER NOT NULL REFERENCES notice_digests(id),
        channel TEXT NOT NULL,
        target TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('delivered', 'failed')),
        attempts INTEGER NOT NULL,
        detail TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX notice_deliveries_by_digest ON notice_deliveries(digest_id);
    `,
  },
  {
    version: 8,
    description:
      'findings stored in credential order (a run reads and writes them a range of credentials at a time); audit target index without finding records',
    rebuildsReferencedTable: true,
    sql: `
      -- Keyed by (credential_uid, rule) instead of the uid hash: the scan's evaluation reads each
      -- range of credentials' findings as one contiguous stretch of the table, and a first scan's
      -- inserts arrive in key order. The uid stays unique (finding_history references it).
      CREATE TABLE findings_v8 (
        uid TEXT NOT NULL UNIQUE,
        rule TEXT NOT NULL,
        credential_uid TEXT NOT NULL,
        severity TEXT NOT NULL,
        title TEXT NOT NULL,
        evidence TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'suppressed', 'resolved')),
        suppression TEXT,
        first_seen_run INTEGER NOT NULL REFERENCES scan_runs(id),
        last_seen_run INTEGER NOT NULL REFERENCES scan_runs(id),
        resolved_run INTEGER REFERENCES scan_runs(id),
        PRIMARY KEY (credential_uid, rule)
      ) WITHOUT ROWID;
      INSERT INTO findings_v8
        SELECT uid, rule, credential_uid, severity, title, evidence, status, suppression, first_seen_run,
               last_seen_run, resolved_run
        FROM findings ORDER BY credential_uid, rule;
      DROP TABLE findings;
      ALTER TABLE findings_v8 RENAME TO findings;

      -- A scan appends one audit record per finding change, and nothing looks those up by target
      -- (a finding's history is finding_history): the target index leaves them out, so it stays
      -- small and a first scan of a large estate does not pay a random index insert per finding.
      -- Queries that use it repeat the condition (src/audit/targets.ts).
      DROP INDEX audit_log_by_target;
      CREATE INDEX audit_log_by_target ON audit_log(target) WHERE substr(target, 1, 8) != 'finding:';
    `,
  },
  {
    version: 9,
    description:
      'credential evaluations: a digest of what the last evaluation recorded for each credential, so a rescan skips the unchanged',
    sql: `
      -- One row per credential whose owner resolution and findings an evaluation recorded: the
      -- sha256 of exactly what it recorded (src/store/evaluations.ts). A rescan whose evaluation of a
      -- credential hashes the same reads and writes nothing else for it. An empty digest matches
      -- nothing: it marks a credential whose rows changed outside an evaluation. Every credential
      -- with a finding that is not resolved has a row, so a credential that stops being live is
      -- found here and its findings resolved.
      CREATE TABLE credential_evaluations (
        credential_uid TEXT PRIMARY KEY,
        digest TEXT NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO credential_evaluations (credential_uid, digest)
        SELECT credential_uid, '' FROM owner_resolutions
        UNION
        SELECT credential_uid, '' FROM findings WHERE status != 'resolved';
    `,
  },
];
