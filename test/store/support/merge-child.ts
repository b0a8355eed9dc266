/**
 * A child process for the merge crash test: opens the database, says so on stdout, then merges
 * run 2's staging and finishes the run (giving back the freed pages) in one transaction, and says
 * `merged`. The test SIGKILLs it somewhere in between.
 */
import { finishRun, mergeRun, openDatabase } from '../../../src/store/index.js';

// argv: node, bin/run-ts.js, this file, the database.
const db = openDatabase(process.argv[3]!);
process.stdout.write('merging\n');
db.transaction(() => {
  mergeRun(db, 2, [{ name: 's', status: 'complete' }], {
    days: 90,
    now: new Date('2026-11-02T00:00:00.000Z'),
  });
  finishRun(db, 2, 'complete', '2026-11-02T00:01:00.000Z');
})();
db.close();
process.stdout.write('merged\n');
