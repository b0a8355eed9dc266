/**
 * The GCP scanner reads projects in parallel (projectConcurrency), each project's independent reads
 * at once, and paces each quota scope on its own: IAM per project read, Resource Manager and Policy
 * Analyzer on the caller's quota project. Paced at the emulator's quotas, nothing is throttled.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type GcpEmulator, type GcpQuotas, startGcpEmulator } from '../../../scanners/gcp/emulator/index.js';
import { twoProjectEstate } from './estate.js';
import { list } from './run-scanner.js';

const PROJECTS = ['acme-prod', 'acme-dev'];
/** The reads each project starts before any answer: its policy, its keys' last use, its first accounts page. */
const OPENING = ['activities.query', 'projects.getIamPolicy', 'serviceAccounts.list'];

const entries = (emulator: GcpEmulator) =>
  emulator.requestLog.map((entry) => `${entry.project} ${entry.operation}`);

describe('gcp scanner in parallel', () => {
  let emulator: GcpEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('starts every project’s independent reads before any is answered', async () => {
    // The latency only keeps answers back while the openings go out: nothing waits on it.
    emulator = await startGcpEmulator({ estate: twoProjectEstate(), latencyMs: 200 });
    const listed = await list(emulator, { projectConcurrency: 2 });
    expect(listed.partial).toHaveLength(0);
    expect(entries(emulator).slice(0, 6).sort()).toEqual(
      PROJECTS.flatMap((project) => OPENING.map((operation) => `${project} ${operation}`)).sort(),
    );
  });

  it('reads one project after the other with projectConcurrency 1', async () => {
    emulator = await startGcpEmulator({ estate: twoProjectEstate() });
    await list(emulator, { projectConcurrency: 1 });
    const projects = emulator.requestLog.map((entry) => entry.project);
    const lastProd = projects.lastIndexOf('acme-prod');
    const firstDev = projects.indexOf('acme-dev');
    expect(firstDev).toBeGreaterThan(lastProd);
    expect(projects.slice(0, 3).sort()).toEqual(['acme-prod', 'acme-prod', 'acme-prod']);
  });

  it('paces IAM per project and the quota project’s calls together: 0 throttled at the quotas', async () => {
    const quotas: GcpQuotas = {
      iam: { readsPerMinute: 600, writesPerMinute: 600 },
      cloudresourcemanager: { readsPerMinute: 240, writesPerMinute: 240 },
      policyanalyzer: { readsPerMinute: 240 },
      burstSeconds: 1,
    };
    emulator = await startGcpEmulator({ estate: twoProjectEstate(), rateLimit: quotas });
    const listed = await list(emulator, {
      projectConcurrency: 2,
      concurrency: 8,
      requestsPerSecond: 10,
      quotaProjectRequestsPerSecond: 4,
    });
    expect(listed.partial).toHaveLength(0);
    expect(listed.credentials).toHaveLength(7);
    expect(emulator.throttledCount).toBe(0);
    expect(
      emulator.requestLog.filter((entry) => entry.status !== 200).map((entry) => entry.operation),
    ).toEqual([
      'activities.query', // acme-dev denies Policy Analyzer: last use unknown there, and said so
    ]);
    // Both projects' IAM quotas were used side by side, not one after the other.
    const projects = emulator.requestLog
      .filter((entry) => entry.service === 'iam')
      .map((entry) => entry.project);
    expect(projects.indexOf('acme-dev')).toBeLessThan(projects.lastIndexOf('acme-prod'));
  });
});
