/** What `executeQueue` takes, reports as it goes, and returns (src/queue/execute.ts). */
import type { LoadedConfig, SourceConfig } from '../config/load.js';
import type { VerifyResult } from '../core/plugin.js';
import type { GuardVerdict } from './guards.js';
import type { AnnounceGate, DueAction, QueuePlan } from './plan.js';

export interface ExecuteOptions {
  apply: boolean;
  /** Take at most this many actions this run. */
  max?: number;
  /** Who runs the executor (audit actor). */
  actor: string;
  now: () => Date;
  sources: readonly SourceConfig[];
  settings: {
    maxAgeHours: number;
    hrChangeGuardPercent: number;
    /** The hr-change guard's floor (revocation.hrChangeGuardMinPeople); 3 when not given. */
    hrChangeGuardMinPeople?: number;
    maxPerRun: number;
    /**
     * Announce, then act: the gate that holds requests until their notice allows (src/notify/gate.ts's
     * announceVerdict, given when notifications are configured); absent, nothing waits for a notice.
     */
    announce?: AnnounceGate;
  };
  signal: AbortSignal;
  /** Concurrent requests per source. */
  concurrency?: number;
  /** Backoff between attempts at a transient provider error (ms); tests shorten it. */
  retryDelaysMs?: readonly number[];
  onEvent?: (event: ExecutorEvent) => void;
}

export type ExecutorEvent =
  | { type: 'planned'; action: DueAction; apiCall: string; manual?: string }
  | { type: 'started'; action: DueAction; apiCall: string }
  | { type: 'recovered'; action: DueAction; detail: string }
  | { type: 'done'; action: DueAction; apiCall: string; outcome: string; verify?: VerifyResult }
  | { type: 'waiting'; action: DueAction; instructions: string }
  | { type: 'gap'; action: DueAction; apiCall: string; verify: VerifyResult }
  | { type: 'failed'; action: DueAction; error: string }
  /** Left to another executor: it holds the step, or changed the request since the plan. */
  | { type: 'skipped'; action: DueAction; reason: string };

export interface ExecuteResult {
  plan: QueuePlan;
  /** The due actions this run took (after --max), in order. */
  actions: DueAction[];
  guards: GuardVerdict[];
  refused: boolean;
  applied: boolean;
  /** `skipped`: steps another executor held or had already moved on (concurrent executors). */
  counts: { done: number; failed: number; waiting: number; gaps: number; recovered: number; skipped: number };
}

export type StepResult = 'done' | 'failed' | 'waiting' | 'gap';

/**
 * The guard settings of a loaded config. `announce` is the notify gate (`announceVerdict` of
 * src/notify): it applies when the config has a notifications block. The caller passes it in, so
 * the queue never imports notify.
 */
export function guardSettings(
  config: Pick<LoadedConfig, 'hr' | 'revocation' | 'notifications'>,
  announce: AnnounceGate,
): ExecuteOptions['settings'] {
  return {
    maxAgeHours: config.hr.maxAgeHours,
    hrChangeGuardPercent: config.revocation.hrChangeGuardPercent,
    hrChangeGuardMinPeople: config.revocation.hrChangeGuardMinPeople,
    maxPerRun: config.revocation.maxPerRun,
    ...(config.notifications !== undefined ? { announce } : {}),
  };
}
