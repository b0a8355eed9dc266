/**
 * Runs a decision in one transaction. When governance refuses it, the transaction rolls back (the
 * decision changed nothing) and the refusal is then committed as its own `decision.refused`
 * audit record before the error goes on to the caller (exit 2).
 */
import type { Db } from '../store/open.js';
import { isDecisionRefused, recordRefusal } from './refusal.js';

export function governed<T>(
  db: Db,
  input: { by: string; now: string },
  decision: string,
  target: string | null,
  work: () => T,
): T {
  try {
    return db.transaction(work)();
  } catch (error) {
    if (isDecisionRefused(error))
      recordRefusal(db, { time: input.now, given: input.by, decision, target, error });
    throw error;
  }
}
