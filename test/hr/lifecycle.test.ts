import { describe, expect, it } from 'vitest';
import { toDate } from '../../src/core/dates.js';
import {
  daysSinceTransfer,
  daysUntilTermination,
  isContractorExpired,
  isLeaver,
} from '../../src/core/people.js';
import { person } from '../support/builders.js';

const asOf = toDate('2026-11-26');

describe('effective dating at as-of 2026-11-26', () => {
  it('isLeaver: termination date today or earlier, or status terminated', () => {
    expect(isLeaver(person('E', { terminationDate: '2026-11-27' }), asOf)).toBe(false);
    expect(isLeaver(person('E', { terminationDate: '2026-11-26' }), asOf)).toBe(true);
    expect(isLeaver(person('E', { status: 'terminated', terminationDate: '2027-01-01' }), asOf)).toBe(true);
    expect(isLeaver(person('E'), asOf)).toBe(false);
  });
  it('daysUntilTermination: only for a future date on an active person', () => {
    expect(daysUntilTermination(person('E', { terminationDate: '2026-11-27' }), asOf)).toBe(1);
    expect(daysUntilTermination(person('E', { terminationDate: '2026-11-26' }), asOf)).toBe(null);
    expect(
      daysUntilTermination(person('E', { status: 'terminated', terminationDate: '2026-12-01' }), asOf),
    ).toBe(null);
  });
  it('isContractorExpired: contractors on or after their end date', () => {
    const contractor = (end: string) => person('E', { workerType: 'contractor', contractEndDate: end });
    expect(isContractorExpired(contractor('2026-11-27'), asOf)).toBe(false);
    expect(isContractorExpired(contractor('2026-11-26'), asOf)).toBe(true);
    expect(isContractorExpired(person('E', { contractEndDate: '2026-01-01' }), asOf)).toBe(false);
  });
  it('daysSinceTransfer: whole days, null when none or in the future', () => {
    expect(daysSinceTransfer(person('E', { transferDate: '2026-10-27' }), asOf)).toBe(30);
    expect(daysSinceTransfer(person('E', { transferDate: '2026-11-27' }), asOf)).toBe(null);
    expect(daysSinceTransfer(person('E'), asOf)).toBe(null);
  });
  it('compares whole UTC days, whatever the time of day', () => {
    expect(isLeaver(person('E', { terminationDate: '2026-11-26' }), toDate('2026-11-26T00:00:01Z'))).toBe(
      true,
    );
    expect(isLeaver(person('E', { terminationDate: '2026-11-27' }), toDate('2026-11-26T23:59:59Z'))).toBe(
      false,
    );
  });
});
