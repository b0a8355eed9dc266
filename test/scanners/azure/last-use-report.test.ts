/**
 * Unknown is never unused: a beta sign-in activity report that answers 200 with no records for a
 * tenant holding credentials, or whose newest record is older than its retention, makes last use
 * unknown for that tenant in that scan (with the reason), so `stale` never fires because of it;
 * a normal report still gives known last use. Against the Entra emulator, and through the CLI.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EntraTenantEstate } from '../../../scanners/azure/emulator/estate.js';
import { type AzureEmulator, startAzureEmulator } from '../../../scanners/azure/emulator/index.js';
import { REPORT_RETENTION_DAYS, trustLastUse } from '../../../scanners/azure/last-use.js';
import { queueHarness } from '../queue-harness.js';
import {
  appId,
  CLIENT_ID,
  CLIENT_SECRET,
  HR_CSV,
  keyId,
  SECRET_ENV,
  TENANT,
  tenantEstate,
} from './estate.js';
import { caFileOf, list } from './run-scanner.js';

const EMPTY_REASON = `the sign-in activity report (beta) for tenant ${TENANT} returned no records although it has 7 credentials: last use is unknown, not never`;
const OLD_REASON = `the sign-in activity report (beta) for tenant ${TENANT} has no record within its 30-day retention (newest: 2025-01-10T08:00:00Z) although it has 7 credentials: the report is not current, so last use is unknown, not never`;

/** legacy-report's secret: created 2024, last signed in 2025-01-10 in the full report. */
const legacySecret = (lastUse: { lastUsedAt: string | null; lastUsedKnown: boolean; reason?: string }) => ({
  uid: `azure:${TENANT}:client-secret:${keyId(3)}`,
  provider: 'azure',
  account: TENANT,
  kind: 'client-secret',
  externalId: keyId(3),
  principalUid: `azure:${TENANT}:application:${appId(2)}`,
  principalName: 'legacy-report',
  status: 'active',
  createdAt: '2024-01-01T00:00:00Z',
  expiresAt: '2028-01-01T00:00:00Z',
  lastUsedAt: lastUse.lastUsedAt,
  lastUsedKnown: lastUse.lastUsedKnown,
  ...(lastUse.reason ? { lastUsedUnknownReason: lastUse.reason } : {}),
  privileged: false,
  privilegedReasons: [],
  department: null,
  ownerSignals: [],
  hint: 'Leg',
  attributes: { displayName: 'secret 3' },
});

const REPORTS: [string, EntraTenantEstate['signInReport'], string][] = [
  ['answers 200 with no records', { answer: 'empty' }, EMPTY_REASON],
  // Only sia-3 (2025-01-10) is older than this: the report stopped being refreshed.
  [
    'holds only records older than its retention',
    { answer: 'old-only', before: '2026-01-01T00:00:00Z' },
    OLD_REASON,
  ],
];

describe('the sign-in activity report against the emulator', () => {
  let emulator: AzureEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
    delete process.env[SECRET_ENV];
  });

  it.each(REPORTS)('makes last use unknown when the report %s', async (_, signInReport, reason) => {
    const tenant = tenantEstate();
    tenant.signInReport = signInReport;
    emulator = await startAzureEmulator({ estate: { tenants: [tenant] } });
    const listed = await list(emulator);
    expect(listed.partial).toEqual([]);
    const secrets = listed.credentials.filter((credential) => credential.kind !== 'sign-in-sessions');
    expect(secrets).toHaveLength(7);
    for (const credential of secrets) {
      expect(credential.lastUsedKnown).toBe(false);
      expect(credential.lastUsedAt).toBeNull();
    }
    // The SAML token-signing certificate keeps its own reason; every other credential gets the report's.
    expect(
      secrets
        .filter((credential) => credential.attributes?.samlTokenSigning !== 'true')
        .map((credential) => credential.lastUsedUnknownReason),
    ).toEqual(Array(6).fill(reason));
    expect(secrets.find((credential) => credential.externalId === keyId(3))).toEqual(
      legacySecret({ lastUsedAt: null, lastUsedKnown: false, reason }),
    );
  });

  it('keeps known last use from a normal report, and a never-used credential as never used', async () => {
    emulator = await startAzureEmulator({ estate: { tenants: [tenantEstate()] } });
    const listed = await list(emulator);
    expect(listed.credentials.find((credential) => credential.externalId === keyId(3))).toEqual(
      legacySecret({ lastUsedAt: '2025-01-10T08:00:00Z', lastUsedKnown: true }),
    );
    expect(listed.credentials.find((credential) => credential.externalId === keyId(4))).toMatchObject({
      lastUsedAt: null,
      lastUsedKnown: true,
    });
  });
});

describe('trustLastUse', () => {
  const asOf = new Date('2026-11-26T00:00:00Z');
  const read = (records: number, newest: string | null) => ({
    known: true as const,
    byKeyId: new Map<string, string>(),
    records,
    newest,
  });

  it('leaves an empty report alone for a tenant without credentials', () => {
    expect(trustLastUse(read(0, null), TENANT, 0, asOf)).toEqual(read(0, null));
  });

  it(`believes a report whose newest record is exactly ${REPORT_RETENTION_DAYS} days old, not one a second older`, () => {
    expect(trustLastUse(read(1, '2026-10-27T00:00:00Z'), TENANT, 1, asOf).known).toBe(true);
    expect(trustLastUse(read(1, '2026-10-26T23:59:59Z'), TENANT, 1, asOf)).toEqual({
      known: false,
      reason: `the sign-in activity report (beta) for tenant ${TENANT} has no record within its 30-day retention (newest: 2026-10-26T23:59:59Z) although it has 1 credential: the report is not current, so last use is unknown, not never`,
    });
  });
});

describe('the sign-in activity report through the CLI', () => {
  const queue = queueHarness({
    start: () => startAzureEmulator({ estate: { tenants: [tenantEstate()] } }),
    env: { [SECRET_ENV]: CLIENT_SECRET },
    hr: HR_CSV,
    scanFirst: false,
    source: (running) => [
      '  - type: azure',
      '    name: entra',
      `    tenantId: ${TENANT}`,
      `    credentials: { clientId: ${CLIENT_ID}, clientSecret: env:${SECRET_ENV} }`,
      `    graphUrl: ${running.graphEndpoint}`,
      `    authorityHost: ${running.authorityHost}`,
      `    authorityCaFile: ${caFileOf(running)}`,
    ],
  });
  const staleFindings = async () => {
    queue.configure();
    await queue.scan();
    const findings = JSON.parse((await queue.run(['findings', '--json'])).stdout) as {
      rule: string;
      credentialUid: string;
    }[];
    return findings
      .filter((finding) => finding.rule === 'stale')
      .map((finding) => finding.credentialUid.replace(`azure:${TENANT}:`, ''))
      .sort();
  };

  it('raises stale from a normal report', async () => {
    expect(await staleFindings()).toEqual([
      `client-secret:${keyId(3)}`,
      `client-secret:${keyId(4)}`,
      `client-secret:${keyId(7)}`,
    ]);
  });

  it.each(REPORTS)('raises no stale finding when the report %s', async (_, signInReport) => {
    queue.emulator.estate.tenants[0]!.signInReport = signInReport;
    expect(await staleFindings()).toEqual([]);
  });
});
