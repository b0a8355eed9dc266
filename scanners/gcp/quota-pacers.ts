/**
 * Client-side paces keyed like Google's quotas (scanners/gcp/emulator/README.md "Rate limits"): IAM
 * v1 charges each call to the project it names, so each project read gets its own pacer at
 * `requestsPerSecond`; Resource Manager and Policy Analyzer charge the caller's quota project, so
 * their calls share one pacer at `quotaProjectRequestsPerSecond` (default `requestsPerSecond`).
 * Neither given: no pacing.
 */
import { Pacer } from '../../src/core/pacer.js';
import type { GcpOptions } from './options.js';

export interface QuotaPacers {
  /** The pacer of the project an IAM request URL names (`…/projects/{project}/…`). */
  iam(url: string): Pacer | undefined;
  /** The pacer of the caller's quota project. */
  quotaProject(url: string): Pacer | undefined;
}

/** The project segment of a request URL's path; '' when it names none. */
export function projectOfUrl(url: string): string {
  return /\/projects\/([^/:?]+)/.exec(url)?.[1] ?? '';
}

export function quotaPacers(
  options: Pick<GcpOptions, 'requestsPerSecond' | 'quotaProjectRequestsPerSecond'>,
): QuotaPacers {
  const perProject = options.requestsPerSecond;
  const quotaProjectRate = options.quotaProjectRequestsPerSecond ?? perProject;
  const projectPacers = new Map<string, Pacer>();
  const shared = quotaProjectRate ? new Pacer(quotaProjectRate) : undefined;
  return {
    iam(url) {
      if (!perProject) return undefined;
      const project = projectOfUrl(url);
      let pacer = projectPacers.get(project);
      if (!pacer) {
        pacer = new Pacer(perProject);
        projectPacers.set(project, pacer);
      }
      return pacer;
    },
    quotaProject: () => shared,
  };
}
