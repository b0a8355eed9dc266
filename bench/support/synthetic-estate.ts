/**
 * A deterministic synthetic estate (seeded PRNG) for the store benchmarks: people with a realistic
 * mix of leavers, contractors and movers, and AWS access keys whose owner signals match, miss or
 * are absent. The same sizes and as-of day give the same estate on every run.
 */
import type { Credential, OwnerSignal, Person } from '../../src/core/model.js';

export function syntheticEstate(
  peopleCount: number,
  credentialCount: number,
  asOf: Date,
): { people: Person[]; credentials: Credential[] } {
  const day = (offset: number) => new Date(asOf.getTime() - offset * 86_400_000).toISOString().slice(0, 10);
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };

  const departments = ['platform', 'data', 'payments', 'security', 'mobile', 'finance', 'sales', 'support'];

  function makePeople(): Person[] {
    const people: Person[] = [];
    for (let i = 0; i < peopleCount; i++) {
      const roll = random();
      const leaver = roll < 0.1;
      const contractor = roll >= 0.1 && roll < 0.2;
      const mover = roll >= 0.2 && roll < 0.3;
      people.push({
        employeeId: `E${i}`,
        email: `person${i}@acme.example`,
        name: `Person ${i}`,
        status: leaver && random() < 0.7 ? 'terminated' : 'active',
        workerType: contractor ? 'contractor' : 'employee',
        hireDate: day(400 + Math.floor(random() * 2000)),
        terminationDate: leaver ? day(Math.floor(random() * 400) - 20) : null,
        contractEndDate: contractor ? day(Math.floor(random() * 300) - 150) : null,
        department: departments[i % departments.length]!,
        managerEmail: null,
        previousDepartment: mover ? departments[(i + 1) % departments.length]! : null,
        transferDate: mover ? day(Math.floor(random() * 120)) : null,
        aliases: [`github:person${i}`, `p${i}`],
      });
    }
    return people;
  }

  function signalsFor(): OwnerSignal[] {
    const roll = random();
    const who = Math.floor(random() * peopleCount);
    if (roll < 0.08) return [];
    if (roll < 0.12) return [{ kind: 'tag', value: `ghost${who}@acme.example`, source: 'tag owner' }];
    if (roll < 0.5) return [{ kind: 'tag', value: `PERSON${who}@acme.example`, source: 'tag owner' }];
    if (roll < 0.75) return [{ kind: 'login', value: `github:person${who}`, source: 'saml' }];
    if (roll < 0.9)
      return [
        { kind: 'declared', value: `person${who}@acme.example`, source: 'sheet' },
        { kind: 'creator', value: `p${Math.floor(random() * peopleCount)}`, source: 'creator' },
      ];
    return [{ kind: 'name-match', value: `p${who}`, source: 'user name' }];
  }

  function* makeCredentials(): Generator<Credential> {
    for (let i = 0; i < credentialCount; i++) {
      const created = Math.floor(random() * 700);
      const used = random() < 0.1 ? null : Math.floor(random() * created);
      yield {
        uid: `aws:${100000000000 + (i % 50)}:access-key:AKIABENCH${String(i).padStart(11, '0')}`,
        provider: 'aws',
        account: String(100000000000 + (i % 50)),
        kind: 'access-key',
        externalId: `AKIABENCH${String(i).padStart(11, '0')}`,
        principalUid: null,
        principalName: null,
        status: random() < 0.9 ? 'active' : 'inactive',
        createdAt: day(created),
        expiresAt: random() < 0.05 ? day(Math.floor(random() * 60) - 30) : null,
        lastUsedAt: used === null ? null : day(used),
        lastUsedKnown: random() < 0.95,
        privileged: random() < 0.05,
        privilegedReasons: [],
        department: random() < 0.5 ? departments[i % departments.length]! : null,
        ownerSignals: signalsFor(),
      };
    }
  }

  const people = makePeople();
  return { people, credentials: [...makeCredentials()] };
}
