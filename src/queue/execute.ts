/**
 * The executor. Dry-run by default: it names the exact provider call of every due step and
 * changes nothing. With `apply`, after the guards pass, it runs each step write-ahead:
 *
 *   1. commit "step started" (and its audit record) before the provider call;
 *   2. call the plugin's revoker for exactly this credential and step (retrying what it calls transient);
 *   3. re-read the provider (verify) and commit "step done" — or, when the credential is still
 *      usable, a propagation-gap finding with the step left pending — or "step failed".
 *
 * A step found `started` (the previous run stopped between 1 and 3) is verified first and only
 * called again when the provider shows it was not done: nothing is done twice, nothing is lost.
 * Requests run in parallel (p-limit per source); the steps of one request run in order.
 */

import pLimit from 'p-limit';
import { appendAudit } from '../audit/append.js';
import { addDays } from '../core/dates.js';
import type { Credential } from '../core/model.js';
import type { RevokeOptions, RevokeResult, Scanner, VerifyResult } from '../core/plugin.js';
import { redact } from '../core/redact.js';
import { raiseFinding } from '../store/findings.js';
import type { Db } from '../store/open.js';
import { latestFinishedRun } from '../store/scan-runs.js';
import {
  followingAction,
  forRequest,
  manualInstructions,
  rereadCredential,
  stepFacts,
  stepTookEffect,
} from './execute-steps.js';
import type { ExecuteOptions, ExecuteResult, StepResult } from './execute-types.js';
import { checkGuards, recordGuardRefusal } from './guards.js';
import { type DueAction, planQueue } from './plan.js';
import { GAP_OUTCOME, gapFinding } from './propagation-gap.js';
import { revokeWithRetry } from './revoke-with-retry.js';
import { ROTATION_RULE, rotationInstructions } from './rotation.js';
import { runUnderClaim } from './step-claims.js';
import { getRequest, setRequestState, updateStep } from './store.js';

/** Which of ExecuteResult's counts a step's outcome adds to. */
const COUNTED = {
  done: 'done',
  failed: 'failed',
  waiting: 'waiting',
  gap: 'gaps',
  recovered: 'recovered',
  skipped: 'skipped',
} as const;

class Executor {
  private readonly scanners = new Map<string, Scanner>();

  constructor(
    private readonly db: Db,
    private readonly options: ExecuteOptions,
  ) {}

  scanner(sourceName: string): Scanner | undefined {
    let scanner = this.scanners.get(sourceName);
    if (!scanner) {
      const source = this.options.sources.find((candidate) => candidate.name === sourceName);
      if (!source) return undefined;
      scanner = source.plugin.create(source.options, { name: source.name, baseDir: source.baseDir });
      this.scanners.set(sourceName, scanner);
    }
    return scanner;
  }

  private nowIso(): string {
    return this.options.now().toISOString();
  }

  private context() {
    return { signal: this.options.signal, asOf: this.options.now(), baseDir: '.' };
  }

  private revokeOptions(dryRun: boolean): RevokeOptions {
    return { dryRun, signal: this.options.signal, now: this.options.now() };
  }

  async describe(action: DueAction): Promise<{ apiCall: string; manual?: string }> {
    const revoker = this.scanner(action.request.source)?.revoker;
    if (action.request.rule === ROTATION_RULE && action.credential)
      return { apiCall: 'manual', manual: rotationInstructions(action.credential, action.request.id) };
    if (!revoker || !action.credential) return { apiCall: 'manual' };
    const result = await revoker.revoke(action.credential, action.step.step, this.revokeOptions(true));
    const manual = result.manualTask?.instructions;
    return { apiCall: result.apiCall, ...(manual ? { manual: forRequest(manual, action.request.id) } : {}) };
  }

  private verify(scanner: Scanner, credential: Credential): Promise<VerifyResult | undefined> {
    return rereadCredential(scanner, credential, this.context());
  }

  private finishStep(
    action: DueAction,
    apiCall: string,
    outcome: string,
    detail: string | null,
    auditAction: 'step.done' | 'step.recovered',
    extra: Record<string, unknown>,
  ): void {
    const { request, step } = action;
    const now = this.nowIso();
    this.db.transaction(() => {
      updateStep(this.db, request.id, step.ordinal, {
        state: 'done',
        apiCall,
        outcome,
        detail,
        finishedAt: now,
      });
      appendAudit(this.db, {
        time: now,
        actor: this.options.actor,
        action: auditAction,
        target: `request:${request.id}`,
        reason: `${step.step} ${request.credentialUid}`,
        payload: { ...stepFacts(action), apiCall, outcome, detail, ...extra },
      });
      const following = request.steps.find((candidate) => candidate.ordinal === step.ordinal + 1);
      if (following) {
        const notBefore = addDays(new Date(now), following.afterDays).toISOString();
        updateStep(this.db, request.id, following.ordinal, { notBefore });
      } else {
        const current = getRequest(this.db, request.id)!;
        setRequestState(this.db, current, {
          state: 'done',
          reason: `all ${request.steps.length} steps done`,
          actor: this.options.actor,
          action: 'request.done',
          now,
        });
      }
    })();
  }

