/** The same spec gives the same estate, roster and truth; another seed gives another. */
import { describe, expect, it } from 'vitest';
import { generateEstate } from '../../src/emulate/generate/index.js';

const spec = { people: 200, credentials: 500, seed: 11, asOf: '2026-11-26' };
const snapshot = (seed: number) => {
  const generated = generateEstate({ ...spec, seed });
  return {
    estate: JSON.stringify(generated.estate),
    hr: generated.hrCsv(),
    truth: JSON.stringify(generated.truth),
    counts: generated.counts,
  };
};

describe('generateEstate determinism', () => {
  it('makes an identical estate, roster, truth and counts for the same seed', () => {
    expect(snapshot(11)).toEqual(snapshot(11));
  });

  it('makes a different estate for another seed', () => {
    const one = snapshot(11);
    const other = snapshot(12);
    expect(other.estate).not.toBe(one.estate);
    expect(other.hr).not.toBe(one.hr);
    expect(other.truth).not.toBe(one.truth);
  });

  it('sorts the truth by credential uid, then rule, with no duplicate', () => {
    const { truth } = generateEstate(spec);
    const keys = truth.map((finding) => `${finding.credentialUid}\u0000${finding.rule}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(keys.length);
  });
});
