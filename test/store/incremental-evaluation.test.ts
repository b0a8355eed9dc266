/**
 * Streaming evaluation over more than one page of credentials: the same findings as evaluating in
 * one piece, extra findings kept in whichever page holds their credential, and a rescan of an
 * unchanged estate writes no row at all while the findings' last sighting still moves on.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { propagationGapFinding } from '../../src/policy/evaluate.js';
import { type Db, listFindings, openDatabase } from '../../src/store/index.js';
import { evaluationScanner, leaver, leaverEstate } from '../support/evaluation-scan.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

/** More than one page (2,000 rows) of credentials, so ranges meet. */
const COUNT = 4_500;

const estate = () => leaverEstate(COUNT);

describe('streaming evaluation and rescans', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let db: Db;
  beforeEach(() => {
    dir = temporaryDirectory();
    db = openDatabase(join(dir.path, 'nhiscan.db'));
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  const scan = (...args: Parameters<ReturnType<typeof evaluationScanner>>) =>
    evaluationScanner(db, [leaver])(...args);

  const auditRecords = (runId: number) =>
    (
      db
        .prepare('SELECT actor, action, target, reason, payload FROM audit_log WHERE target = ? ORDER BY seq')
        .all(`run:${runId}`) as {
        actor: string;
        action: string;
        target: string;
        reason: string;
        payload: string;
      }[]
    ).map((record) => ({ ...record, payload: JSON.parse(record.payload) }));

  it('raises one finding per rule per credential across pages, and a rescan writes nothing', () => {
    const first = scan(20, estate());
    expect(first.evaluation.credentialsEvaluated).toBe(COUNT);
    expect(first.evaluation.findings).toEqual({ raised: COUNT, changed: 0, resolved: 0 });
    const byRule = (rule: string) => listFindings(db).filter((finding) => finding.rule === rule).length;
    expect(byRule('leaver-owned')).toBe(1_500);
    expect(byRule('owner-unknown')).toBe(3_000);
    // Audited in batches of at most 500 changes.
    const records = auditRecords(1);
    expect(records.map((record) => [record.actor, record.action, record.reason])).toEqual([
      ...Array.from({ length: 9 }, () => ['scan', 'findings.changed', '500 raised']),
    ]);
    const changes = records.flatMap((record) => record.payload.changes);
    expect(changes).toHaveLength(COUNT);
    expect(new Set(changes.map((change: { findingUid: string }) => change.findingUid)).size).toBe(COUNT);
    expect(records[0]!.payload.runId).toBe(1);
    expect(changes[0]).toEqual({
      findingUid: listFindings(db).find((finding) => finding.credentialUid === 'x:acct:key:K00000')!.uid,
      from: null,
      to: 'open',
      reason: 'raised',
      rule: 'leaver-owned',
      credentialUid: 'x:acct:key:K00000',
      severity: 'critical',
    });

    const second = scan(21, estate());
    expect(second.merge).toEqual({ inserted: 0, updated: 0, unchanged: COUNT, gone: 0, unverified: 0 });
    expect(second.evaluation.findings).toEqual({ raised: 0, changed: 0, resolved: 0 });
    expect(second.evaluation.ownersChanged).toBe(0);
    expect(second.rowsWritten).toBe(0);
    expect(auditRecords(2)).toEqual([]);
    // Not rewritten, yet seen by the latest run: first seen on the 20th, last seen on the 21st.
    const sample = listFindings(db)[0]!;
    expect(sample.firstSeenAt).toBe('2026-11-20T00:00:00.000Z');
    expect(sample.lastSeenAt).toBe('2026-11-21T00:00:00.000Z');
  });

  it('resolves exactly the findings whose condition cleared, in any page, and keeps extra findings in their page', () => {
    scan(20, estate());
    const changed = estate().map((credential, index) =>
      // The owner is fixed for one credential in each page.
      index === 1 || index === 2_002 || index === 4_001
        ? {
            ...credential,
            ownerSignals: [{ kind: 'tag' as const, value: 'leaver@x.example', source: 'tag owner' }],
          }
        : credential,
    );
    const gap = propagationGapFinding(changed[3_000]!, { step: 'disable' });
    const second = scan(21, changed, [gap]);
    // Three owner-unknown resolved, three leaver-owned raised, and the gap raised.
    expect(second.evaluation.findings).toEqual({ raised: 4, changed: 0, resolved: 3 });
    // One record (fewer than 500 changes), naming each change, credential by credential.
    const records = auditRecords(2);
    expect(records.map((record) => record.reason)).toEqual(['4 raised, 3 resolved']);
    expect(
      records.flatMap((record) =>
        record.payload.changes.map(
          (change: { credentialUid: string; rule: string; from: string; to: string; reason: string }) => [
            change.credentialUid,
            change.rule,
            change.from,
            change.to,
            change.reason,
          ],
        ),
      ),
    ).toEqual([
      ['x:acct:key:K00001', 'leaver-owned', null, 'open', 'raised'],
      ['x:acct:key:K00001', 'owner-unknown', 'open', 'resolved', 'condition no longer holds'],
      ['x:acct:key:K02002', 'leaver-owned', null, 'open', 'raised'],
      ['x:acct:key:K02002', 'owner-unknown', 'open', 'resolved', 'condition no longer holds'],
      ['x:acct:key:K03000', 'propagation-gap', null, 'open', 'raised'],
      ['x:acct:key:K04001', 'leaver-owned', null, 'open', 'raised'],
      ['x:acct:key:K04001', 'owner-unknown', 'open', 'resolved', 'condition no longer holds'],
    ]);
    const open = listFindings(db);
    expect(open.filter((finding) => finding.rule === 'propagation-gap').map((f) => f.credentialUid)).toEqual([
      'x:acct:key:K03000',
    ]);
    expect(open.filter((finding) => finding.rule === 'leaver-owned')).toHaveLength(1_503);
    const third = scan(22, changed);
    // Without the verifier's finding the gap is resolved; nothing else moves.
    expect(third.evaluation.findings).toEqual({ raised: 0, changed: 0, resolved: 1 });
  });
});
