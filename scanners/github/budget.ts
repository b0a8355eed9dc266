/**
 * The request budget of one scan. Every HTTP request is counted, retries and GitHub App token
 * requests included, by an Octokit plugin placed innermost (just outside auth): when the next
 * request would exceed the budget it is not sent and BudgetExceededError is thrown instead, which
 * neither the retry nor the throttling plugin retries.
 */
import type { Octokit } from '@octokit/core';

export class RequestBudget {
  used = 0;
  constructor(readonly limit: number) {}

  get exhausted(): boolean {
    return this.used >= this.limit;
  }

  /** Counts one request, or throws when it would exceed the budget. */
  take(request: string): void {
    if (this.used >= this.limit) throw new BudgetExceededError(this.limit, request);
    this.used += 1;
  }
}

export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
  /** Shaped so that plugin-retry and plugin-throttling see a failure they must not retry. */
  readonly request = {};
  readonly response = { headers: {}, data: {} };
  constructor(
    readonly limit: number,
    readonly refused: string,
  ) {
    super(`request budget ${limit} reached; ${refused} was not sent`);
  }
}

export function isBudgetExceeded(error: unknown): error is BudgetExceededError {
  return error instanceof BudgetExceededError;
}

/** An Octokit plugin counting every request against `budget`; list it first in Octokit.plugin(…). */
export function requestBudgetPlugin(budget: RequestBudget) {
  return (octokit: Octokit) => {
    octokit.hook.wrap('request', (request, options) => {
      budget.take(`${options.method} ${options.url}`);
      return request(options);
    });
  };
}
