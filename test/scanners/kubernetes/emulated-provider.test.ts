/**
 * The Kubernetes emulator as `nhiscan demo`, `emulate` and the benchmarks start it: from an estate
 * read back from JSON (dates as strings), through the kubeconfig and source it writes, and with
 * API Priority and Fairness's 429 once a cluster's seats are taken.
 */
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { contextClients } from '../../../scanners/kubernetes/clients.js';
import { emulatedProvider } from '../../../scanners/kubernetes/emulator/provider.js';
import { startKubernetesEmulator } from '../../../scanners/kubernetes/emulator/server.js';
import { statusOf } from '../../../scanners/kubernetes/errors.js';
import { plugin } from '../../../scanners/kubernetes/index.js';
import type { StartedEmulator } from '../../../src/emulate/emulated-provider.js';
import { twoClusterEstate } from './estate.js';
import { AS_OF } from './support.js';

const asEstateFile = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('the kubernetes emulated provider', () => {
  let started: StartedEmulator | undefined;
  afterEach(async () => {
    await started?.close();
    started = undefined;
  });

  it('serves an estate read from JSON through the kubeconfig and source it writes, and removes them on close', async () => {
    started = await emulatedProvider.start(asEstateFile(twoClusterEstate()), { port: () => 0, latencyMs: 0 });
    expect(started.sources).toHaveLength(1);
    const source = started.sources[0] as {
      type: string;
      name: string;
      kubeconfig: string;
      contexts: string[];
    };
    expect(source).toMatchObject({ type: 'kubernetes', name: 'kubernetes', contexts: ['prod', 'staging'] });
    expect(started.endpoints.kubernetes).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(started.env).toEqual({});

    const scanner = plugin.create(
      plugin.optionsSchema.parse({ kubeconfig: source.kubeconfig, contexts: source.contexts }),
      {
        name: 'kubernetes',
      },
    );
    const uids: string[] = [];
    const created: (string | null)[] = [];
    for await (const page of scanner.list({
      signal: new AbortController().signal,
      asOf: AS_OF,
      baseDir: '.',
    }))
      for (const credential of page.credentials) {
        uids.push(credential.uid);
        created.push(credential.createdAt);
      }
    expect(uids.sort()).toEqual([
      'kubernetes:prod:service-account-token:ci/builder-token',
      'kubernetes:prod:service-account-token:ci/deployer-token',
      'kubernetes:prod:service-account-token:monitoring/reader-token',
      'kubernetes:staging:service-account-token:default/app-token',
    ]);
    // Dates from the JSON estate are served as the API server writes them, and read back as dates.
    expect(new Set(created)).toEqual(new Set(['2025-03-01T10:00:00.000Z']));
    // Per context: four RBAC lists, the service accounts, the pods, the token Secrets (one page each).
    expect(started.traffic()).toEqual({ requests: 14, throttled: 0 });

    await started.close();
    started = undefined;
    expect(existsSync(source.kubeconfig)).toBe(false);
  });

  it('answers 429 TooManyRequests with Retry-After: 1 once a cluster’s seats are taken', async () => {
    const emulator = await startKubernetesEmulator(twoClusterEstate(), { rateLimit: { seats: 0 } });
    try {
      const { writeKubeconfig } = await import('../../../scanners/kubernetes/emulator/kubeconfig.js');
      const { temporaryDirectory } = await import('../../support/temporary-directory.js');
      const dir = temporaryDirectory('nhiscan-kubernetes-');
      try {
        const core = contextClients(writeKubeconfig(emulator, dir.path), 'prod').core;
        const error = await core.listSecretForAllNamespaces({ limit: 1 }).catch((caught: unknown) => caught);
        expect(statusOf(error)).toBe(429);
        expect(JSON.parse((error as { body: string }).body)).toMatchObject({
          kind: 'Status',
          reason: 'TooManyRequests',
          code: 429,
          details: { retryAfterSeconds: 1 },
        });
        expect((error as { headers: Record<string, string> }).headers['retry-after']).toBe('1');
        expect(
          plugin
            .create(plugin.optionsSchema.parse({ contexts: ['prod'], kubeconfig: 'x' }), { name: 'k' })
            .revoker.isTransient(error),
        ).toBe(true);
        expect(emulator.throttled()).toBe(1);
      } finally {
        dir.remove();
      }
    } finally {
      await emulator.close();
    }
  });
});
