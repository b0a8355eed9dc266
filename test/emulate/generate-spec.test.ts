/** `--generate` specs: what is accepted, and the exact error for each bad input. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { parseGenerateSpec } from '../../src/emulate/generate/index.js';

describe('parseGenerateSpec', () => {
  it('reads people, credentials, seed and asOf', () => {
    expect(parseGenerateSpec('people=50000,credentials=100000,seed=1')).toEqual({
      people: 50000,
      credentials: 100000,
      seed: 1,
      asOf: '2026-11-26',
    });
    expect(parseGenerateSpec(' credentials = 800 , people=300, seed=7, asOf=2027-01-31 ')).toEqual({
      people: 300,
      credentials: 800,
      seed: 7,
      asOf: '2027-01-31',
    });
  });

  it('defaults the seed to 1 and as-of to 2026-11-26', () => {
    expect(parseGenerateSpec('people=20,credentials=10')).toEqual({
      people: 20,
      credentials: 10,
      seed: 1,
      asOf: '2026-11-26',
    });
  });

  it.each([
    ['', 'expected key=value pairs separated by commas, such as people=50000,credentials=100000,seed=1'],
    ['people', 'expected key=value, got "people" (e.g. people=50000,credentials=100000,seed=1)'],
    [
      'people=10,credentials=100,',
      'expected key=value, got "" (e.g. people=50000,credentials=100000,seed=1)',
    ],
    [
      'people=100,credentials=100,size=3',
      'key size: unknown key; expected one of people, credentials, seed, asOf',
    ],
    ['people=100,people=200,credentials=1', 'key people: given more than once'],
    ['credentials=100', 'key people: missing; expected a whole number from 20 to 1000000'],
    ['people=100', 'key credentials: missing; expected a whole number from 10 to 2000000'],
    ['people=abc,credentials=100', 'key people: expected a whole number from 20 to 1000000, got "abc"'],
    ['people=-5,credentials=100', 'key people: expected a whole number from 20 to 1000000, got "-5"'],
    ['people=1e3,credentials=100', 'key people: expected a whole number from 20 to 1000000, got "1e3"'],
    ['people=19,credentials=100', 'key people: expected a whole number from 20 to 1000000, got 19'],
    [
      'people=100,credentials=2000001',
      'key credentials: expected a whole number from 10 to 2000000, got 2000001',
    ],
    ['people=100,credentials=100,seed=', 'key seed: expected a whole number from 0 to 4294967295, got ""'],
    [
      'people=100,credentials=100,seed=4294967296',
      'key seed: expected a whole number from 0 to 4294967295, got 4294967296',
    ],
    [
      'people=100,credentials=100,asOf=2026-02-30',
      'key asOf: expected a date YYYY-MM-DD such as 2026-11-26, got "2026-02-30"',
    ],
    [
      'people=100,credentials=100,asOf=2026-11-26T00:00:00Z',
      'key asOf: expected a date YYYY-MM-DD such as 2026-11-26, got "2026-11-26T00:00:00Z"',
    ],
  ])('rejects %j', (text, message) => {
    let caught: unknown;
    try {
      parseGenerateSpec(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).message).toBe(message);
  });
});
