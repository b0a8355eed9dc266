/**
 * A scan reduced to what evaluation tests need: stage the credentials as one source's pages, merge
 * them and evaluate the inventory in one transaction, at a fixed as-of, on a real database. Returns
 * the merge and evaluation summaries, and how many rows the evaluation wrote.
 */

import { DEFAULT_POLICY } from '../../src/core/config-types.js';
import type { Credential, Finding, Person } from '../../src/core/model.js';
import { evaluateInventory } from '../../src/scan/evaluate-inventory.js';
import { beginRun, type Db, finishRun, mergeRun, stagePage } from '../../src/store/index.js';
import { credential as build, person } from './builders.js';
import { totalChanges } from './total-changes.js';

export const EVALUATION_AS_OF = new Date('2026-11-26T00:00:00.000Z');

export const leaver: Person = person('E1', {
  email: 'leaver@x.example',
  name: 'Lee Ver',
  status: 'terminated',
  terminationDate: '2026-06-01',
  department: null,
});

/** The uid of the estate's credential number `index`. */
export const estateKey = (index: number) => `x:acct:key:K${String(index).padStart(5, '0')}`;

/** `count` credentials: every third is the leaver's (leaver-owned), the rest name nobody (owner-unknown). */
export const leaverEstate = (count: number): Credential[] =>
  Array.from({ length: count }, (_, index) => {
    const id = `K${String(index).padStart(5, '0')}`;
    return build(id, {
      uid: estateKey(index),
      provider: 'x',
      account: 'acct',
      kind: 'key',
      createdAt: '2026-10-01',
      lastUsedAt: '2026-11-20',
      lastUsedKnown: true,
      ownerSignals: index % 3 === 0 ? [{ kind: 'tag', value: 'leaver@x.example', source: 'tag owner' }] : [],
    });
  });

export function evaluationScanner(db: Db, people: readonly Person[]) {
  return (day: number, credentials: readonly Credential[], extra: readonly Finding[] = []) => {
    const runId = beginRun(db, {
      startedAt: `2026-11-${day}T00:00:00.000Z`,
      asOf: EVALUATION_AS_OF.toISOString(),
      hrSnapshotId: null,
      onlySources: null,
    });
    for (let start = 0; start < credentials.length; start += 500) {
      stagePage(db, runId, 'x', { credentials: credentials.slice(start, start + 500), principals: [] });
    }
    return db.transaction(() => {
      const merge = mergeRun(db, runId, [{ name: 'x', status: 'complete' }]);
      const before = totalChanges(db);
      const evaluation = evaluateInventory(db, runId, {
        people,
        policy: DEFAULT_POLICY,
        asOf: EVALUATION_AS_OF,
        baseline: undefined,
        extraFindings: extra,
        auditTime: `2026-11-${day}T00:00:00.000Z`,
      });
      const after = totalChanges(db);
      finishRun(db, runId, 'complete', `2026-11-${day}T00:05:00.000Z`);
      return { runId, merge, evaluation, rowsWritten: after - before };
    })();
  };
}
