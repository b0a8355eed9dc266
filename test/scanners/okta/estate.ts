/**
 * The Okta org of the scanner tests: three users (Alice a super admin, Bob a read-only admin who
 * leaves in the HR of the tests, Carol an org admin), four API tokens (Alice's in use, Bob's in use,
 * one whose creator Okta no longer has and that was never renewed, one of Alice's expired), and
 * three OpenID Connect service apps with client secrets and a key, owned through `profile.owner`.
 */
import type { OktaAppEstate, OktaEstate, OktaUserEstate } from '../../../scanners/okta/emulator/estate.js';

export const TOKEN = 'fake-okta-ssws-token-for-tests';
/** A client secret value the emulator serves: it must never reach anything the plugin returns. */
export const SECRET_CANARY = 'okta-client-secret-canary-value-0001';

export const ALICE = '00u1alice00000000001';
export const BOB = '00u1bob0000000000002';
export const CAROL = '00u1carol00000000003';
export const GONE = '00u1gone000000000009';

function user(id: string, email: string, roles: OktaUserEstate['roles']): OktaUserEstate {
  return {
    user: { id, status: 'ACTIVE', created: '2020-01-01T00:00:00.000Z', profile: { login: email, email } },
    roles,
  };
}

function app(id: string, label: string, owner: string | undefined): OktaAppEstate {
  return {
    app: {
      id,
      name: 'oidc_client',
      label,
      signOnMode: 'OPENID_CONNECT',
      status: 'ACTIVE',
      created: '2024-01-01T00:00:00.000Z',
      ...(owner ? { profile: { owner } } : {}),
      credentials: {
        oauthClient: { client_id: `client-${id}`, token_endpoint_auth_method: 'client_secret_basic' },
      },
      settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'] } },
    },
    secrets: [],
    jwks: [],
  };
}

const secret = (id: string, status: 'ACTIVE' | 'INACTIVE', created: string, value = `value-of-${id}`) => ({
  id,
  status,
  created,
  lastUpdated: created,
  secret_hash: `hash-${id}`,
  client_secret: value,
});

export function oktaEstate(): OktaEstate {
  const billing = app('0oa1billing000000001', 'billing-sync', 'carol@example.com');
  billing.secrets.push(
    secret('ocs1billingactive001', 'ACTIVE', '2025-06-01T09:00:00.000Z', SECRET_CANARY),
    secret('ocs1billingold000002', 'INACTIVE', '2024-01-01T09:00:00.000Z'),
  );
  billing.jwks.push({
    id: 'pks1billingkey000001',
    kid: 'billing-key-1',
    kty: 'RSA',
    e: 'AQAB',
    n: 'emulated-modulus',
    status: 'ACTIVE',
    created: '2026-05-01T09:00:00.000Z',
    lastUpdated: '2026-05-01T09:00:00.000Z',
  });
  const legacy = app('0oa2legacy0000000002', 'legacy-export', 'bob@example.com');
  legacy.secrets.push(secret('ocs2legacy0000000001', 'ACTIVE', '2026-03-01T09:00:00.000Z'));
  const cron = app('0oa3cron000000000003', 'unowned-cron', undefined);
  cron.secrets.push(secret('ocs3cron000000000001', 'ACTIVE', '2026-04-01T09:00:00.000Z'));
  return {
    token: TOKEN,
    users: [
      user(ALICE, 'alice@example.com', ['SUPER_ADMIN']),
      user(BOB, 'bob@example.com', ['READ_ONLY_ADMIN']),
      user(CAROL, 'carol@example.com', ['ORG_ADMIN']),
    ],
    apiTokens: [
      {
        id: '00T1deploy0000000001',
        name: 'ci-deploy',
        userId: ALICE,
        clientName: 'Okta API',
        created: '2025-03-01T10:00:00.000Z',
        expiresAt: '2026-12-20T10:00:00.000Z',
        tokenWindow: 'P30D',
      },
      {
        id: '00T2report0000000002',
        name: 'reporting',
        userId: BOB,
        clientName: 'Okta API',
        created: '2026-01-10T09:00:00.000Z',
        expiresAt: '2026-12-01T08:00:00.000Z',
        tokenWindow: 'P30D',
      },
      {
        id: '00T3orphan0000000003',
        name: 'orphan-sync',
        userId: GONE,
        clientName: 'Okta API',
        created: '2026-02-01T12:00:00.000Z',
        expiresAt: '2027-02-01T12:00:00.000Z',
        tokenWindow: 'P365D',
      },
      {
        id: '00T4expired000000004',
        name: 'old-script',
        userId: ALICE,
        clientName: 'Okta API',
        created: '2025-01-15T10:00:00.000Z',
        expiresAt: '2026-10-01T10:00:00.000Z',
        tokenWindow: 'P30D',
      },
    ],
    apps: [billing, legacy, cron],
  };
}
