/**
 * Reading GitLab errors as the official client throws them (GitbeakerRequestError, whose `cause`
 * holds the response), naming a failed call and judging one: which errors a later attempt may get
 * past. Never a match on message text.
 */
import { GitbeakerRequestError } from '@gitbeaker/rest';
import { errorChain, isConnectionFailure } from '../../src/core/error-chain.js';
import { ProviderError } from '../../src/core/errors.js';
import { redact } from '../../src/core/redact.js';
import { RateLimited } from './requester.js';

/** The HTTP status of a failed call; undefined when no answer arrived. */
export function statusOf(error: unknown): number | undefined {
  for (const link of errorChain(error)) {
    if (link instanceof GitbeakerRequestError) return link.cause?.response.status;
  }
  return undefined;
}

/** One line for a failed call: `403: 403 Forbidden`, or the error's message. */
export function describeGitlabError(error: unknown): string {
  const status = statusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return redact(status !== undefined ? `${status}: ${message || 'no message'}` : message);
}

export const isNotFound = (error: unknown): boolean => statusOf(error) === 404;

/** 429 (after the transport's own retries), a 5xx, or a dropped connection: worth another attempt. */
export function isTransient(error: unknown): boolean {
  for (const link of errorChain(error)) {
    if (link instanceof RateLimited) return true;
    const status = link instanceof GitbeakerRequestError ? link.cause?.response.status : undefined;
    if (status !== undefined && (status === 429 || status >= 500)) return true;
  }
  return isConnectionFailure(error);
}

export function gitlabFailure(operation: string, error: unknown): ProviderError {
  return new ProviderError('gitlab', operation, describeGitlabError(error), { cause: error });
}
