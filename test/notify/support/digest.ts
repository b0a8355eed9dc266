/** A manager's digest with one credential of a leaver, as the notices code renders it. */
import type { Digest } from '../../../src/notify/channels/types.js';

export const DIGEST: Digest = {
  id: 42,
  recipient: 'dana.manager@example.com',
  role: 'manager',
  subject: 'nhiscan: credentials of Lee Leaver will be disabled from 2026-12-03',
  text: [
    'Hello dana.manager@example.com,',
    '',
    '- aws 123456789012 user/ci-deploy: access key AKIA...7Q (leaver-owned, high)',
    '  from 2026-12-03: disable the access key, then delete it 14 days later',
    '',
  ].join('\n'),
  deadline: '2026-12-03',
  items: [
    {
      credentialUid: 'aws:123456789012:access-key:AKIAEXAMPLEKEY00007Q',
      provider: 'aws',
      account: '123456789012',
      principal: 'user/ci-deploy',
      rule: 'leaver-owned',
      severity: 'high',
      title: 'Access key of a leaver',
      actAfter: '2026-12-03',
      action: 'disable the access key, then delete it 14 days later',
      leaver: { employeeId: 'E1001', name: 'Lee Leaver', email: 'lee.leaver@example.com' },
    },
  ],
};
