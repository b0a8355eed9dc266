import { describe, expect, it } from 'vitest';
import { syntheticRosterCsv as roster } from '../../src/emulate/synthetic-roster.js';
import { type HrSnapshot, parseHrContent } from '../../src/hr/index.js';

/** Correctness at scale; the timing lives in `npm run bench:hr` (bench/hr-import.bench.ts). */
describe('HR import at scale', () => {
  it('reads all 50,000 rows with CRLF line ends, keeping the last row intact', () => {
    const snapshot: HrSnapshot = parseHrContent(
      roster(50_000, { quoteEveryField: false, lineEnd: '\r\n' }),
      'big.csv',
      'csv',
    );
    expect(snapshot.rowCount).toBe(50_000);
    expect(snapshot.people[49_999]).toMatchObject({ employeeId: 'E49999', name: 'Person, 49999' });
  });

  it('reads every-field-quoted rows with old-Mac CR line ends', () => {
    const snapshot = parseHrContent(
      roster(50_000, { quoteEveryField: true, lineEnd: '\r' }),
      'big.csv',
      'csv',
    );
    expect(snapshot.rowCount).toBe(50_000);
    expect(snapshot.people[12_345]).toMatchObject({ employeeId: 'E12345', department: 'dept-25' });
  });
});
