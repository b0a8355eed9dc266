/**
 * `nhiscan audit verify` checks the log against what the rest of the database says it must hold
 * (issue 21, item 6): a real scan and a real queue decision write records; an emptied log, a log
 * whose newest records were deleted, and a log that no longer reaches a checkpoint taken with
 * `audit checkpoint` all fail (exit 1) naming what is missing. Tampering uses the sqlite3 shell.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashAuditRecord } from '../../src/audit/index.js';
import { cli } from '../support/cli.js';
import { writeLeaverEstate } from '../support/leaver-estate.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { requireSqlite3, sqlite3 } from './seed.js';

const NOW = '2026-11-26T12:00:00.000Z';
const DROP_DELETE = 'DROP TRIGGER audit_log_no_delete;';
const DELETE_WARNING =
  'nhiscan: warning: the append-only trigger audit_log_no_delete is missing or altered: audit_log no longer refuses UPDATE/DELETE; someone changed the database schema\n';
const FAILED = 'nhiscan: audit log verification failed at record';
const APPROVAL = `request.approved of request 1 by carol@acme.example at ${NOW}`;

describe('audit verify against what the database implies', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let db: string;
  const run = (...argv: string[]) => cli(argv, { cwd: dir.path });
  const verify = (...extra: string[]) => run('audit', 'verify', ...extra);
  const query = <T>(sql: string): T[] => {
    const handle = new Database(db, { readonly: true });
    try {
      return handle.prepare(sql).all() as T[];
    } finally {
      handle.close();
    }
  };
  const seqOf = (action: string) =>
    query<{ seq: number }>(`SELECT seq FROM audit_log WHERE action = '${action}'`)[0]!.seq;
  const head = () =>
    query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')[0]!;

  beforeAll(() => requireSqlite3());
  beforeEach(async () => {
    dir = temporaryDirectory('nhiscan-completeness-');
    db = join(dir.path, 'nhiscan.db');
    writeLeaverEstate(dir.path);
    const scan = await run('scan', '--as-of', '2026-11-26', '--fail-on', 'none');
    expect([scan.exitCode, scan.stderr]).toEqual([0, '']);
    const approve = await run('queue', 'approve', '1', '--by', 'carol@acme.example', '--reason', 'left');
    expect([approve.exitCode, approve.stderr]).toEqual([0, '']);
  });
  afterEach(() => dir.remove());

  it('verifies the untouched log of a scan and a decision as before', async () => {
    const { seq, hash } = head();
    expect(await verify()).toEqual({
      exitCode: 0,
      stdout: `audit log verified: ${seq} records, head ${hash}\n`,
      stderr: '',
    });
  });

  it('fails on an emptied log, naming the scan run, the request and the decision it lacks', async () => {
    sqlite3(db, `${DROP_DELETE} DELETE FROM audit_log;`);
    const problem = `audit log is empty but the database holds 1 finished scan run, 1 revocation request and 1 decision that wrote audit records: missing scan.finished of run 1, request.proposed of request 1, ${APPROVAL} (the log was emptied)`;
    expect(await verify()).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: `${DELETE_WARNING}${FAILED} 1: ${problem}\n`,
    });
    const json = await verify('--json');
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      size: 0,
      firstBadSeq: 1,
      problem,
      warnings: [DELETE_WARNING.slice('nhiscan: warning: '.length, -1)],
    });
    // Nor is an incomplete log checkpointed or exported.
    expect((await run('audit', 'checkpoint')).exitCode).toBe(1);
    expect((await run('audit', 'export', '--format', 'ocsf')).exitCode).toBe(1);
  });

  it('fails when the newest records were deleted: the decision record is missing', async () => {
    const approved = seqOf('request.approved');
    sqlite3(db, `${DROP_DELETE} DELETE FROM audit_log WHERE seq >= ${approved};`);
    expect(await verify()).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: `${DELETE_WARNING}${FAILED} ${approved}: audit log has ${approved - 1} records but lacks those of 1 decision: missing ${APPROVAL} (records were removed from its end)\n`,
    });
  });

  it('fails when the scan run record and everything after it were deleted', async () => {
    const finished = seqOf('scan.finished');
    sqlite3(db, `${DROP_DELETE} DELETE FROM audit_log WHERE seq >= ${finished};`);
    expect(await verify()).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: `${DELETE_WARNING}${FAILED} ${finished}: audit log has ${finished - 1} records but lacks those of 1 finished scan run and 1 decision: missing scan.finished of run 1, ${APPROVAL} (records were removed from its end)\n`,
    });
  });

  it('does not count a scan run that never finished (a crash writes no record)', async () => {
    sqlite3(
      db,
      `INSERT INTO scan_runs (started_at, as_of, status) VALUES ('${NOW}', '2026-11-26T00:00:00.000Z', 'running');`,
    );
    expect((await verify()).exitCode).toBe(0);
  });

  it('fails when the log no longer reaches a checkpoint audit checkpoint took, naming the checkpoint', async () => {
    const taken = await run('audit', 'checkpoint');
    expect([taken.exitCode, taken.stderr]).toEqual([0, '']);
    const { size, headHash } = JSON.parse(taken.stdout) as { size: number; headHash: string };
    expect(await verify()).toEqual({
      exitCode: 0,
      stdout: `audit log verified: ${size} records, head ${headHash}\n`,
      stderr: '',
    });
    // The newest record (the request's state change) is not one the other tables imply.
    sqlite3(db, `${DROP_DELETE} DELETE FROM audit_log WHERE seq = ${size};`);
    expect(await verify()).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: `${DELETE_WARNING}${FAILED} ${size}: audit log has ${size - 1} records but the checkpoint taken ${NOW} (kept in the database by \`nhiscan audit checkpoint\`) says ${size}: record ${size} was removed (truncated)\n`,
    });
  });

  it('fails when the checkpoint record was rewritten and its hash recomputed', async () => {
    const taken = await run('audit', 'checkpoint');
    const { size, headHash } = JSON.parse(taken.stdout) as { size: number; headHash: string };
    const [row] = query<{
      time: string;
      actor: string;
      action: string;
      target: string;
      payload: string;
      prev_hash: string;
    }>(`SELECT * FROM audit_log WHERE seq = ${size}`);
    const forged = hashAuditRecord({
      seq: size,
      time: row!.time,
      actor: row!.actor,
      action: row!.action,
      target: row!.target,
      reason: 'nothing to see',
      payload: JSON.parse(row!.payload),
      prevHash: row!.prev_hash,
    });
    sqlite3(
      db,
      `DROP TRIGGER audit_log_no_update; UPDATE audit_log SET reason = 'nothing to see', hash = '${forged}' WHERE seq = ${size};`,
    );
    const result = await verify();
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      `nhiscan: warning: the append-only trigger audit_log_no_update is missing or altered: audit_log no longer refuses UPDATE/DELETE; someone changed the database schema\n` +
        `${FAILED} ${size}: audit record ${size}: hash ${forged.slice(0, 12)}… differs from the head hash ${headHash.slice(0, 12)}… of the checkpoint taken ${NOW} (kept in the database by \`nhiscan audit checkpoint\`): the log was rewritten at or before record ${size} and its chain recomputed\n`,
    );
  });
});
