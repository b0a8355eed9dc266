/** The scale benchmark's scoring: precision, recall and severity mismatches against the ground truth. */
import { describe, expect, it } from 'vitest';
import { compareFindings } from '../../bench/scale/compare.js';

const finding = (credentialUid: string, rule: string, severity = 'high') => ({
  credentialUid,
  rule,
  severity,
});

describe('compareFindings', () => {
  it('scores an exact match 1.0 / 1.0', () => {
    const truth = [finding('a', 'stale'), finding('b', 'leaver-owned', 'critical')];
    expect(compareFindings(truth, [...truth].reverse())).toEqual({
      expected: 2,
      found: 2,
      truePositives: 2,
      precision: 1,
      recall: 1,
      severityMismatches: 0,
      missing: [],
      unexpected: [],
    });
  });

  it('counts what is missing, unexpected, and found at another severity', () => {
    const truth = [
      finding('a', 'stale'),
      finding('b', 'leaver-owned', 'critical'),
      finding('c', 'over-age', 'low'),
    ];
    const found = [finding('a', 'stale'), finding('b', 'leaver-owned', 'high'), finding('d', 'stale')];
    const result = compareFindings(truth, found);
    expect(result).toMatchObject({ expected: 3, found: 3, truePositives: 2, severityMismatches: 1 });
    expect(result.precision).toBeCloseTo(2 / 3);
    expect(result.recall).toBeCloseTo(2 / 3);
    expect(result.missing).toEqual(['c over-age (low)']);
    expect(result.unexpected).toEqual(['d stale (high)']);
  });

  it('scores nothing found against nothing expected as 1.0 / 1.0, and nothing found against something as 0 recall', () => {
    expect(compareFindings([], [])).toMatchObject({ precision: 1, recall: 1 });
    expect(compareFindings([finding('a', 'stale')], [])).toMatchObject({ precision: 0, recall: 0 });
  });
});
