/** The credentials the okta scanner must list from the org of estate.ts, exactly. */
import { NO_SECRET_LAST_USE_REASON } from '../../../scanners/okta/transform.js';
import type { Credential } from '../../../src/core/model.js';
import { ALICE, BOB, GONE } from './estate.js';

const HOST = '127.0.0.1';
const ALICE_SIGNAL = (name: string) => ({
  kind: 'creator' as const,
  value: 'alice@example.com',
  source: `API token ${name} was created by Okta user alice@example.com (${ALICE})`,
});
const SUPER_ADMIN = [
  "an API token acts with its creator's admin rights: alice@example.com holds SUPER_ADMIN",
];

function token(id: string, fields: Partial<Credential>): Credential {
  return {
    uid: `okta:${HOST}:api-token:${id}`,
    provider: 'okta',
    account: HOST,
    kind: 'api-token',
    externalId: id,
    principalUid: null,
    principalName: null,
    status: 'active',
    createdAt: null,
    expiresAt: null,
    lastUsedAt: null,
    lastUsedKnown: true,
    privileged: false,
    privilegedReasons: [],
    department: null,
    ownerSignals: [],
    ...fields,
  };
}

const carolApp = {
  kind: 'tag' as const,
  value: 'carol@example.com',
  source: 'profile.owner of Okta app billing-sync (0oa1billing000000001)',
};

function appCredential(
  kind: 'client-secret' | 'client-jwk',
  app: [string, string],
  id: string,
  fields: Partial<Credential>,
): Credential {
  return {
    uid: `okta:${HOST}:${kind}:${app[0]}/${id}`,
    provider: 'okta',
    account: HOST,
    kind,
    externalId: `${app[0]}/${id}`,
    principalUid: `okta:${HOST}:app:${app[0]}`,
    principalName: app[1],
    status: 'active',
    createdAt: null,
    expiresAt: null,
    lastUsedAt: null,
    lastUsedKnown: false,
    lastUsedUnknownReason: NO_SECRET_LAST_USE_REASON,
    privileged: false,
    privilegedReasons: [],
    department: null,
    ownerSignals: [],
    ...fields,
  };
}

const BILLING: [string, string] = ['0oa1billing000000001', 'billing-sync'];
const LEGACY: [string, string] = ['0oa2legacy0000000002', 'legacy-export'];
const CRON: [string, string] = ['0oa3cron000000000003', 'unowned-cron'];

/** Sorted by uid. */
export const EXPECTED: Credential[] = [
  token('00T1deploy0000000001', {
    principalUid: `okta:${HOST}:user:${ALICE}`,
    principalName: 'alice@example.com',
    createdAt: '2025-03-01T10:00:00.000Z',
    expiresAt: '2026-12-20T10:00:00.000Z',
    lastUsedAt: '2026-11-20T10:00:00.000Z',
    privileged: true,
    privilegedReasons: SUPER_ADMIN,
    ownerSignals: [ALICE_SIGNAL('ci-deploy')],
    attributes: { name: 'ci-deploy', userId: ALICE, tokenWindow: 'P30D', clientName: 'Okta API' },
  }),
  token('00T2report0000000002', {
    principalUid: `okta:${HOST}:user:${BOB}`,
    principalName: 'bob@example.com',
    createdAt: '2026-01-10T09:00:00.000Z',
    expiresAt: '2026-12-01T08:00:00.000Z',
    lastUsedAt: '2026-11-01T08:00:00.000Z',
    ownerSignals: [
      {
        kind: 'creator',
        value: 'bob@example.com',
        source: `API token reporting was created by Okta user bob@example.com (${BOB})`,
      },
    ],
    attributes: { name: 'reporting', userId: BOB, tokenWindow: 'P30D', clientName: 'Okta API' },
  }),
  token('00T3orphan0000000003', {
    principalUid: `okta:${HOST}:user:${GONE}`,
    principalName: GONE,
    createdAt: '2026-02-01T12:00:00.000Z',
    expiresAt: '2027-02-01T12:00:00.000Z',
    lastUsedKnown: false,
    lastUsedUnknownReason:
      'expiresAt − tokenWindow is not after created: Okta shows no renewal since the token was made, which does not say whether it was used',
    attributes: {
      name: 'orphan-sync',
      userId: GONE,
      tokenWindow: 'P365D',
      clientName: 'Okta API',
      creator: 'not found in Okta (deleted user)',
    },
  }),
  token('00T4expired000000004', {
    principalUid: `okta:${HOST}:user:${ALICE}`,
    principalName: 'alice@example.com',
    status: 'expired',
    createdAt: '2025-01-15T10:00:00.000Z',
    expiresAt: '2026-10-01T10:00:00.000Z',
    lastUsedAt: '2026-09-01T10:00:00.000Z',
    privileged: true,
    privilegedReasons: SUPER_ADMIN,
    ownerSignals: [ALICE_SIGNAL('old-script')],
    attributes: { name: 'old-script', userId: ALICE, tokenWindow: 'P30D', clientName: 'Okta API' },
  }),
  appCredential('client-jwk', BILLING, 'pks1billingkey000001', {
    createdAt: '2026-05-01T09:00:00.000Z',
    ownerSignals: [carolApp],
    hint: 'billing-key-1',
    attributes: { kid: 'billing-key-1', kty: 'RSA' },
  }),
  appCredential('client-secret', BILLING, 'ocs1billingactive001', {
    createdAt: '2025-06-01T09:00:00.000Z',
    ownerSignals: [carolApp],
    hint: 'hash-ocs1billingactive001',
  }),
  appCredential('client-secret', BILLING, 'ocs1billingold000002', {
    status: 'inactive',
    createdAt: '2024-01-01T09:00:00.000Z',
    ownerSignals: [carolApp],
    hint: 'hash-ocs1billingold000002',
  }),
  appCredential('client-secret', LEGACY, 'ocs2legacy0000000001', {
    createdAt: '2026-03-01T09:00:00.000Z',
    ownerSignals: [
      {
        kind: 'tag',
        value: 'bob@example.com',
        source: 'profile.owner of Okta app legacy-export (0oa2legacy0000000002)',
      },
    ],
    hint: 'hash-ocs2legacy0000000001',
  }),
  appCredential('client-secret', CRON, 'ocs3cron000000000001', {
    createdAt: '2026-04-01T09:00:00.000Z',
    hint: 'hash-ocs3cron000000000001',
  }),
];