  private markStarted(action: DueAction, apiCall: string): void {
    const { request, step } = action;
    const now = this.nowIso();
    this.db.transaction(() => {
      updateStep(this.db, request.id, step.ordinal, {
        state: 'started',
        apiCall,
        startedAt: now,
        incrementAttempts: true,
      });
      const current = getRequest(this.db, request.id)!;
      if (current.state === 'approved') {
        setRequestState(this.db, current, {
          state: 'in-progress',
          reason: `executing ${step.step}`,
          actor: this.options.actor,
          action: 'request.state',
          now,
        });
      }
      appendAudit(this.db, {
        time: now,
        actor: this.options.actor,
        action: 'step.started',
        target: `request:${request.id}`,
        reason: `${step.step} ${request.credentialUid}`,
        payload: { ...stepFacts(action), apiCall, attempt: step.attempts + 1 },
      });
    })();
  }

  private markFailed(action: DueAction, apiCall: string, message: string): void {
    const { request, step } = action;
    const now = this.nowIso();
    this.db.transaction(() => {
      updateStep(this.db, request.id, step.ordinal, {
        state: 'failed',
        apiCall,
        detail: message,
        finishedAt: now,
      });
      appendAudit(this.db, {
        time: now,
        actor: this.options.actor,
        action: 'step.failed',
        target: `request:${request.id}`,
        reason: message,
        payload: { ...stepFacts(action), apiCall, detail: message },
      });
    })();
  }

  private markWaiting(action: DueAction, apiCall: string, instructions: string): void {
    const { request, step } = action;
    const now = this.nowIso();
    this.db.transaction(() => {
      updateStep(this.db, request.id, step.ordinal, {
        state: 'waiting-for-human',
        apiCall,
        outcome: 'waiting-for-human',
        detail: instructions,
      });
      const current = getRequest(this.db, request.id)!;
      setRequestState(this.db, current, {
        state: 'waiting-for-human',
        reason: `manual ${step.step}: ${instructions}`,
        actor: this.options.actor,
        action: 'step.waiting-for-human',
        now,
        payload: { step: step.step, ordinal: step.ordinal, apiCall },
      });
    })();
  }

  private markGap(action: DueAction, apiCall: string, outcome: string, verify: VerifyResult): void {
    const { request, step } = action;
    const now = this.nowIso();
    const runId = latestFinishedRun(this.db)?.id;
    this.db.transaction(() => {
      updateStep(this.db, request.id, step.ordinal, {
        state: 'pending',
        apiCall,
        outcome: GAP_OUTCOME,
        detail: verify.detail ?? 'still usable',
      });
      appendAudit(this.db, {
        time: now,
        actor: this.options.actor,
        action: 'step.propagation-gap',
        target: `request:${request.id}`,
        reason: `${apiCall} reported ${outcome}, but a re-read shows the credential still usable: ${verify.detail ?? ''}`,
        payload: { ...stepFacts(action), apiCall, outcome, verify: { ...verify } },
      });
      if (runId !== undefined) {
        raiseFinding(
          this.db,
          runId,
          gapFinding(this.db, request, { step: step.step, apiCall, detail: verify.detail ?? null }),
          now,
        );
      }
    })();
  }

