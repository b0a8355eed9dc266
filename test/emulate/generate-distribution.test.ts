/** The generated estate's mix is close to its targets, and spread over many accounts. */
import { describe, expect, it } from 'vitest';
import { generateEstate } from '../../src/emulate/generate/index.js';

describe('generateEstate distributions', () => {
  const { counts, people, estate } = generateEstate({
    people: 5000,
    credentials: 10000,
    seed: 3,
    asOf: '2026-11-26',
  });
  const share = (key: string) => counts[key]! / counts.credentials!;

  it('writes exactly the people and credentials asked for', () => {
    expect(people).toHaveLength(5000);
    expect(counts.people).toBe(5000);
    expect(counts.credentials).toBe(10000);
  });

  it.each([
    ['credentials.aws', 0.3],
    ['credentials.github', 0.22],
    ['credentials.gcp', 0.17],
    ['credentials.azure', 0.15],
    ['credentials.gitlab', 0.06],
    ['credentials.okta', 0.04],
    ['credentials.kubernetes', 0.06],
    ['credentials.leaver', 0.08],
    ['credentials.contractor', 0.1],
    ['credentials.expired-contractor', 0.04],
    ['credentials.mover', 0.05],
    ['credentials.unowned', 0.03],
    ['credentials.stale', 0.2],
    ['credentials.privileged', 0.05],
  ])('%s is within two percentage points of %d', (key, target) => {
    expect(Math.abs(share(key) - target)).toBeLessThanOrEqual(0.02);
  });

  it('raises mover-recertify on most mover credentials (the rest are disabled or expired)', () => {
    expect(counts['findings.mover-recertify']).toBeGreaterThan(counts['credentials.mover']! * 0.9);
    expect(counts['findings.mover-recertify']).toBeLessThanOrEqual(counts['credentials.mover']!);
  });

  it('spreads credentials over many accounts, none holding most of a provider', () => {
    expect(counts['accounts.aws']).toBeGreaterThanOrEqual(10);
    expect(counts['accounts.github']).toBeGreaterThanOrEqual(2);
    expect(counts['accounts.gcp']).toBeGreaterThanOrEqual(10);
    expect(counts['accounts.azure']).toBeGreaterThanOrEqual(1);
    const keys = estate.aws!.accounts.map((account) =>
      account.users.reduce((sum, user) => sum + (user.accessKeys?.length ?? 0), 0),
    );
    expect(Math.max(...keys) / counts['credentials.aws']!).toBeLessThan(0.3);
    const gcpKeys = estate.gcp!.projects.map((project) =>
      project.serviceAccounts.reduce((sum, account) => sum + account.keys.length, 0),
    );
    expect(Math.max(...gcpKeys) / counts['credentials.gcp']!).toBeLessThan(0.3);
  });
});
