/**
 * Claims on revocation steps, so that two executors running at once never take the same step.
 *
 * On PostgreSQL a claim is a session advisory lock keyed by (request, step), taken with
 * pg_try_advisory_lock: an executor never waits for a step another one holds, it leaves it (as
 * `FOR UPDATE SKIP LOCKED` leaves a locked row). The lock is held across the provider call and
 * released when the step's outcome has committed, or by PostgreSQL itself when the process dies
 * (its connection closes): a SIGKILLed executor's step is free at once, `started`, and the next
 * executor verifies it before calling anything. A row lock would need a transaction open across
 * the provider call, which would hold the store's write lock (postgres/database.ts) for as long.
 *
 * After claiming, the executor re-reads the request (`stillAsPlanned`): a step another executor
 * finished, or a request a scan cancelled or a reviewer rejected, since the plan was made is left.
 *
 * On SQLite a claim only keeps one process's executor from taking a step twice: SQLite has no lock
 * that ends with the process holding it, so concurrent executors need the PostgreSQL store.
 */
import { type Db, sqliteOf } from '../store/engine.js';
import type { DueAction } from './plan.js';
import { getRequest } from './store.js';

export interface StepClaim {
  release(): void;
}

/** The advisory lock space of step claims: 'nh' in the top 16 bits, then request id and ordinal. */
const CLAIM_SPACE = 0x6e68n << 48n;

const heldHere = new WeakMap<Db, Set<string>>();

/** A claim on the step, or undefined when another executor holds it. */
export function claimStep(db: Db, requestId: number, ordinal: number): StepClaim | undefined {
  const key = (CLAIM_SPACE + (BigInt(requestId) << 8n) + BigInt(ordinal)).toString();
  let held = heldHere.get(db);
  if (!held) {
    held = new Set();
    heldHere.set(db, held);
  }
  if (held.has(key)) return undefined;
  if (!sqliteOf(db) && db.prepare('SELECT pg_try_advisory_lock(?)').pluck().get(key) !== 1) return undefined;
  held.add(key);
  return {
    release: () => {
      if (!held.delete(key)) return;
      if (!sqliteOf(db) && db.open) db.prepare('SELECT pg_advisory_unlock(?)').pluck().get(key);
    },
  };
}

/**
 * The action as the store has it now, when its request and step are still as the plan saw them;
 * undefined when anything changed (another executor, a scan, a reviewer got there first).
 */
export function stillAsPlanned(db: Db, action: DueAction): DueAction | undefined {
  const current = getRequest(db, action.request.id);
  const step = current?.steps.find((candidate) => candidate.ordinal === action.step.ordinal);
  if (!current || !step) return undefined;
  if (current.state !== action.request.state || current.updatedAt !== action.request.updatedAt)
    return undefined;
  if (step.state !== action.step.state || step.attempts !== action.step.attempts) return undefined;
  return { ...action, request: current, step };
}

/**
 * Runs the planned step under a claim; 'skipped' (and `onSkipped`) when another executor holds it
 * or got there first. The claim is released once `run` has recorded the step's outcome.
 */
export async function runUnderClaim<T>(
  db: Db,
  planned: DueAction,
  run: (action: DueAction) => Promise<T>,
  onSkipped: (skipped: { action: DueAction; reason: string }) => void,
): Promise<T | 'skipped'> {
  const claim = claimStep(db, planned.request.id, planned.step.ordinal);
  if (!claim) {
    onSkipped({ action: planned, reason: 'another executor holds this step' });
    return 'skipped';
  }
  try {
    const action = stillAsPlanned(db, planned);
    if (!action) {
      onSkipped({ action: planned, reason: 'the request changed since the plan was made' });
      return 'skipped';
    }
    return await run(action);
  } finally {
    claim.release();
  }
}
