/** src/core/people.ts lifecycle rules at their boundaries: the day before, the day itself, the day after. */
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

describe('isLeaver at as-of 2026-11-26', () => {
  it('an active person becomes a leaver on their termination date', () => {
    expect(isLeaver(person('E', { terminationDate: '2026-11-25' }), asOf)).toBe(true);
    expect(isLeaver(person('E', { terminationDate: '2026-11-26' }), asOf)).toBe(true);
    expect(isLeaver(person('E', { terminationDate: '2026-11-27' }), asOf)).toBe(false);
    expect(isLeaver(person('E'), asOf)).toBe(false);
  });

  it('status terminated is a leaver whatever the dates say', () => {
    expect(isLeaver(person('E', { status: 'terminated' }), asOf)).toBe(true);
    expect(isLeaver(person('E', { status: 'terminated', terminationDate: '2027-01-01' }), asOf)).toBe(true);
  });

  it('compares whole UTC days, whatever the time of day', () => {
    expect(isLeaver(person('E', { terminationDate: '2026-11-26' }), toDate('2026-11-26T00:00:01Z'))).toBe(
      true,
    );
    expect(isLeaver(person('E', { terminationDate: '2026-11-27' }), toDate('2026-11-26T23:59:59Z'))).toBe(
      false,
    );
    expect(
      isLeaver(person('E', { terminationDate: '2026-11-26T23:00:00Z' }), toDate('2026-11-26T01:00:00Z')),
    ).toBe(true);
  });
});

describe('daysUntilTermination at as-of 2026-11-26', () => {
  it('counts whole days to a future date on an active person', () => {
    expect(daysUntilTermination(person('E', { terminationDate: '2026-11-25' }), asOf)).toBe(null);
    expect(daysUntilTermination(person('E', { terminationDate: '2026-11-26' }), asOf)).toBe(null);
    expect(daysUntilTermination(person('E', { terminationDate: '2026-11-27' }), asOf)).toBe(1);
    expect(daysUntilTermination(person('E', { terminationDate: '2026-12-10' }), asOf)).toBe(14);
  });

  it('is null without a date, and for someone already terminated', () => {
    expect(daysUntilTermination(person('E'), asOf)).toBe(null);
    expect(
      daysUntilTermination(person('E', { status: 'terminated', terminationDate: '2026-12-01' }), asOf),
    ).toBe(null);
  });
});

describe('isContractorExpired at as-of 2026-11-26', () => {
  const contractor = (contractEndDate: string | null) =>
    person('E', { workerType: 'contractor', contractEndDate });

  it('a contractor expires on their contract end date', () => {
    expect(isContractorExpired(contractor('2026-11-25'), asOf)).toBe(true);
    expect(isContractorExpired(contractor('2026-11-26'), asOf)).toBe(true);
    expect(isContractorExpired(contractor('2026-11-27'), asOf)).toBe(false);
    expect(isContractorExpired(contractor(null), asOf)).toBe(false);
  });

  it('an employee never expires, whatever contract end date HR carries', () => {
    expect(isContractorExpired(person('E', { contractEndDate: '2026-01-01' }), asOf)).toBe(false);
  });
});

describe('daysSinceTransfer at as-of 2026-11-26', () => {
  it('counts whole days since the transfer, from 0 on the day itself', () => {
    expect(daysSinceTransfer(person('E', { transferDate: '2026-10-27' }), asOf)).toBe(30);
    expect(daysSinceTransfer(person('E', { transferDate: '2026-10-26' }), asOf)).toBe(31);
    expect(daysSinceTransfer(person('E', { transferDate: '2026-11-25' }), asOf)).toBe(1);
    expect(daysSinceTransfer(person('E', { transferDate: '2026-11-26' }), asOf)).toBe(0);
  });

  it('is null with no transfer or one in the future', () => {
    expect(daysSinceTransfer(person('E', { transferDate: '2026-11-27' }), asOf)).toBe(null);
    expect(daysSinceTransfer(person('E'), asOf)).toBe(null);
  });
});
