import { describe, expect, it } from 'vitest';
import { revocationSchema } from '../../src/config/schema.js';
import { approvalsFor, disablesAtOnce, modeFor } from '../../src/queue/settings.js';

const settings = (raw: object) => revocationSchema.parse(raw);

describe('revocation modes per rule and tier', () => {
  it('defaults: approve everywhere, owner-unknown off, privileged never auto', () => {
    const defaults = settings({});
    expect(defaults.leaver).toBe('auto-disable');
    expect(modeFor(defaults, 'leaver-owned', false)).toBe('approve');
    expect(modeFor(defaults, 'contractor-expired', true)).toBe('approve');
    expect(modeFor(defaults, 'owner-unknown', false)).toBe('report');
    expect(approvalsFor(defaults, false)).toBe(1);
    expect(approvalsFor(defaults, true)).toBe(2);
  });

  it('leaver: auto-disable (the default) disables at once, privileged or not; approvals gate the rest', () => {
    const auto = settings({ leaver: 'auto-disable' });
    expect(modeFor(auto, 'leaver-owned', false)).toBe('approve');
    expect(modeFor(auto, 'leaver-owned', true)).toBe('approve');
    expect(disablesAtOnce(auto, 'leaver-owned', false)).toBe(true);
    expect(disablesAtOnce(auto, 'leaver-owned', true)).toBe(true);
    expect(modeFor(auto, 'mover-recertify', false)).toBe('approve');
    expect(disablesAtOnce(auto, 'mover-recertify', false)).toBe(false);
    expect(disablesAtOnce(auto, 'contractor-expired', true)).toBe(false);
  });

  it('leaver: approve keeps every step waiting for approvals; a rules tier overrides leaver', () => {
    const approve = settings({ leaver: 'approve' });
    expect(modeFor(approve, 'leaver-owned', false)).toBe('approve');
    expect(disablesAtOnce(approve, 'leaver-owned', false)).toBe(false);
    expect(disablesAtOnce(approve, 'leaver-owned', true)).toBe(false);
    const fullyAuto = settings({ rules: { 'leaver-owned': { standard: 'auto' } } });
    expect(modeFor(fullyAuto, 'leaver-owned', false)).toBe('auto');
    expect(disablesAtOnce(fullyAuto, 'leaver-owned', false)).toBe(false);
    expect(disablesAtOnce(fullyAuto, 'leaver-owned', true)).toBe(true);
    const privilegedApprove = settings({ rules: { 'leaver-owned': { privileged: 'approve' } } });
    expect(disablesAtOnce(privilegedApprove, 'leaver-owned', true)).toBe(false);
    expect(disablesAtOnce(privilegedApprove, 'leaver-owned', false)).toBe(true);
  });

  it('rules override per tier, and owner-unknown needs ownerUnknownAfterDays', () => {
    const custom = settings({
      leaver: 'auto-disable',
      ownerUnknownAfterDays: 30,
      rules: {
        'leaver-owned': { standard: 'report' },
        'owner-unknown': { standard: 'auto', privileged: 'report' },
      },
    });
    expect(modeFor(custom, 'leaver-owned', false)).toBe('report');
    expect(modeFor(custom, 'owner-unknown', false)).toBe('auto');
    expect(modeFor(custom, 'owner-unknown', true)).toBe('report');
  });

  it('refuses auto for the privileged tier and unknown rule names', () => {
    expect(() => settings({ rules: { 'leaver-owned': { privileged: 'auto' } } })).toThrow(
      'expected approve or report (privileged access is never auto)',
    );
    expect(revocationSchema.safeParse({ rules: { stale: { standard: 'auto' } } }).success).toBe(false);
  });
});
