/**
 * What app.ts does with the effects the reducer queues, without ink or a database: each effect is
 * answered with the result action, and a refusal from the queue or store becomes the reason the
 * status line shows (the problem alone when the CLI's own message would blame a flag).
 */
import { describe, expect, it, vi } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import type { Recertification } from '../../src/core/model.js';
import type { RevocationRequest } from '../../src/queue/index.js';
import type { ReviewActions } from '../../src/review/actions.js';
import type { ReviewData, ReviewItem } from '../../src/review/data.js';
import { type EffectContext, performEffect } from '../../src/review/effects.js';
import type { ReviewAction } from '../../src/review/state.js';

const request = { id: 7, state: 'pending-approval' } as RevocationRequest;
const item = {
  finding: { uid: 'finding-1', rule: 'stale' },
  credential: { uid: 'datadog:acme:api-key:dd-1' },
} as ReviewItem;
const data = { groups: [], requests: [] } as unknown as ReviewData;

function context(actions: Partial<ReviewActions> | undefined, overrides: Partial<EffectContext> = {}) {
  const dispatched: ReviewAction[] = [];
  const ctx: EffectContext = {
    load: () => data,
    actions: actions as ReviewActions | undefined,
    preview: async () => ['planned'],
    exit: vi.fn(),
    dispatch: (action) => dispatched.push(action),
    ...overrides,
  };
  return { ctx, dispatched };
}

const throwing = (error: Error) => () => {
  throw error;
};

describe('the review effects', () => {
  it('loads the data, or reports why it could not', () => {
    const ok = context(undefined);
    performEffect({ kind: 'load' }, ok.ctx);
    expect(ok.dispatched).toEqual([{ type: 'loaded', data }]);
    const failed = context(undefined, { load: throwing(new Error('no finished scan')) });
    performEffect({ kind: 'load' }, failed.ctx);
    expect(failed.dispatched).toEqual([{ type: 'load-failed', error: 'no finished scan' }]);
  });

  it('plans the dry run, or shows why it failed, and quits', async () => {
    const ok = context(undefined);
    performEffect({ kind: 'preview' }, ok.ctx);
    await vi.waitFor(() => expect(ok.dispatched).toEqual([{ type: 'previewed', lines: ['planned'] }]));
    const failed = context(undefined, { preview: () => Promise.reject(new Error('no sources')) });
    performEffect({ kind: 'preview' }, failed.ctx);
    await vi.waitFor(() =>
      expect(failed.dispatched).toEqual([{ type: 'preview-failed', error: 'no sources' }]),
    );
    performEffect({ kind: 'quit' }, ok.ctx);
    expect(ok.ctx.exit).toHaveBeenCalledOnce();
  });

  it('records decisions, suppressions and recertifications through the actions', () => {
    const decided = { ...request, state: 'approved' } as RevocationRequest;
    const actions = {
      approve: vi.fn(() => decided),
      reject: vi.fn(() => decided),
      suppress: vi.fn(() => '/work/.nhiscan-baseline.yaml'),
      recertify: vi.fn(() => ({ until: '2027-02-24' }) as Recertification),
    };
    const { ctx, dispatched } = context(actions);
    performEffect({ kind: 'approve', request, reason: 'ok' }, ctx);
    performEffect({ kind: 'reject', request, reason: 'no' }, ctx);
    performEffect({ kind: 'suppress', item, reason: 'rotating', expires: '2027-03-31' }, ctx);
    performEffect({ kind: 'recertify', item, reason: 'kept', until: undefined }, ctx);
    expect(actions.approve).toHaveBeenCalledWith(request, 'ok');
    expect(actions.reject).toHaveBeenCalledWith(request, 'no');
    expect(actions.suppress).toHaveBeenCalledWith('finding-1', 'rotating', '2027-03-31');
    expect(actions.recertify).toHaveBeenCalledWith('datadog:acme:api-key:dd-1', 'stale', 'kept', undefined);
    expect(dispatched).toEqual([
      { type: 'decided', decision: 'approve', request: decided },
      { type: 'decided', decision: 'reject', request: decided },
      { type: 'suppressed', rule: 'stale', expires: '2027-03-31', file: '/work/.nhiscan-baseline.yaml' },
      { type: 'recertified', rule: 'stale', until: '2027-02-24', credentialUid: 'datadog:acme:api-key:dd-1' },
    ]);
  });

  it('turns a refusal into its reason, without the flag the CLI would blame', () => {
    const reasons = [
      new InputError('Cy Chen (E3) already approved request 7', { key: '--by' }),
      new InputError('bad baseline', { file: 'baseline.yaml', line: 3 }),
      new Error('database is locked'),
    ].map((error) => {
      const { ctx, dispatched } = context({ approve: throwing(error) });
      performEffect({ kind: 'approve', request, reason: 'ok' }, ctx);
      return dispatched;
    });
    expect(reasons).toEqual([
      [{ type: 'refused', reason: 'Cy Chen (E3) already approved request 7' }],
      [{ type: 'refused', reason: 'baseline.yaml, line 3: bad baseline' }],
      [{ type: 'refused', reason: 'database is locked' }],
    ]);
  });

  it('says a bad recertification date records nothing, and refuses anything else', () => {
    const bad = context({
      recertify: throwing(new InputError('expected a date after today', { key: '--until' })),
    });
    performEffect({ kind: 'recertify', item, reason: 'kept', until: '2026-01-01' }, bad.ctx);
    expect(bad.dispatched).toEqual([{ type: 'not-recorded', problem: 'expected a date after today' }]);
    const broken = context({ recertify: throwing(new Error('database is locked')) });
    performEffect({ kind: 'recertify', item, reason: 'kept', until: undefined }, broken.ctx);
    expect(broken.dispatched).toEqual([{ type: 'refused', reason: 'database is locked' }]);
    const readOnly = context(undefined);
    performEffect({ kind: 'suppress', item, reason: 'x', expires: '2027-03-31' }, readOnly.ctx);
    expect(readOnly.dispatched).toEqual([{ type: 'refused', reason: 'read-only' }]);
  });
});
