/**
 * Checks an AWS Signature Version 4 `Authorization` header against the raw request, computed here
 * independently of the SDK's signer (so a signer quirk is not hidden by checking it with itself).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { AwsApiError } from './errors.js';

export interface ParsedAuthorization {
  accessKeyId: string;
  /** yyyymmdd */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256\s+Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;._-]+),\s*Signature=([0-9a-f]{64})$/;

export function parseAuthorization(header: string | undefined): ParsedAuthorization {
  if (!header)
    throw new AwsApiError('MissingAuthenticationToken', 403, 'Request is missing Authentication Token');
  const match = AUTHORIZATION.exec(header.trim());
  if (!match)
    throw new AwsApiError('IncompleteSignature', 400, 'Authorization header is not a valid SigV4 header');
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match as unknown as string[];
  return {
    accessKeyId: accessKeyId!,
    date: date!,
    region: region!,
    service: service!,
    signedHeaders: signedHeaders!.split(';'),
    signature: signature!,
  };
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const uriEncode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function canonicalPath(rawPath: string): string {
  // Non-S3 services encode the path as sent once more (so an encoded path ends up double-encoded).
  return rawPath === '' ? '/' : uriEncode(rawPath).replace(/%2F/g, '/');
}

function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return '';
  return rawQuery
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const [key = '', value = ''] = pair.split(/=(.*)/s);
      const decode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
      return [uriEncode(decode(key)), uriEncode(decode(value))] as const;
    })
    .filter(([key]) => key !== 'X-Amz-Signature')
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined.trim().replace(/\s+/g, ' ');
}

export interface SignedRequest {
  method: string;
  /** The request target as received: path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** The signature the request should carry if signed with `secretAccessKey`. */
export function expectedSignature(
  request: SignedRequest,
  auth: ParsedAuthorization,
  secretAccessKey: string,
): string {
  const amzDate = headerValue(request.headers, 'x-amz-date');
  const [rawPath = '/', rawQuery = ''] = request.url.split(/\?(.*)/s);
  const canonicalRequest = [
    request.method,
    canonicalPath(rawPath),
    canonicalQuery(rawQuery),
    ...auth.signedHeaders.map((name) => `${name}:${headerValue(request.headers, name)}`),
    '',
    auth.signedHeaders.join(';'),
    sha256Hex(request.body),
  ].join('\n');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${secretAccessKey}`, auth.date);
  for (const part of [auth.region, auth.service, 'aws4_request']) key = hmac(key, part);
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

/** Throws SignatureDoesNotMatch unless the request carries the signature `secretAccessKey` gives. */
export function verifySignature(
  request: SignedRequest,
  auth: ParsedAuthorization,
  secretAccessKey: string,
): void {
  const amzDate = headerValue(request.headers, 'x-amz-date');
  const mismatch = () =>
    new AwsApiError(
      'SignatureDoesNotMatch',
      403,
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  if (!/^\d{8}T\d{6}Z$/.test(amzDate) || !amzDate.startsWith(auth.date)) throw mismatch();
  if (!auth.signedHeaders.includes('host') || !auth.signedHeaders.includes('x-amz-date')) throw mismatch();
  const expected = Buffer.from(expectedSignature(request, auth, secretAccessKey), 'hex');
  const given = Buffer.from(auth.signature, 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw mismatch();
}
