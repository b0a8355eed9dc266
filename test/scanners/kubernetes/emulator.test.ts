/**
 * The Kubernetes emulator answers the client as the API server would: every patch type the client
 * may send, per-namespace listing with the type field selector, paging, and the errors of a bad
 * continue token or an unsupported field selector.
 */
import { PatchStrategy } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { callOptions, contextClients } from '../../../scanners/kubernetes/clients.js';
import { statusOf } from '../../../scanners/kubernetes/errors.js';
import { twoClusterEstate } from './estate.js';
import { type StartedKubernetes, startKubernetes } from './start.js';

const signal = () => new AbortController().signal;

describe('kubernetes emulator', () => {
  let started: StartedKubernetes | undefined;
  afterEach(async () => {
    await started?.close();
    started = undefined;
  });

  async function prod() {
    started = await startKubernetes(twoClusterEstate());
    return contextClients(started.kubeconfig, 'prod').core;
  }

  it('applies a JSON patch and a strategic merge patch to a Secret’s labels', async () => {
    const core = await prod();
    const patched = await core.patchNamespacedSecret(
      {
        namespace: 'ci',
        name: 'builder-token',
        body: [{ op: 'add', path: '/metadata/labels', value: { team: 'ci' } }],
      },
      callOptions(signal(), PatchStrategy.JsonPatch),
    );
    expect(patched.metadata?.labels).toEqual({ team: 'ci' });
    const merged = await core.patchNamespacedSecret(
      {
        namespace: 'ci',
        name: 'builder-token',
        body: { metadata: { labels: { team: null, tier: 'build' } } },
      },
      callOptions(signal(), PatchStrategy.StrategicMergePatch),
    );
    expect(merged.metadata?.labels).toEqual({ tier: 'build' });
    expect(started!.emulator.requestLog.map((entry) => entry.contentType)).toEqual([
      'application/json-patch+json',
      'application/strategic-merge-patch+json',
    ]);
  });

  it('lists one namespace’s token Secrets through pages, and refuses a bad continue or selector', async () => {
    const core = await prod();
    const fieldSelector = 'type=kubernetes.io/service-account-token';
    const first = await core.listNamespacedSecret({ namespace: 'ci', fieldSelector, limit: 1 });
    expect(first.items.map((secret) => secret.metadata?.name)).toEqual(['builder-token']);
    expect(first.metadata?.remainingItemCount).toBe(1);
    const second = await core.listNamespacedSecret({
      namespace: 'ci',
      fieldSelector,
      limit: 1,
      _continue: first.metadata!._continue!,
    });
    expect(second.items.map((secret) => secret.metadata?.name)).toEqual(['deployer-token']);
    expect(second.metadata?._continue).toBeUndefined();
    const otherList = core.listSecretForAllNamespaces({ limit: 1, _continue: first.metadata!._continue! });
    await expect(otherList.catch(statusOf)).resolves.toBe(410);
    const badSelector = core.listSecretForAllNamespaces({ fieldSelector: 'metadata.name=x' });
    await expect(badSelector.catch(statusOf)).resolves.toBe(400);
  });
});
