/**
 * isoEpochDay, the evaluation's date reader that builds no Date, gives exactly what
 * epochDay(toDate(text)) gives for every form, and refuses what toDate refuses.
 */
import { describe, expect, it } from 'vitest';
import { daysSince, daysUntil, epochDay, isoEpochDay, toDate } from '../../src/core/dates.js';

const reference = (text: string) => epochDay(toDate(text));

describe('isoEpochDay', () => {
  it.each([
    '2026-11-26',
    '1970-01-01',
    '2024-02-29',
    '2000-02-29',
    '2026-12-31',
    '2026-11-26T00:00:00Z',
    '2026-11-26T23:59:59Z',
    '2026-11-26T23:59:59.999Z',
    // Forms the fast path leaves to toDate: offsets move the UTC day, spaces are trimmed.
    '2026-11-26T23:30:00-05:00',
    '2026-11-26T00:30:00+02:00',
    '2026-11-26T10:00Z',
    '2026-11-26T10:00:00.123456Z',
    '2026-11-26 10:00:00Z',
    ' 2026-11-26 ',
  ])('reads %j as toDate does', (text) => {
    expect(isoEpochDay(text)).toBe(reference(text));
  });

  it('gives the UTC day of a timestamp with an offset, not its date part', () => {
    expect(isoEpochDay('2026-11-26T23:30:00-05:00')).toBe(isoEpochDay('2026-11-27'));
  });

  it.each([
    '2026-02-29',
    '1900-02-29',
    '2026-02-30',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '0026-01-01',
    '2026-01-01T24:00:00Z',
    '2026-01-01T23:60:00Z',
    '2026-01-01T23:59:60Z',
    '2026-1-01',
    '2026/01/01',
    'not a date',
    '',
  ])('refuses %j as toDate does', (text) => {
    expect(() => reference(text)).toThrow('not an ISO 8601 date');
    expect(() => isoEpochDay(text)).toThrow('not an ISO 8601 date');
  });

  it('counts whole days to and from an as-of', () => {
    const asOf = new Date('2026-11-26T15:00:00Z');
    expect(daysSince('2026-11-20T23:59:59Z', asOf)).toBe(6);
    expect(daysSince('2026-11-26', asOf)).toBe(0);
    expect(daysUntil(asOf, '2026-12-01')).toBe(5);
    expect(daysUntil(asOf, '2026-11-25')).toBe(-1);
  });
});
