/**
 * The AWS Query protocol's XML: one generic serializer for results typed with the SDK's own output
 * types (lists as <member>, dates ISO 8601, booleans true/false), and the ErrorResponse document.
 */
import type { AwsApiError } from './errors.js';

export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';
export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`,
  );
}

/** The children of one element: scalars as text, arrays as <member>, objects as named children. */
export function xmlContent(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map((item) => `<member>${xmlContent(item)}</member>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, child]) => child !== undefined)
      .map(([name, child]) => `<${name}>${xmlContent(child)}</${name}>`)
      .join('');
  }
  if (typeof value === 'string') return escapeXml(value);
  return String(value);
}

/** `<{Action}Response><{Action}Result>…</{Action}Result><ResponseMetadata>…`; no Result when `result` is undefined. */
export function queryResponseXml<T extends object>(
  action: string,
  namespace: string,
  result: T | undefined,
  requestId: string,
): string {
  const body = result === undefined ? '' : `<${action}Result>${xmlContent(result)}</${action}Result>`;
  return (
    `<${action}Response xmlns="${namespace}">${body}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

export function queryErrorXml(error: AwsApiError, namespace: string, requestId: string): string {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return (
    `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}
