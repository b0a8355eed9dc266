/** Marker/MaxItems (IAM) and NextToken/MaxResults (Organizations) paging over an in-memory list. */
import { AwsApiError, validationError } from './errors.js';

export interface Page<T> {
  items: T[];
  /** Set when more items follow. */
  next?: string;
}

const encode = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');

function decode(token: string | undefined, invalid: () => AwsApiError): number {
  if (token === undefined || token === '') return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match) throw invalid();
  return Number(match[1]);
}

function parseSize(
  raw: string | undefined,
  fallback: number,
  max: number,
  invalid: () => AwsApiError,
): number {
  if (raw === undefined || raw === '') return fallback;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > max) throw invalid();
  return size;
}

export function pageOf<T>(
  items: T[],
  token: string | undefined,
  size: number,
  invalid: () => AwsApiError,
): Page<T> {
  const offset = decode(token, invalid);
  const end = offset + size;
  return end < items.length
    ? { items: items.slice(offset, end), next: encode(end) }
    : { items: items.slice(offset) };
}

/** IAM: MaxItems 1..1000 (default 100), Marker from the previous page. */
export function iamPage<T>(items: T[], params: Record<string, string>): Page<T> {
  const size = parseSize(params.MaxItems, 100, 1000, () => validationError('Invalid MaxItems'));
  return pageOf(items, params.Marker, size, () => validationError('Invalid Marker'));
}

/** The Marker/IsTruncated fields of an IAM list result. */
export function iamPaging(page: Page<unknown>): { IsTruncated: boolean; Marker?: string } {
  return page.next === undefined ? { IsTruncated: false } : { IsTruncated: true, Marker: page.next };
}

/** Organizations: MaxResults 1..20 (default 20), NextToken from the previous page. */
export function organizationsPage<T>(items: T[], nextToken: unknown, maxResults: unknown): Page<T> {
  const invalid = () => new AwsApiError('InvalidInputException', 400, 'Invalid NextToken or MaxResults');
  if (nextToken !== undefined && typeof nextToken !== 'string') throw invalid();
  const size = parseSize(maxResults === undefined ? undefined : String(maxResults), 20, 20, invalid);
  return pageOf(items, nextToken, size, invalid);
}
