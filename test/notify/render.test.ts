/** Digest rendering: sections per role, leavers grouped, the action in words, templates filled. */
import { describe, expect, it } from 'vitest';
import type { DigestItem } from '../../src/notify/channels/types.js';
import { describeAction, nameList, renderDigest } from '../../src/notify/render.js';
import type { RevocationRequest } from '../../src/queue/model.js';

const item = (overrides: Partial<DigestItem>): DigestItem => ({
  credentialUid: 'aws:111111111111:access-key:AKIARENDER0000000001',
  provider: 'aws',
  account: '111111111111',
  principal: 'etl',
  rule: 'leaver-owned',
  severity: 'critical',
  title: 'Access key owned by leaver Bob Baker',
  actAfter: '2026-12-03',
  action: 'disable it',
  ...overrides,
});
const bob = { employeeId: 'E2', name: 'Bob Baker', email: 'bob@acme.example' };
const settings = { templates: {}, securityContact: 'security@acme.example' };

describe('renderDigest', () => {
  it('gives a recipient who is a manager and an owner one message with a section per role', () => {
    const rendered = renderDigest(
      'manager',
      'carol@acme.example',
      [
        item({
          credentialUid: 'owned-1',
          rule: 'stale',
          severity: 'medium',
          role: 'owner',
          actAfter: '2026-12-10',
        }),
        item({ credentialUid: 'bob-2', role: 'manager', leaver: bob }),
        item({
          credentialUid: 'bob-1',
          role: 'manager',
          leaver: bob,
          immediate: true,
          actAfter: '2026-11-26',
        }),
      ],
      settings,
    );
    expect(rendered.subject).toBe('nhiscan: credentials of Bob Baker will be disabled from 2026-11-26');
    expect(rendered.deadline).toBe('2026-11-26');
    const items = rendered.text.slice(
      rendered.text.indexOf('Bob Baker <'),
      rendered.text.indexOf('\n\nIf one'),
    );
    expect(items.split('\n')).toEqual([
      'Bob Baker <bob@acme.example> (E2), 2 credential(s):',
      '- bob-1',
      '  aws · 111111111111 · etl',
      '  leaver-owned (critical): Access key owned by leaver Bob Baker',
      '  Now (2026-11-26): disable it',
      '- bob-2',
      '  aws · 111111111111 · etl',
      '  leaver-owned (critical): Access key owned by leaver Bob Baker',
      '  From 2026-12-03: disable it',
      '',
      'Your own credential(s):',
      '- owned-1',
      '  aws · 111111111111 · etl',
      '  stale (medium): Access key owned by leaver Bob Baker',
      '  From 2026-12-10: disable it',
    ]);
  });

  it('says why a notice came to the security contact, and fills a configured template', () => {
    const rendered = renderDigest(
      'security',
      'security@acme.example',
      [item({ role: 'security', leaver: bob, note: 'HR names no manager for Bob Baker (E2)' })],
      {
        templates: {
          security: { subject: '{{count}} for {{recipient}} by {{deadline}}', body: '{{items}}' },
        },
        securityContact: 'security@acme.example',
      },
    );
    expect(rendered.subject).toBe('1 for security@acme.example by 2026-12-03');
    expect(rendered.text.split('\n').at(-1)).toBe(
      '  Sent to you because HR names no manager for Bob Baker (E2)',
    );
  });
});

describe('describeAction', () => {
  const request = (mode: 'auto' | 'approve', requiredApprovals: number): RevocationRequest =>
    ({
      mode,
      requiredApprovals,
      steps: [
        { step: 'disable', afterDays: 0 },
        { step: 'delete', afterDays: 14 },
      ],
    }) as RevocationRequest;
  it('puts the steps, their delays and the approvals into words', () => {
    expect(describeAction(request('auto', 0))).toBe('disable it, then delete it 14 days later');
    expect(describeAction(request('approve', 1))).toBe(
      'disable it, then delete it 14 days later (once 1 approver agrees)',
    );
    expect(describeAction(request('approve', 2))).toBe(
      'disable it, then delete it 14 days later (once 2 approvers agree)',
    );
    expect(describeAction(undefined)).toBe('reported only: the queue is not set to act on this rule');
  });
});

describe('nameList', () => {
  it('names up to three, then counts', () => {
    expect(nameList(['Ann'])).toBe('Ann');
    expect(nameList(['Ann', 'Bob'])).toBe('Ann and Bob');
    expect(nameList(['Ann', 'Bob', 'Cy'])).toBe('Ann, Bob and Cy');
    expect(nameList(['Ann', 'Bob', 'Cy', 'Di'])).toBe('Ann, Bob and 2 others');
  });

  it('greets the recipient by the name HR has for them, by their address when it has none', () => {
    const greeting = (name?: string) =>
      renderDigest('owner', 'carol@acme.example', [item({ role: 'owner' })], settings, name).text.split(
        '\n',
      )[0];
    expect(greeting('Carol Chen')).toBe('Hello Carol Chen,');
    expect(greeting(undefined)).toBe('Hello carol@acme.example,');
    expect(greeting('  ')).toBe('Hello carol@acme.example,');
  });
});
