/**
 * The checks shared by `nhiscan recertify` and the review screen: the reason, the rules and the
 * date (default 90 days, after today, at most 365 days ahead), each refused with the CLI flag it
 * belongs to. Recording and the inventory check run end to end in test/cli and test/review.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { checkRecertification } from '../../src/policy/recertify-credential.js';

const now = new Date('2026-11-26T09:00:00Z');
const base = { credentialUid: 'datadog:acme:api-key:dd-1', reason: 'runs the export', now };

function refusal(input: Parameters<typeof checkRecertification>[0]): { key?: string; problem: string } {
  try {
    checkRecertification(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return { key: (error as InputError).location.key, problem: (error as InputError).problem };
  }
  throw new Error('expected an input error');
}

describe('checkRecertification', () => {
  it('defaults to every recertifiable rule and 90 days from now, and trims the reason', () => {
    expect(checkRecertification({ ...base, reason: '  runs the export \n' })).toEqual({
      credentialUid: 'datadog:acme:api-key:dd-1',
      rules: ['stale', 'over-age', 'mover-recertify', 'owner-unknown'],
      reason: 'runs the export',
      until: '2027-02-24',
    });
  });

  it('keeps the given rules and date; the last day allowed is 365 days ahead', () => {
    expect(checkRecertification({ ...base, rules: ['over-age'], until: '2027-11-26' })).toMatchObject({
      rules: ['over-age'],
      until: '2027-11-26',
    });
  });

  it.each([
    [{ reason: ' ' }, '--reason', 'must not be empty'],
    [
      { rules: ['stale', 'leaver-owned', 'nope'] },
      '--rule',
      'cannot recertify "leaver-owned", "nope": expected one of stale, over-age, mover-recertify, owner-unknown',
    ],
    [{ until: '27-01-15' }, '--until', 'expected a date such as 2027-03-31, got "27-01-15"'],
    [{ until: '2027-02-30' }, '--until', 'expected a date such as 2027-03-31, got "2027-02-30"'],
    [
      { until: '2026-11-26' },
      '--until',
      'expected a date after today (2026-11-26) and at most 365 days ahead, got 2026-11-26',
    ],
    [
      { until: '2027-11-27' },
      '--until',
      'expected a date after today (2026-11-26) and at most 365 days ahead, got 2027-11-27',
    ],
  ])('refuses %j under %s', (change, key, problem) => {
    expect(refusal({ ...base, ...change })).toEqual({ key, problem });
  });
});