  /** Runs one step to a recorded end. Never throws for provider trouble: that is a failed step. */
  async runStep(action: DueAction): Promise<StepResult | 'recovered'> {
    const { request, step, credential } = action;
    const scanner = this.scanner(request.source);
    if (!credential) {
      this.markFailed(action, 'none', `credential ${request.credentialUid} is not in the inventory`);
      return 'failed';
    }
    if (!scanner) {
      this.markFailed(action, 'none', `source ${request.source} is no longer configured`);
      return 'failed';
    }
    const revoker = scanner.revoker;
    if (!revoker || step.step === 'manual') {
      const instructions = manualInstructions(request, credential);
      if (revoker && request.rule !== ROTATION_RULE) {
        const result = await revoker.revoke(credential, step.step, {
          dryRun: false,
          signal: this.options.signal,
          now: this.options.now(),
        });
        const told = result.manualTask
          ? forRequest(result.manualTask.instructions, request.id)
          : instructions;
        this.markWaiting(action, result.apiCall, told);
        this.options.onEvent?.({ type: 'waiting', action, instructions: told });
      } else {
        this.markWaiting(action, 'manual', instructions);
        this.options.onEvent?.({ type: 'waiting', action, instructions });
      }
      return 'waiting';
    }
    const { apiCall } = await this.describe(action);
    if (action.recovering) {
      const reread = await this.verify(scanner, credential);
      if (reread && stepTookEffect(step.step, reread) === true) {
        this.finishStep(action, apiCall, 'verified-after-restart', reread.detail ?? null, 'step.recovered', {
          verify: { ...reread },
        });
        this.options.onEvent?.({ type: 'recovered', action, detail: reread.detail ?? '' });
        return 'recovered';
      }
    }
    this.markStarted(action, apiCall);
    this.options.onEvent?.({ type: 'started', action, apiCall });
    let result: RevokeResult;
    try {
      result = await revokeWithRetry(
        revoker,
        credential,
        step.step,
        this.revokeOptions(false),
        this.options.retryDelaysMs,
      );
    } catch (error) {
      if (this.options.signal.aborted) throw error;
      const message = redact(error instanceof Error ? error.message : String(error));
      this.markFailed(action, apiCall, message);
      this.options.onEvent?.({ type: 'failed', action, error: message });
      return 'failed';
    }
    if (result.outcome === 'waiting-for-human') {
      const instructions = forRequest(
        result.manualTask?.instructions ??
          'act by hand, then run `nhiscan queue confirm ID --by WHO --reason TEXT`',
        request.id,
      );
      this.markWaiting(action, result.apiCall, instructions);
      this.options.onEvent?.({ type: 'waiting', action, instructions });
      return 'waiting';
    }
    const reread = await this.verify(scanner, credential);
    if (reread && reread.usable === true) {
      this.markGap(action, result.apiCall, result.outcome, reread);
      this.options.onEvent?.({ type: 'gap', action, apiCall: result.apiCall, verify: reread });
      return 'gap';
    }
    this.finishStep(
      action,
      result.apiCall,
      result.outcome,
      result.detail ?? reread?.detail ?? null,
      'step.done',
      {
        ...(reread ? { verify: { ...reread } } : {}),
      },
    );
    this.options.onEvent?.({
      type: 'done',
      action,
      apiCall: result.apiCall,
      outcome: result.outcome,
      verify: reread,
    });
    return 'done';
  }
}

export async function executeQueue(db: Db, options: ExecuteOptions): Promise<ExecuteResult> {
  const plan = planQueue(db, options.now(), { announce: options.settings.announce });
  const actions = options.max === undefined ? plan.due : plan.due.slice(0, options.max);
  const guards = checkGuards(db, {
    now: options.now(),
    maxAgeHours: options.settings.maxAgeHours,
    hrChangeGuardPercent: options.settings.hrChangeGuardPercent,
    hrChangeGuardMinPeople: options.settings.hrChangeGuardMinPeople,
    maxPerRun: options.settings.maxPerRun,
    actions: actions.length,
  });
  const refused = guards.some((verdict) => !verdict.ok);
  const counts = { done: 0, failed: 0, waiting: 0, gaps: 0, recovered: 0, skipped: 0 };
  const executor = new Executor(db, options);
  const result: ExecuteResult = { plan, actions, guards, refused, applied: false, counts };

  if (!options.apply || refused) {
    for (const action of actions) {
      const described = await executor.describe(action);
      options.onEvent?.({ type: 'planned', action, ...described });
    }
    if (options.apply && refused)
      recordGuardRefusal(db, { time: options.now(), actor: options.actor, guards, actions: actions.length });
    return result;
  }

  result.applied = true;
  // One concurrency limit per source: its provider's rate limits are its own.
  const limits = new Map(actions.map((action) => [action.request.source, pLimit(options.concurrency ?? 4)]));
  const tally = (outcome: StepResult | 'recovered' | 'skipped') => counts[COUNTED[outcome]]++;
  await Promise.all(
    actions.map((first) =>
      limits.get(first.request.source)!(async () => {
        let action: DueAction | undefined = first;
        while (action) {
          const outcome = await runUnderClaim(
            db,
            action,
            (claimed) => executor.runStep(claimed),
            (skipped) => options.onEvent?.({ type: 'skipped', ...skipped }),
          );
          tally(outcome);
          if (outcome !== 'done' && outcome !== 'recovered') break;
          const next = followingAction(db, action.request, action.step, options.now());
          action = next ? { ...next, credential: action.credential } : undefined;
        }
      }),
    ),
  );
  return result;
}
