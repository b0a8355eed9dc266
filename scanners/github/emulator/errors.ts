/** One error type for everything the REST side refuses, rendered as GitHub's `basic-error` JSON. */
import type { components } from '@octokit/openapi-types-ghec';

export type BasicError = components['schemas']['basic-error'];
export type ValidationError = components['schemas']['validation-error'];

export const DOCS = 'https://docs.github.com';
export const RATE_LIMIT_DOCS = `${DOCS}/rest/overview/rate-limits-for-the-rest-api`;

export class GithubApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly documentationUrl: string = `${DOCS}/rest`,
    readonly headers: Record<string, string> = {},
    readonly errors?: ValidationError['errors'],
  ) {
    super(message);
    this.name = 'GithubApiError';
  }

  /** The JSON body GitHub sends: message, documentation_url and (since 2023) status as a string. */
  body(): BasicError | ValidationError {
    const base = { message: this.message, documentation_url: this.documentationUrl };
    if (this.errors) return { ...base, errors: this.errors } satisfies ValidationError;
    return { ...base, status: String(this.status) } satisfies BasicError;
  }
}

export const badCredentials = () => new GithubApiError(401, 'Bad credentials', `${DOCS}/rest`);
export const notFound = (documentationUrl?: string) => new GithubApiError(404, 'Not Found', documentationUrl);
export const validationFailed = (documentationUrl: string, errors: NonNullable<ValidationError['errors']>) =>
  new GithubApiError(422, 'Validation Failed', documentationUrl, {}, errors);
export const serverError = (status: number) =>
  new GithubApiError(status, status === 503 ? 'Service Unavailable' : 'Server Error', `${DOCS}/rest`);
