/**
 * What could not be read in one organization, turned into partial pages: "could not look" is a
 * scope and a reason, never an empty list. Budget exhaustion names the budget and what it left.
 */
import type { PartialMark, ScanPage } from '../../src/core/plugin.js';
import { isBudgetExceeded, type RequestBudget } from './budget.js';
import { describeGithubError } from './errors.js';
import type { GithubScan } from './scan.js';

export function budgetReason(budget: RequestBudget, detail: string): string {
  return `request budget ${budget.limit} reached after ${budget.used} requests (${detail}); raise requestBudget or scan fewer orgs`;
}

/** A page, with the first problem as its partial mark and one more page per further problem. */
export function* withProblems(page: Omit<ScanPage, 'partial'>, problems: Problems): Generator<ScanPage> {
  const marks = problems.take();
  yield { ...page, ...(marks[0] ? { partial: marks[0] } : {}) };
  for (const extra of marks.slice(1)) yield { credentials: [], principals: [], partial: extra };
}

/** What could not be read, collected until the next page is yielded. */
export class Problems {
  private marks: PartialMark[] = [];
  constructor(private readonly scan: GithubScan) {}

  /** A failed call; a cancelled scan rethrows instead. `budgetDetail` says what the budget left unread. */
  add(scope: string, error: unknown, budgetDetail = 'not read'): void {
    if (this.scan.signal.aborted) throw error;
    this.marks.push({
      scope,
      reason: isBudgetExceeded(error)
        ? budgetReason(this.scan.budget, budgetDetail)
        : describeGithubError(error),
    });
  }

  /** A failure explained beyond the error itself. */
  explained(scope: string, error: unknown, explanation: string): void {
    if (this.scan.signal.aborted) throw error;
    this.marks.push({ scope, reason: `${describeGithubError(error)}; ${explanation}` });
  }

  budget(scope: string, detail: string): void {
    this.marks.push({ scope, reason: budgetReason(this.scan.budget, detail) });
  }

  get size(): number {
    return this.marks.length;
  }

  take(): PartialMark[] {
    return this.marks.splice(0);
  }
}
