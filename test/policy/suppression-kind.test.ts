/**
 * A suppression is a recertification because its kind says so, not because its reason reads
 * `recertified: …`: a baseline entry whose reason happens to start that way stays a baseline
 * entry, in policy (`recertificationOf`, which notices and the queue's cancel reasons use) and in a
 * finding's history (src/store/finding-sync.ts). The reasons people see are worded as before.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvaluatedFinding, Finding, Suppression } from '../../src/core/model.js';
import { applyBaseline, parseBaseline } from '../../src/policy/baseline.js';
import { recertificationMatcher, recertificationOf } from '../../src/policy/recertification.js';
import { beginRun, type Db, findingHistory, openDatabase, syncFindings } from '../../src/store/index.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const finding = (uid: string, credentialUid: string): Finding => ({
  uid,
  rule: 'stale',
  severity: 'medium',
  credentialUid,
  title: 'stale key',
  evidence: {},
});

/** A baseline entry whose reason reads like a recertification's. */
const lookalike: Suppression = {
  reason: 'recertified: by the vendor, see ticket 42',
  approvedBy: 'sec-lead@acme.example',
  expires: '2027-03-31',
  kind: 'baseline',
};

describe('suppression kind', () => {
  it('recertificationOf answers for a recertification only, whatever the reason says', () => {
    expect(recertificationOf(lookalike)).toBeUndefined();
    expect(recertificationOf(null)).toBeUndefined();
    expect(
      recertificationOf({
        reason: 'recertified: runs the nightly export',
        approvedBy: 'hana@acme.example',
        expires: '2027-01-15',
        kind: 'recertification',
      }),
    ).toEqual({ by: 'hana@acme.example', until: '2027-01-15', reason: 'runs the nightly export' });
  });

  it("a recertification suppresses with kind 'recertification' and the reason worded as before", () => {
    const matched = recertificationMatcher([
      {
        id: 1,
        credentialUid: 'cred-1',
        rules: ['stale'],
        by: 'hana@acme.example',
        reason: 'runs the nightly export',
        until: '2027-01-15',
        recordedAt: '2026-11-26T00:00:00.000Z',
      },
    ])([{ ...finding('nhi-1', 'cred-1'), status: 'open', suppression: null }]);
    expect(matched.map((item) => [item.status, item.suppression])).toEqual([
      [
        'suppressed',
        {
          reason: 'recertified: runs the nightly export',
          approvedBy: 'hana@acme.example',
          expires: '2027-01-15',
          kind: 'recertification',
        },
      ],
    ]);
  });

  it("a baseline entry suppresses with kind 'baseline', even when its reason starts like a recertification's", () => {
    const baseline = parseBaseline(
      `entries:\n  - credential: cred-1\n    reason: "${lookalike.reason}"\n    approvedBy: ${lookalike.approvedBy}\n    expires: ${lookalike.expires}\n`,
      'baseline.yaml',
    );
    const outcome = applyBaseline([finding('nhi-1', 'cred-1')], baseline, new Date('2026-11-26T00:00:00Z'));
    expect(outcome.findings.map((item) => item.suppression)).toEqual([lookalike]);
  });

  describe("a finding's history", () => {
    let dir: ReturnType<typeof temporaryDirectory>;
    let db: Db;
    beforeEach(() => {
      dir = temporaryDirectory();
      db = openDatabase(`${dir.path}/nhiscan.db`);
    });
    afterEach(() => {
      db.close();
      dir.remove();
    });

    const run = (day: string) =>
      beginRun(db, {
        startedAt: `${day}T00:00:00.000Z`,
        asOf: `${day}T00:00:00.000Z`,
        hrSnapshotId: null,
        onlySources: null,
      });
    const seen = (suppression: Suppression | null): EvaluatedFinding => ({
      ...finding('nhi-1', 'cred-1'),
      status: suppression ? 'suppressed' : 'open',
      suppression,
    });

    it('says "suppressed by baseline" for a baseline entry however its reason is worded, "recertified by" for a recertification', () => {
      syncFindings(db, run('2026-11-26'), [seen(null)]);
      syncFindings(db, run('2026-11-27'), [seen(lookalike)]);
      syncFindings(db, run('2026-11-28'), [seen(null)]);
      syncFindings(db, run('2026-11-29'), [
        seen({
          reason: 'recertified: runs the nightly export',
          approvedBy: 'hana@acme.example',
          expires: '2027-01-15',
          kind: 'recertification',
        }),
      ]);
      expect(findingHistory(db, 'nhi-1').map((row) => row.reason)).toEqual([
        'raised',
        'suppressed by baseline',
        'suppression ended (baseline entry or recertification expired or removed)',
        'recertified by hana@acme.example until 2027-01-15',
      ]);
    });
  });
});
