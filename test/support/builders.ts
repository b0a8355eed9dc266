/** Small builders for model objects, so each test states only what it is about. */
import type { Credential, OwnerSignal, Person } from '../../src/core/model.js';

export function person(employeeId: string, overrides: Partial<Person> = {}): Person {
  return {
    employeeId,
    email: `${employeeId.toLowerCase()}@acme.example`,
    name: `Person ${employeeId}`,
    status: 'active',
    workerType: 'employee',
    hireDate: '2020-01-01',
    terminationDate: null,
    contractEndDate: null,
    department: 'platform',
    managerEmail: null,
    previousDepartment: null,
    transferDate: null,
    aliases: [],
    ...overrides,
  };
}

export function owner(value: string, kind: OwnerSignal['kind'] = 'declared'): OwnerSignal {
  return { kind, value, source: `test ${kind}` };
}

export function credential(id: string, overrides: Partial<Credential> = {}): Credential {
  return {
    uid: `aws:111122223333:access-key:${id}`,
    provider: 'aws',
    account: '111122223333',
    kind: 'access-key',
    externalId: id,
    principalUid: null,
    principalName: null,
    status: 'active',
    createdAt: '2026-11-01',
    expiresAt: null,
    lastUsedAt: '2026-11-25',
    lastUsedKnown: true,
    privileged: false,
    privilegedReasons: [],
    department: null,
    ownerSignals: [],
    ...overrides,
  };
}
