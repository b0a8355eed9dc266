/**
 * Numbered schema migrations. Append only: never edit a migration that has shipped; add the next
 * number. PRAGMA user_version records how far a database has been migrated. Migrations 1 to 9 are
 * in migrations-1-9.ts.
 */
import { MIGRATIONS_1_TO_9, type Migration } from './migrations-1-9.js';

export type { Migration };

export const MIGRATIONS: readonly Migration[] = [
  ...MIGRATIONS_1_TO_9,
  {
    version: 10,
    description:
      'request holds: an open request the scan will not cancel (its owner no longer resolves, or the queue is frozen) waits for a person',
    sql: `
      -- A held request stays in its state, but the executor takes no step of it (src/queue/holds.ts).
      -- held_reason NULL = not held. hold_released_by: the person who let it go on; the scan does not
      -- hold it again for the same kind of reason.
      ALTER TABLE revocation_requests ADD COLUMN held_reason TEXT;
      ALTER TABLE revocation_requests ADD COLUMN held_at TEXT;
      ALTER TABLE revocation_requests ADD COLUMN hold_released_by TEXT;
    `,
  },
  {
    version: 11,
    description:
      'revocation steps that run before approval (a leaver disable under revocation.leaver auto-disable); a manual task reopened by a propagation gap can be confirmed again',
    sql: `
      -- 1: the step runs as soon as it is due, without waiting for the request's approvals or a
      -- notice. Only a leaver-owned request's reversible first disable is marked (src/queue/reconcile.ts).
      ALTER TABLE revocation_steps ADD COLUMN immediate INTEGER NOT NULL DEFAULT 0 CHECK (immediate IN (0, 1));

      -- A person may confirm the same manual task again once a scan reopened it (src/queue/manual-gaps.ts):
      -- the decision's time joins the key. One approval and one rejection per person and request, as before.
      CREATE TABLE revocation_decisions_v11 (
        request_id INTEGER NOT NULL REFERENCES revocation_requests(id),
        actor TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject', 'confirm')),
        reason TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (request_id, actor, decision, at)
      ) WITHOUT ROWID;
      INSERT INTO revocation_decisions_v11 SELECT request_id, actor, decision, reason, at FROM revocation_decisions;
      DROP TABLE revocation_decisions;
      ALTER TABLE revocation_decisions_v11 RENAME TO revocation_decisions;
      CREATE UNIQUE INDEX revocation_decisions_one_vote ON revocation_decisions(request_id, actor, decision)
        WHERE decision != 'confirm';
    `,
  },
  {
    version: 12,
    description:
      'audit checkpoints taken by `nhiscan audit checkpoint`, so that `audit verify` can tell the log no longer reaches one',
    sql: `
      -- The copy kept outside the database is the real protection (docs/audit.md): whoever deletes
      -- audit records can delete these rows too. These catch the rest: a log truncated by hand, a
      -- database restored from an older copy (src/audit/completeness.ts).
      CREATE TABLE audit_checkpoints (
        size INTEGER NOT NULL CHECK (size >= 0),
        head_hash TEXT NOT NULL,
        taken_at TEXT NOT NULL,
        PRIMARY KEY (size, head_hash)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 13,
    description:
      "a finding's suppression says its kind: a baseline entry or a recertification (no longer told by the wording of its reason)",
    sql: `
      -- The stored suppression JSON gains "kind" as its last field (src/core/model.ts, Suppression),
      -- so a rescan finds the rows unchanged. Until now a recertification was recognised by its
      -- reason, which src/policy/recertification.ts writes as 'recertified: ' and the owner's reason;
      -- the reason itself stays as it is.
      UPDATE findings
         SET suppression = json_set(
               suppression,
               '$.kind',
               CASE WHEN substr(json_extract(suppression, '$.reason'), 1, 13) = 'recertified: '
                    THEN 'recertification' ELSE 'baseline' END)
       WHERE suppression IS NOT NULL;
    `,
  },
  {
    version: 14,
    description:
      "a small inventory: each credential's last sighting in its own row, an observation only when a credential's data changed, credential data without the four keys its columns hold",
    sql: `
      -- The run that last saw each credential (lastSeenAt), rewritten in place by every merge. Until
      -- now it was the newest of one observation row per credential per run (src/store/inventory.ts).
      CREATE TABLE credential_last_seen (
        credential_uid TEXT PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES scan_runs(id)
      ) WITHOUT ROWID;
      INSERT INTO credential_last_seen (credential_uid, run_id)
        SELECT credential_uid, max(run_id) FROM credential_observations GROUP BY credential_uid;

      -- An observation now records a version of the data: the run that first saw it. Rows that
      -- repeat the previous row's data are dropped; the first and every change are kept.
      DELETE FROM credential_observations
       WHERE (credential_uid, run_id) IN (
         SELECT credential_uid, run_id FROM (
           SELECT credential_uid, run_id, data_sha256,
                  lag(data_sha256) OVER (PARTITION BY credential_uid ORDER BY run_id) AS previous
             FROM credential_observations)
          WHERE previous = data_sha256);

      -- The stored data leaves out its leading uid, provider, account and kind, which the columns
      -- hold (src/store/credential-data.ts puts them back in front when it reads the row). A row whose
      -- JSON does not begin with exactly those four keys is left whole.
      UPDATE credentials
         SET data = '{' || substr(data, length('{"uid":' || json_quote(uid) || ',"provider":' || json_quote(provider)
                      || ',"account":' || json_quote(account) || ',"kind":' || json_quote(kind) || ',') + 1)
       WHERE substr(data, 1, length('{"uid":' || json_quote(uid) || ',"provider":' || json_quote(provider)
                      || ',"account":' || json_quote(account) || ',"kind":' || json_quote(kind) || ','))
           = '{"uid":' || json_quote(uid) || ',"provider":' || json_quote(provider)
                      || ',"account":' || json_quote(account) || ',"kind":' || json_quote(kind) || ',';
    `,
  },
  {
    version: 15,
    description:
      'the large JSON text columns stored compressed (deflate with a preset dictionary): credential and principal data, owner evidence, finding titles and evidence, HR people',
    rewritesFile: true,
    sql: `
      -- stored_text_encode is src/store/stored-text.ts (registered by migrate); stored_text reads a
      -- value back, and passes TEXT through. Digests (data_sha256) stay over the text: unchanged.
      UPDATE credentials SET data = stored_text_encode(data, uid) WHERE typeof(data) = 'text';
      UPDATE principals SET data = stored_text_encode(data, uid) WHERE typeof(data) = 'text';
      UPDATE owner_resolutions SET evidence = stored_text_encode(evidence, credential_uid)
       WHERE typeof(evidence) = 'text';
      UPDATE findings SET title = stored_text_encode(title, credential_uid) WHERE typeof(title) = 'text';
      UPDATE findings SET evidence = stored_text_encode(evidence, credential_uid) WHERE typeof(evidence) = 'text';
      UPDATE people SET data = stored_text_encode(data, employee_id) WHERE typeof(data) = 'text';
    `,
  },
];
