import { describe, expect, it } from 'vitest';
import { parseCredentialReport, slotFor } from '../../../scanners/aws/credential-report.js';

const CSV = [
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
  '<root_account>,arn:aws:iam::111111111111:root,2020-01-01T00:00:00+00:00,not_supported,no_information,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
  'ann,arn:aws:iam::111111111111:user/ann,2024-01-01T00:00:00+00:00,true,2026-11-20T10:00:00+00:00,2024-01-02T00:00:00+00:00,N/A,false,true,2025-01-01T08:30:00+00:00,2026-11-25T00:00:00+00:00,us-east-1,s3,false,2025-06-01T00:00:00+00:00,N/A,N/A,N/A,true,2025-03-03T00:00:00+00:00,false,N/A',
  'bot,arn:aws:iam::111111111111:user/bot,2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
].join('\n');

describe('credential report', () => {
  const report = parseCredentialReport(CSV, new Date('2026-11-26T00:00:00Z'));

  it('reads each user row, skipping the root account', () => {
    expect([...report.rows.values()]).toEqual([
      {
        user: 'ann',
        passwordEnabled: true,
        passwordLastUsed: '2026-11-20T10:00:00.000Z',
        accessKeys: [
          { active: true, lastRotated: '2025-01-01T08:30:00.000Z', lastUsedDate: '2026-11-25T00:00:00.000Z' },
          { active: false, lastRotated: '2025-06-01T00:00:00.000Z', lastUsedDate: null },
        ],
        certificates: [{ active: true, lastRotated: '2025-03-03T00:00:00.000Z' }],
      },
      { user: 'bot', passwordEnabled: false, passwordLastUsed: null, accessKeys: [], certificates: [] },
    ]);
  });

  it('matches a key to its slot by creation time, to the second', () => {
    const ann = report.rows.get('ann')!;
    expect(slotFor(ann, new Date('2025-01-01T08:30:00.734Z'))?.lastUsedDate).toBe('2026-11-25T00:00:00.000Z');
    expect(slotFor(ann, new Date('2025-06-01T00:00:00Z'))?.lastUsedDate).toBe(null);
    expect(slotFor(ann, new Date('2025-06-01T00:00:01Z'))).toBeUndefined();
    expect(slotFor(ann, undefined)).toBeUndefined();
  });

  it('refuses to guess when two keys share a creation second', () => {
    const twins = {
      ...report.rows.get('ann')!,
      accessKeys: [
        { active: true, lastRotated: '2025-01-01T08:30:00.000Z', lastUsedDate: null },
        { active: true, lastRotated: '2025-01-01T08:30:00.000Z', lastUsedDate: '2026-01-01T00:00:00.000Z' },
      ],
    };
    expect(slotFor(twins, new Date('2025-01-01T08:30:00Z'))).toBeUndefined();
  });
});
