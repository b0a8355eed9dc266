/**
 * Evaluation digests (migration 9, src/store/evaluations.ts): a rescan records only the credentials
 * whose evaluation changed, a credential that stops being live still has its findings resolved,
 * and whatever changes findings outside an evaluation forces a full comparison of that credential
 * (a database from before the digests: migration-9.test.ts).
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { propagationGapFinding } from '../../src/policy/evaluate.js';
import {
  type Db,
  findingHistory,
  listFindings,
  openDatabase,
  raiseFinding,
  resolveFinding,
  syncFindings,
} from '../../src/store/index.js';
import { evaluationScanner, estateKey as key, leaver, leaverEstate } from '../support/evaluation-scan.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

/** More than one page (500 credentials), so a change in one page leaves the others alone. */
const COUNT = 2_500;

const estate = () => leaverEstate(COUNT);

describe('evaluation digests', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let db: Db;
  let scan: ReturnType<typeof evaluationScanner>;
  beforeEach(() => {
    dir = temporaryDirectory();
    db = openDatabase(join(dir.path, 'nhiscan.db'));
    scan = evaluationScanner(db, [leaver]);
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  const digests = () =>
    new Map(
      db.prepare('SELECT credential_uid, digest FROM credential_evaluations').raw().all() as [
        string,
        string,
      ][],
    );

  it('records every credential on a first scan, none on an unchanged rescan', () => {
    const first = scan(20, estate());
    expect(first.evaluation.credentialsRecorded).toBe(COUNT);
    const recorded = digests();
    expect(recorded.size).toBe(COUNT);
    expect([...recorded.values()].every((digest) => /^[0-9a-f]{64}$/.test(digest))).toBe(true);
    // One credential's owner resolution and finding give one digest; another's differ.
    expect(recorded.get(key(0))).not.toBe(recorded.get(key(1)));
    expect(recorded.get(key(1))).not.toBe(recorded.get(key(2)));

    const second = scan(21, estate());
    expect(second.evaluation.credentialsRecorded).toBe(0);
    expect(second.evaluation.findings).toEqual({ raised: 0, changed: 0, resolved: 0 });
    expect(second.rowsWritten).toBe(0);
    expect(digests()).toEqual(recorded);
  });

  it('records only the credential that changed, with its owner, findings and digest', () => {
    scan(20, estate());
    const before = digests();
    const changed = estate().map((credential, index) =>
      index === 2_101
        ? {
            ...credential,
            ownerSignals: [{ kind: 'tag' as const, value: 'leaver@x.example', source: 'tag owner' }],
          }
        : credential,
    );
    const second = scan(21, changed);
    expect(second.evaluation.credentialsRecorded).toBe(1);
    expect(second.evaluation.ownersChanged).toBe(1);
    expect(second.evaluation.findings).toEqual({ raised: 1, changed: 0, resolved: 1 });
    expect(
      listFindings(db)
        .filter((finding) => finding.credentialUid === key(2_101))
        .map((finding) => finding.rule),
    ).toEqual(['leaver-owned']);
    const after = digests();
    expect(after.get(key(2_101))).not.toBe(before.get(key(2_101)));
    after.delete(key(2_101));
    before.delete(key(2_101));
    expect(after).toEqual(before);
  });

  it('reads whole pages when most of them changed, recording only what did', () => {
    scan(20, estate());
    const before = digests();
    // The leaver is rehired: a third of every page changes, more than the one-in-eight that
    // switches to reading the page's stored rows at once.
    const rehired = evaluationScanner(db, [{ ...leaver, status: 'active', terminationDate: null }]);
    const second = rehired(21, estate());
    const leaversKeys = Math.ceil(COUNT / 3);
    expect(second.evaluation.credentialsRecorded).toBe(leaversKeys);
    expect(second.evaluation.ownersChanged).toBe(0);
    expect(second.evaluation.findings).toEqual({ raised: 0, changed: 0, resolved: leaversKeys });
    expect(listFindings(db).map((finding) => finding.rule)).toEqual(
      Array.from({ length: COUNT - leaversKeys }, () => 'owner-unknown'),
    );
    const after = digests();
    for (let index = 0; index < COUNT; index++) {
      expect(after.get(key(index)) === before.get(key(index))).toBe(index % 3 !== 0);
    }
  });

  it('resolves the findings of a credential no longer listed, and forgets its digest', () => {
    scan(20, estate());
    const second = scan(
      21,
      estate().filter((_, index) => index !== 2_102),
    );
    expect(second.merge.gone).toBe(1);
    expect(second.evaluation.credentialsRecorded).toBe(1);
    expect(second.evaluation.findings).toEqual({ raised: 0, changed: 0, resolved: 1 });
    const gone = listFindings(db, { includeResolved: true }).filter(
      (finding) => finding.credentialUid === key(2_102),
    );
    expect(gone.map((finding) => [finding.rule, finding.status])).toEqual([['owner-unknown', 'resolved']]);
    expect(findingHistory(db, gone[0]!.uid).at(-1)).toEqual({
      runId: second.runId,
      fromStatus: 'open',
      toStatus: 'resolved',
      reason: 'credential is gone',
    });
    expect(digests().has(key(2_102))).toBe(false);
    // The last credential too: nothing after it is evaluated.
    const third = scan(
      22,
      estate().filter((_, index) => index !== 2_102 && index !== COUNT - 1),
    );
    expect(third.evaluation.findings).toEqual({ raised: 0, changed: 0, resolved: 1 });
    expect(digests().has(key(COUNT - 1))).toBe(false);
  });

  it('compares in full a credential whose findings changed outside a scan', () => {
    const first = scan(20, estate());
    const credential = estate()[2_103]!;
    const gap = propagationGapFinding(credential, { step: 'disable' });
    raiseFinding(db, first.runId, gap, '2026-11-20T01:00:00.000Z');
    expect(digests().get(key(2_103))).toBe('');

    // The verifier's finding is not among the scan's extra findings any more: it is resolved, which
    // a digest left as it was would have hidden.
    const second = scan(21, estate());
    expect(second.evaluation.credentialsRecorded).toBe(1);
    expect(second.evaluation.findings).toEqual({ raised: 0, changed: 0, resolved: 1 });
    expect(listFindings(db).some((finding) => finding.rule === 'propagation-gap')).toBe(false);
    expect(digests().get(key(2_103))).toMatch(/^[0-9a-f]{64}$/);

    // Kept while the verifier passes it in; resolving it outside a scan marks the credential again.
    scan(22, estate(), [gap]);
    expect(listFindings(db).filter((finding) => finding.rule === 'propagation-gap')).toHaveLength(1);
    expect(resolveFinding(db, gap.uid, 3, 'gap closed', '2026-11-22T01:00:00.000Z')).toBe(true);
    expect(digests().get(key(2_103))).toBe('');
  });

  it('syncFindings, which is not an evaluation, marks every credential with findings', () => {
    scan(20, estate().slice(0, 3));
    syncFindings(db, 1, []);
    expect(digests()).toEqual(
      new Map([
        [key(0), ''],
        [key(1), ''],
        [key(2), ''],
      ]),
    );
    // The next scan compares them all and raises their findings again.
    const second = scan(21, estate().slice(0, 3));
    expect(second.evaluation.credentialsRecorded).toBe(3);
    expect(second.evaluation.findings).toEqual({ raised: 0, changed: 3, resolved: 0 });
  });
});
