/** checkField: fieldProblem with a field's own limit, reading at most that much of a value. */
import { describe, expect, it } from 'vitest';
import { checkField, controlCharacterProblem, headOf } from '../../src/core/input-limits.js';

describe('checkField', () => {
  it('is fieldProblem within the limit', () => {
    expect(checkField('handover in progress', 'text', 500)).toBeNull();
    expect(checkField('a\u0000b', 'id')).toBe('contains a NUL byte');
  });

  it('refuses a value over its own, lower limit in the same words', () => {
    expect(checkField('x'.repeat(501), 'text', 500)).toBe('is 501 characters long; at most 500 are allowed');
    expect(checkField('x'.repeat(2000), 'text', 5000)).toBe(
      'is 2,000 characters long; at most 1,024 are allowed',
    );
  });

  it('names a secret at the start of an over-long value as a secret', () => {
    const value = `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(3000)}`;
    expect(checkField(value, 'id')).toMatch(/^holds what looks like a private key \(not shown\)/);
  });

  it('never cuts a surrogate pair into a lone surrogate', () => {
    const value = `${'x'.repeat(255)}😀${'y'.repeat(10)}`;
    expect(headOf(value, 256)).toBe('x'.repeat(255));
    expect(checkField(value, 'id')).toBe('is 267 characters long; at most 256 are allowed');
  });
});

describe('controlCharacterProblem', () => {
  it('refuses every control character in one-line text, only escapes and the like in other text', () => {
    expect(controlCharacterProblem('a\tb')).toBe(
      'contains a control character (U+0009); it must be one line of visible text',
    );
    expect(controlCharacterProblem('a\tb\nc', { lineBreaks: true })).toBeNull();
    expect(controlCharacterProblem('a\u001b[2J', { lineBreaks: true })).toBe(
      'contains a control character (U+001B); only tabs and line breaks are allowed',
    );
    expect(controlCharacterProblem('a\u009bb', { lineBreaks: true })).toMatch(/U\+009B/);
  });
});
