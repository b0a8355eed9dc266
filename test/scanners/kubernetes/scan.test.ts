/**
 * The kubernetes scanner end to end, through @kubernetes/client-node against the emulator: exact
 * credentials (owners from annotations and labels, last use from the tracking label or unknown with
 * a reason, invalid-since as inactive, privilege from RBAC bindings), paging by limit/continue,
 * contexts that cannot be read marked partial while the others complete, and the token in
 * `data.token` never leaving the client.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { contextClients } from '../../../scanners/kubernetes/clients.js';
import { TOKEN_CANARY } from '../../../scanners/kubernetes/emulator/estate.js';
import { NO_LAST_USED_REASON } from '../../../scanners/kubernetes/transform.js';
import type { Credential } from '../../../src/core/model.js';
import { prodCluster, stagingCluster, twoClusterEstate } from './estate.js';
import { type StartedKubernetes, startKubernetes } from './start.js';
import { credentialsOf, listPages } from './support.js';

const TOKEN_SELECTOR = 'type=kubernetes.io/service-account-token';
const CREATED = '2025-03-01T10:00:00.000Z';

function token(
  overrides: Partial<Credential> & Pick<Credential, 'uid' | 'account' | 'externalId'>,
): Credential {
  return {
    provider: 'kubernetes',
    kind: 'service-account-token',
    principalUid: null,
    principalName: null,
    status: 'active',
    createdAt: CREATED,
    expiresAt: null,
    lastUsedAt: null,
    lastUsedKnown: true,
    privileged: false,
    privilegedReasons: [],
    department: null,
    ownerSignals: [],
    ...overrides,
  };
}

const EXPECTED: Credential[] = [
  token({
    uid: 'kubernetes:prod:service-account-token:ci/builder-token',
    account: 'prod',
    externalId: 'ci/builder-token',
    principalUid: 'kubernetes:prod:service-account:ci/builder',
    principalName: 'ci/builder',
    lastUsedKnown: false,
    lastUsedUnknownReason: NO_LAST_USED_REASON,
    privileged: true,
    privilegedReasons: [
      'may bind or escalate roles: ClusterRole rbac-manager bound cluster-wide by ClusterRoleBinding builder-rbac',
    ],
    attributes: { uid: 'uid-ci-builder-token' },
  }),
  token({
    uid: 'kubernetes:prod:service-account-token:ci/deployer-token',
    account: 'prod',
    externalId: 'ci/deployer-token',
    principalUid: 'kubernetes:prod:service-account:ci/deployer',
    principalName: 'ci/deployer',
    lastUsedAt: '2026-11-20',
    privileged: true,
    privilegedReasons: [
      'cluster-admin: ClusterRole cluster-admin bound cluster-wide by ClusterRoleBinding deployer-admin',
      'reads secrets: ClusterRole cluster-admin bound cluster-wide by ClusterRoleBinding deployer-admin',
      'may bind or escalate roles: ClusterRole cluster-admin bound cluster-wide by ClusterRoleBinding deployer-admin',
    ],
    ownerSignals: [
      {
        kind: 'tag',
        value: 'carol@example.com',
        source: 'annotation nhiscan.io/owner on Secret ci/deployer-token',
      },
      {
        kind: 'tag',
        value: 'alice@example.com',
        source: 'annotation nhiscan.io/owner on ServiceAccount ci/deployer',
      },
    ],
    attributes: { uid: 'uid-ci-deployer-token', mountedBy: 'Pod debug, ReplicaSet deploy-bot-7d9f' },
  }),
  token({
    uid: 'kubernetes:prod:service-account-token:monitoring/reader-token',
    account: 'prod',
    externalId: 'monitoring/reader-token',
    principalUid: 'kubernetes:prod:service-account:monitoring/reader',
    principalName: 'monitoring/reader',
    status: 'inactive',
    lastUsedAt: '2026-01-05',
    privileged: true,
    privilegedReasons: [
      'reads secrets: Role secret-reader bound in namespace monitoring by RoleBinding reader-secrets',
    ],
    ownerSignals: [{ kind: 'tag', value: 'bob', source: 'label owner on ServiceAccount monitoring/reader' }],
    attributes: {
      uid: 'uid-monitoring-reader-token',
      'kubernetes.io/legacy-token-invalid-since': '2026-06-01',
    },
  }),
  token({
    uid: 'kubernetes:staging:service-account-token:default/app-token',
    account: 'staging',
    externalId: 'default/app-token',
    principalUid: 'kubernetes:staging:service-account:default/app',
    principalName: 'default/app',
    lastUsedAt: '2026-11-01',
    attributes: { uid: 'uid-default-app-token' },
  }),
];

describe('kubernetes scanner against the emulator', () => {
  let started: StartedKubernetes | undefined;
  afterEach(async () => {
    await started?.close();
    started = undefined;
  });

  it('lists every legacy token exactly, with owners, last use, status and privilege', async () => {
    started = await startKubernetes(twoClusterEstate());
    const pages = await listPages(started);
    expect(credentialsOf(pages)).toEqual(EXPECTED);
    expect(pages.flatMap((page) => (page.partial ? [page.partial] : []))).toEqual([]);
    expect(pages.flatMap((page) => page.principals.map((principal) => principal.uid)).sort()).toEqual([
      'kubernetes:prod:service-account:ci/builder',
      'kubernetes:prod:service-account:ci/deployer',
      'kubernetes:prod:service-account:monitoring/reader',
      'kubernetes:staging:service-account:default/app',
    ]);
  });

  it('reads every list through its pages: limit on each call, continue from the answer before', async () => {
    started = await startKubernetes(twoClusterEstate());
    const pages = await listPages(started);
    // prod: 3 token secrets at 2 a page, then staging's one.
    expect(pages.map((page) => page.credentials.length)).toEqual([2, 1, 1]);
    const log = started.emulator.requestLog;
    const calls = (context: string) =>
      log.filter((entry) => entry.context === context).map((entry) => `${entry.method} ${entry.path}`);
    expect(calls('prod')).toEqual([
      'GET /apis/rbac.authorization.k8s.io/v1/clusterroles',
      'GET /apis/rbac.authorization.k8s.io/v1/clusterroles',
      'GET /apis/rbac.authorization.k8s.io/v1/roles',
      'GET /apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      'GET /apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      'GET /apis/rbac.authorization.k8s.io/v1/rolebindings',
      'GET /api/v1/serviceaccounts',
      'GET /api/v1/serviceaccounts',
      'GET /api/v1/pods',
      'GET /api/v1/pods',
      'GET /api/v1/secrets',
      'GET /api/v1/secrets',
    ]);
    expect(calls('staging')).toHaveLength(7);
    expect(log).toHaveLength(19);
    const secretLists = log.filter((entry) => entry.context === 'prod' && entry.path === '/api/v1/secrets');
    expect(secretLists.map((entry) => entry.query)).toEqual([
      { limit: '2', fieldSelector: TOKEN_SELECTOR },
      { limit: '2', fieldSelector: TOKEN_SELECTOR, continue: expect.any(String) },
    ]);
  });

  it('marks a context it may not read, or must not send its token to, partial; the others complete', async () => {
    const locked = {
      ...stagingCluster(),
      context: 'locked',
      token: 'fake-locked-bearer-token',
      forbidden: true,
    };
    const estate = { clusters: [prodCluster(), locked, stagingCluster()] };
    // Contexts the emulator does not serve: a token it rejects (401), and plain http off loopback.
    started = await startKubernetes(
      estate,
      { contexts: ['prod', 'locked', 'stranger', 'remote-http', 'missing', 'staging'] },
      (emulator) => [
        { context: 'stranger', server: emulator.endpoint, token: 'fake-unknown-token' },
        { context: 'remote-http', server: 'http://10.0.0.1:8080', token: 'fake-remote-token' },
      ],
    );
    const pages = await listPages(started);
    expect(pages.flatMap((page) => (page.partial ? [page.partial] : []))).toEqual([
      {
        scope: 'context locked',
        reason:
          'list clusterroles failed: 403: clusterroles is forbidden: User "system:serviceaccount:nhiscan:scanner" cannot list resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope',
      },
      { scope: 'context stranger', reason: 'list clusterroles failed: 401 Unauthorized' },
      {
        scope: 'context remote-http',
        reason:
          'the cluster of context remote-http is plain http to 10.0.0.1:8080: refused, a token is sent over http only to a loopback address',
      },
      { scope: 'context missing', reason: 'the kubeconfig has no context "missing"' },
    ]);
    expect(credentialsOf(pages).map((credential) => credential.uid)).toEqual(
      EXPECTED.map((credential) => credential.uid),
    );
    // Nothing was asked of the refused or missing contexts; one call of each unreadable one.
    expect(started.emulator.requestLog.filter((entry) => entry.context === 'locked')).toHaveLength(1);
    expect(started.emulator.requestLog.filter((entry) => entry.context === undefined)).toHaveLength(1);
  });

  it('never lets the token in data.token reach anything the plugin returns', async () => {
    started = await startKubernetes(twoClusterEstate());
    // The emulator does send it: the client reads it back from a Secret.
    const clients = contextClients(started.kubeconfig, 'prod');
    const secret = await clients.core.readNamespacedSecret({ namespace: 'ci', name: 'deployer-token' });
    expect(Buffer.from(secret.data?.token ?? '', 'base64').toString('utf8')).toBe(TOKEN_CANARY);
    const pages = await listPages(started);
    const text = JSON.stringify(pages);
    expect(credentialsOf(pages)).toHaveLength(4);
    expect(text).not.toContain(TOKEN_CANARY);
    expect(text).not.toContain(Buffer.from(TOKEN_CANARY).toString('base64'));
    expect(text).not.toContain('canary');
  });
});
