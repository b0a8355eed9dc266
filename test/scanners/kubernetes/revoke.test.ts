/**
 * Revoking a legacy token through the kubernetes plugin against the emulator: a dry run asks
 * nothing; disable labels the Secret invalid (merge patch), delete removes it, each verified by
 * re-reading it; the exact requests the emulator saw; a second delete is already revoked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Credential } from '../../../src/core/model.js';
import { twoClusterEstate } from './estate.js';
import { type StartedKubernetes, startKubernetes } from './start.js';
import { contextOf, credentialsOf, listPages, scannerFor } from './support.js';

const PATH = '/api/v1/namespaces/ci/secrets/builder-token';
const UID = 'uid-ci-builder-token';
const LABEL = 'kubernetes.io/legacy-token-invalid-since';
/** The executor's clock, which the revoker writes into the label. */
const NOW = new Date('2026-11-26T12:00:00Z');
const DAY = '2026-11-26';

describe('kubernetes revocation against the emulator', () => {
  let started: StartedKubernetes | undefined;
  afterEach(async () => {
    await started?.close();
    started = undefined;
  });

  type KubernetesRevoker = ReturnType<typeof scannerFor>['revoker'];

  async function target(): Promise<{
    credential: Credential;
    revoker: KubernetesRevoker;
    started: StartedKubernetes;
  }> {
    started = await startKubernetes(twoClusterEstate());
    const credential = credentialsOf(await listPages(started)).find(
      (candidate) => candidate.uid === 'kubernetes:prod:service-account-token:ci/builder-token',
    );
    return { credential: credential!, revoker: scannerFor(started).revoker, started };
  }

  it('plans both steps in a dry run and asks the cluster nothing', async () => {
    const { credential, revoker, started: running } = await target();
    const before = running.emulator.requestLog.length;
    const signal = new AbortController().signal;
    expect(revoker.steps(credential)).toEqual(['disable', 'delete']);
    expect(await revoker.revoke(credential, 'disable', { dryRun: true, signal, now: NOW })).toEqual({
      outcome: 'planned',
      apiCall: `PATCH ${PATH} (uid ${UID}) (application/merge-patch+json) metadata.labels.${LABEL}=${DAY}`,
    });
    expect(await revoker.revoke(credential, 'delete', { dryRun: true, signal, now: NOW })).toEqual({
      outcome: 'planned',
      apiCall: `DELETE ${PATH} (uid ${UID})`,
    });
    expect(running.emulator.requestLog.length).toBe(before);
  });

  it('labels the Secret invalid, then deletes it, each verified by re-reading it', async () => {
    const { credential, revoker, started: running } = await target();
    const log = running.emulator.requestLog;
    const signal = new AbortController().signal;
    const context = contextOf(running);
    expect(await revoker.verify(credential, context)).toEqual({
      usable: true,
      exists: true,
      detail: `the Secret exists without ${LABEL}`,
    });

    let mark = log.length;
    const disabled = await revoker.revoke(credential, 'disable', { dryRun: false, signal, now: NOW });
    const day = DAY;
    expect(disabled).toEqual({
      outcome: 'revoked',
      apiCall: `PATCH ${PATH} (uid ${UID}) (application/merge-patch+json) metadata.labels.${LABEL}=${day}`,
    });
    expect(await revoker.verify(credential, context)).toEqual({
      usable: false,
      exists: true,
      detail: `labelled ${LABEL}=${day}`,
    });
    expect(log.slice(mark)).toEqual([
      {
        context: 'prod',
        method: 'PATCH',
        path: PATH,
        query: {},
        contentType: 'application/merge-patch+json',
        body: { metadata: { uid: UID, labels: { [LABEL]: day } } },
      },
      { context: 'prod', method: 'GET', path: PATH, query: {}, contentType: undefined, body: undefined },
    ]);
    const labelled = running.emulator.estate.clusters[0]!.secrets.find(
      (secret) => secret.metadata?.name === 'builder-token',
    );
    expect(labelled?.metadata?.labels).toEqual({ [LABEL]: day });

    mark = log.length;
    expect(await revoker.revoke(credential, 'delete', { dryRun: false, signal })).toEqual({
      outcome: 'revoked',
      apiCall: `DELETE ${PATH} (uid ${UID})`,
    });
    expect(await revoker.verify(credential, context)).toEqual({
      usable: false,
      exists: false,
      detail: '404 NotFound',
    });
    expect(log.slice(mark)).toEqual([
      {
        context: 'prod',
        method: 'DELETE',
        path: PATH,
        query: {},
        contentType: 'application/json',
        body: { preconditions: { uid: UID } },
      },
      { context: 'prod', method: 'GET', path: PATH, query: {}, contentType: undefined, body: undefined },
    ]);
    expect(await revoker.revoke(credential, 'delete', { dryRun: false, signal })).toEqual({
      outcome: 'already-revoked',
      apiCall: `DELETE ${PATH} (uid ${UID})`,
      detail: '404 NotFound',
    });
    const after = credentialsOf(await listPages(running)).map((listed) => listed.uid);
    expect(after).not.toContain(credential.uid);
    expect(after).toHaveLength(3);
  });

  it('never touches a Secret re-created under the same name: its uid precondition fails', async () => {
    const { credential, revoker, started: running } = await target();
    const secrets = running.emulator.estate.clusters[0]!.secrets;
    const recreated = secrets.find((secret) => secret.metadata?.name === 'builder-token')!;
    recreated.metadata!.uid = 'uid-someone-else';
    const signal = new AbortController().signal;
    expect(await revoker.verify(credential, contextOf(running))).toEqual({
      usable: false,
      exists: false,
      detail: `the name now holds another Secret (uid uid-someone-else, not ${UID})`,
    });
    for (const step of ['disable', 'delete'] as const) {
      const result = await revoker.revoke(credential, step, { dryRun: false, signal });
      expect([result.outcome, result.detail]).toEqual([
        'already-revoked',
        `409 Conflict: the name now holds another Secret (409: Operation cannot be fulfilled on secrets "builder-token": Precondition failed: UID in precondition: ${UID}, UID in object meta: uid-someone-else)`,
      ]);
    }
    expect(
      secrets.find((secret) => secret.metadata?.name === 'builder-token')?.metadata?.labels,
    ).toBeUndefined();
  });
});
