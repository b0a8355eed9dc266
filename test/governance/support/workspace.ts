/**
 * A temporary nhiscan workspace for the governance tests: files written with a fixed modification
 * time (the stale-hr guard reads it), the CLI run in-process at a given clock, and the database
 * read back as the tests assert it — queue rows, findings, audit records, credential states.
 */
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../../src/store/open.js';
import { cli } from '../../support/cli.js';
import { temporaryDirectory } from '../../support/temporary-directory.js';

export interface AuditRecord {
  actor: string;
  action: string;
  target: string | null;
  reason: string | null;
  payload: Record<string, unknown>;
}

export interface ListedRequest {
  id: number;
  credentialUid: string;
  state: string;
  stateReason: string | null;
  steps: { step: string; state: string }[];
  held?: { reason: string; since: string };
}

export type Workspace = ReturnType<typeof workspace>;

export function workspace(defaultNow = '2026-11-26T12:00:00Z') {
  const dir = temporaryDirectory();
  const path = (name: string) => join(dir.path, name);
  const run = (argv: string[], now = defaultNow) => cli(argv, { cwd: dir.path, now });
  const query = <Row>(sql: string, ...parameters: unknown[]): Row[] => {
    // Through the store, so that the same query reads SQLite or, in the PostgreSQL project, PostgreSQL.
    const db = openDatabase(path('nhiscan.db'));
    try {
      return db.prepare(sql).all(...parameters) as Row[];
    } finally {
      db.close();
    }
  };
  return {
    dir,
    path,
    run,
    write(name: string, lines: readonly string[], modified = '2026-11-26T06:00:00Z') {
      writeFileSync(path(name), `${lines.join('\n')}\n`);
      utimesSync(path(name), new Date(modified), new Date(modified));
    },
    /** Audit records of these actions, oldest first. */
    audit(...actions: string[]): AuditRecord[] {
      return query<Omit<AuditRecord, 'payload'> & { payload: string }>(
        `SELECT actor, action, target, reason, payload FROM audit_log
          WHERE action IN (${actions.map(() => '?').join(',')}) ORDER BY seq`,
        ...actions,
      ).map((row) => ({ ...row, payload: JSON.parse(row.payload) as Record<string, unknown> }));
    },
    /** `queue list --all --json`. */
    async requests(): Promise<ListedRequest[]> {
      return JSON.parse((await run(['queue', 'list', '--all', '--json'])).stdout) as ListedRequest[];
    },
    /** Open findings as `CREDENTIAL RULE SEVERITY`. */
    async findings(): Promise<string[]> {
      const listed = JSON.parse((await run(['findings', '--json'])).stdout) as {
        credentialUid: string;
        rule: string;
        severity: string;
      }[];
      return listed.map((finding) => `${finding.credentialUid} ${finding.rule} ${finding.severity}`);
    },
    /** Stored findings of one credential and rule: status, title, evidence. */
    finding(credentialUid: string, rule: string) {
      const [row] = query<{ status: string; title: string; evidence: string }>(
        `SELECT status, stored_text(title, credential_uid) AS title, stored_text(evidence, credential_uid) AS evidence
           FROM findings WHERE credential_uid = ? AND rule = ?`,
        credentialUid,
        rule,
      );
      return row && { ...row, evidence: JSON.parse(row.evidence) as Record<string, unknown> };
    },
    /** Credential uid → state (present, unverified, gone). */
    credentialStates(): Record<string, string> {
      return Object.fromEntries(
        query<{ uid: string; state: string }>('SELECT uid, state FROM credentials ORDER BY uid').map(
          (row) => [row.uid, row.state],
        ),
      );
    },
    remove: () => dir.remove(),
  };
}
