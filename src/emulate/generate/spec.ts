/**
 * The size of a generated estate, from text such as `people=50000,credentials=100000,seed=1`
 * (the `nhiscan emulate --generate` value). Every problem is an InputError naming the key.
 */
import { parseIsoDate } from '../../core/dates.js';
import { InputError } from '../../core/errors.js';

export interface GenerateSpec {
  people: number;
  credentials: number;
  seed: number;
  /** YYYY-MM-DD: the day the estate's dates are written relative to, and the ground truth holds at. */
  asOf: string;
}

export const DEFAULT_GENERATE_AS_OF = '2026-11-26';
export const DEFAULT_GENERATE_SEED = 1;

/** Fewer people than this leaves some lifecycle (leavers, movers, contractors) with nobody in it. */
export const PEOPLE_RANGE = { min: 20, max: 1_000_000 } as const;
export const CREDENTIALS_RANGE = { min: 10, max: 2_000_000 } as const;
export const SEED_RANGE = { min: 0, max: 4_294_967_295 } as const;

const KEYS = ['people', 'credentials', 'seed', 'asOf'] as const;
type Key = (typeof KEYS)[number];

const EXAMPLE = 'people=50000,credentials=100000,seed=1';

function wholeNumber(key: Key, value: string, range: { min: number; max: number }): number {
  const expected = `expected a whole number from ${range.min} to ${range.max}`;
  if (!/^\d+$/.test(value)) throw new InputError(`${expected}, got ${JSON.stringify(value)}`, { key });
  const number = Number(value);
  if (number < range.min || number > range.max) throw new InputError(`${expected}, got ${value}`, { key });
  return number;
}

function day(key: Key, value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || parseIsoDate(value) === null)
    throw new InputError(`expected a date YYYY-MM-DD such as 2026-11-26, got ${JSON.stringify(value)}`, {
      key,
    });
  return value;
}

export function parseGenerateSpec(text: string): GenerateSpec {
  if (text.trim() === '')
    throw new InputError(`expected key=value pairs separated by commas, such as ${EXAMPLE}`);
  const given = new Map<Key, string>();
  for (const item of text.split(',')) {
    const equals = item.indexOf('=');
    if (equals < 0)
      throw new InputError(`expected key=value, got ${JSON.stringify(item.trim())} (e.g. ${EXAMPLE})`);
    const key = item.slice(0, equals).trim();
    const value = item.slice(equals + 1).trim();
    if (!(KEYS as readonly string[]).includes(key))
      throw new InputError(`unknown key; expected one of ${KEYS.join(', ')}`, { key });
    if (given.has(key as Key)) throw new InputError('given more than once', { key });
    given.set(key as Key, value);
  }
  const required = (key: 'people' | 'credentials', range: { min: number; max: number }) => {
    const value = given.get(key);
    if (value === undefined)
      throw new InputError(`missing; expected a whole number from ${range.min} to ${range.max}`, { key });
    return wholeNumber(key, value, range);
  };
  const seed = given.get('seed');
  const asOf = given.get('asOf');
  return {
    people: required('people', PEOPLE_RANGE),
    credentials: required('credentials', CREDENTIALS_RANGE),
    seed: seed === undefined ? DEFAULT_GENERATE_SEED : wholeNumber('seed', seed, SEED_RANGE),
    asOf: asOf === undefined ? DEFAULT_GENERATE_AS_OF : day('asOf', asOf),
  };
}
