/**
 * Google's per-minute request quotas, as the emulator enforces them (README "Rate limits"): one
 * token bucket per (quota project, API, Read|Write). IAM v1 is a resource-based API, so it charges
 * the project named in the path; Resource Manager and Policy Analyzer charge the caller's quota
 * project (`x-goog-user-project`, else the credential's own project). The legacy shape
 * `{ requestsPerSecond, burst }` is one bucket for every request, as before per-project quotas.
 */
import type { TokenBucketLimit } from '../../../src/emulate/emulated-provider.js';
import { type ScopeUsage, scopedBuckets } from '../../../src/emulate/scoped-buckets.js';
import type { GcpEstate, GcpProjectEstate } from './estate.js';
import type { GcpService } from './types.js';

export type QuotaKind = 'Read' | 'Write';

/** Requests a minute per quota project, for each API and kind; `burstSeconds` of them at once. */
export interface GcpQuotas {
  iam: { readsPerMinute: number; writesPerMinute: number };
  cloudresourcemanager: { readsPerMinute: number; writesPerMinute: number };
  policyanalyzer: { readsPerMinute: number };
  /** A bucket holds this many seconds of its quota (60: a whole minute's worth may come at once). */
  burstSeconds: number;
}

/** What `rateLimit` takes: per-project quotas, or (legacy) one bucket shared by every request. */
export type GcpRateLimit = GcpQuotas | TokenBucketLimit;

/**
 * Google's documented defaults (README "Rate limits" cites each): IAM 6,000 reads and 600 writes
 * per project per minute; Resource Manager 600 reads and 600 writes per consumer project per
 * minute; Policy Analyzer's QueryActivity has no published figure (600 assumed).
 */
export const REAL_GCP_QUOTAS: GcpQuotas = {
  iam: { readsPerMinute: 6000, writesPerMinute: 600 },
  cloudresourcemanager: { readsPerMinute: 600, writesPerMinute: 600 },
  policyanalyzer: { readsPerMinute: 600 },
  burstSeconds: 60,
};

/** Whose quota an API's calls use: the project holding the resource, or the caller's quota project. */
export const CHARGED_TO: Readonly<Record<GcpService, 'resource project' | 'quota project'>> = {
  iam: 'resource project',
  cloudresourcemanager: 'quota project',
  policyanalyzer: 'quota project',
};

export const isLegacyLimit = (limit: GcpRateLimit): limit is TokenBucketLimit => 'requestsPerSecond' in limit;

export function perMinuteOf(quotas: GcpQuotas, service: GcpService, kind: QuotaKind): number {
  if (service === 'policyanalyzer') return quotas.policyanalyzer.readsPerMinute;
  const api = quotas[service];
  return kind === 'Read' ? api.readsPerMinute : api.writesPerMinute;
}

/** One request to charge: its API and kind, the project its path names, the header's project. */
export interface QuotaCharge {
  service: GcpService;
  kind: QuotaKind;
  /** The project segment of the path (id or number; '' or '-' when none). */
  pathProject: string;
  /** The `x-goog-user-project` header, when sent. */
  userProject: string | undefined;
}

/** A refused request: the consumer (project number) charged and the limit it was over. */
export interface QuotaRefusal {
  consumer: string;
  perMinute: number;
}

export interface QuotaLimiter {
  /** Charges one request; a refusal when its bucket is empty. */
  charge(request: QuotaCharge): QuotaRefusal | undefined;
  /** The project (id) a request is charged to. */
  quotaProjectOf(request: QuotaCharge): string;
  /** Every bucket's charges and limit so far (`PROJECT|service|Read`, or `all` for the legacy shape). */
  usage(): Record<string, ScopeUsage>;
}

export function quotaLimiter(estate: GcpEstate, limit: GcpRateLimit, now = () => Date.now()): QuotaLimiter {
  const find = (ref: string | undefined): GcpProjectEstate | undefined =>
    ref
      ? estate.projects.find((project) => project.projectId === ref || project.projectNumber === ref)
      : undefined;
  // The static token stands for one principal; its own project is the estate's first.
  const credentialProject = estate.projects[0];
  const chargedProject = (request: QuotaCharge): GcpProjectEstate | undefined =>
    CHARGED_TO[request.service] === 'resource project'
      ? (find(request.pathProject) ?? credentialProject)
      : (find(request.userProject) ?? credentialProject);
  const quotaProjectOf = (request: QuotaCharge) =>
    chargedProject(request)?.projectId ?? request.userProject ?? request.pathProject;

  const buckets = scopedBuckets(now);
  const usage = () => buckets.usage();
  if (isLegacyLimit(limit)) {
    const perMinute = Math.round(limit.requestsPerSecond * 60);
    return {
      charge: () =>
        buckets.take('all', limit)
          ? undefined
          : { consumer: credentialProject?.projectNumber ?? '0', perMinute },
      quotaProjectOf,
      usage,
    };
  }
  return {
    charge(request) {
      const project = chargedProject(request);
      const perMinute = perMinuteOf(limit, request.service, request.kind);
      const requestsPerSecond = perMinute / 60;
      const bucket = {
        requestsPerSecond,
        burst: Math.max(1, Math.floor(requestsPerSecond * limit.burstSeconds)),
      };
      const scope = `${quotaProjectOf(request)}|${request.service}|${request.kind}`;
      return buckets.take(scope, bucket) ? undefined : { consumer: project?.projectNumber ?? '0', perMinute };
    },
    quotaProjectOf,
    usage,
  };
}
