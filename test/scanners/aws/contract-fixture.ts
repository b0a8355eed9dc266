/**
 * The aws plugin's contract fixture (test/scanners/contract-support.ts): two accounts, each scanned
 * through the scanner role, with access keys, an SSH key and a console password; denied, the second
 * account answers AccessDenied to every IAM call.
 */
import type { AwsAccountEstate, AwsEstate } from '../../../scanners/aws/emulator/estate.js';
import { type ContractFixture, startEmulated } from '../contract-support.js';

const ROLE = 'nhiscan-read';

function account(id: string, n: number): AwsAccountEstate {
  return {
    id,
    scannerRoleName: ROLE,
    users: [
      {
        name: `svc-${n}`,
        userId: `AIDACONTRACT0000000${n}`,
        createDate: '2025-01-01T00:00:00Z',
        tags: { owner: 'ann@acme.example' },
        accessKeys: [
          { id: `AKIACONTRACTKEY0000${n}`, status: 'Active', createDate: '2025-02-01T00:00:00Z' },
          { id: `AKIACONTRACTKEY1000${n}`, status: 'Active', createDate: '2025-03-01T00:00:00Z' },
        ],
        sshPublicKeys: [
          {
            id: `APKACONTRACT0000000${n}`,
            status: 'Active',
            uploadDate: '2025-04-01T00:00:00Z',
            fingerprint: 'aa:bb',
          },
        ],
        loginProfile: { createDate: '2025-01-02T00:00:00Z' },
      },
    ],
    roles: [{ name: ROLE, roleId: `AROACONTRACT0000000${n}`, createDate: '2025-01-01T00:00:00Z' }],
    groups: [],
  };
}

function estate(denied: boolean, lastUseDenied = false): AwsEstate {
  const second = account('222222222222', 2);
  if (denied) second.denyAll = true;
  const first = account('111111111111', 1);
  // Every source of last use denied: the credential report, PasswordLastUsed, GetAccessKeyLastUsed.
  if (lastUseDenied)
    for (const each of [first, second])
      each.deniedActions = [
        'GetAccessKeyLastUsed',
        'GenerateCredentialReport',
        'GetCredentialReport',
        'ListUsers',
      ];
  return {
    callerAccessKey: {
      accessKeyId: 'AKIACONTRACTCALLER01',
      secretAccessKey: 'contract-fixture-secret',
      accountId: '111111111111',
      userName: 'scanner',
    },
    accounts: [first, second],
  };
}

export const contractFixture: ContractFixture = {
  start: () => startEmulated('aws', estate(false)),
  startDenied: () => startEmulated('aws', estate(true)),
  denied: { partialScope: 'account 222222222222' },
  lastUseUnreadable: () => startEmulated('aws', estate(false, true)),
};
