import { describe, expect, it } from 'vitest';
import { errorChain, isConnectionFailure } from '../../src/core/error-chain.js';
import { ProviderError } from '../../src/core/errors.js';

const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

describe('error chain', () => {
  it('walks an error down its causes, outermost first, and stops at a cycle', () => {
    const inner = new Error('inner');
    const outer = new ProviderError('aws', 'iam.UpdateAccessKey', 'x', { cause: inner });
    expect([...errorChain(outer)]).toEqual([outer, inner]);
    const looped = new Error('looped') as Error & { cause?: unknown };
    looped.cause = looped;
    expect([...errorChain(looped)]).toEqual([looped]);
    expect([...errorChain(undefined)]).toEqual([]);
  });

  it('knows a connection that failed or timed out before any answer, at any depth', () => {
    expect(isConnectionFailure(new ProviderError('gcp', 'call', 'x', { cause: reset() }))).toBe(true);
    expect(isConnectionFailure(new TypeError('fetch failed', { cause: { code: 'UND_ERR_SOCKET' } }))).toBe(
      true,
    );
    expect(isConnectionFailure(new DOMException('timed out', 'TimeoutError'))).toBe(true);
    expect(isConnectionFailure(new Error('AccessDenied'))).toBe(false);
    expect(isConnectionFailure(Object.assign(new Error('not found'), { code: 'ENOENT' }))).toBe(false);
  });
});
