/**
 * Webhook signatures: HMAC-SHA256 over `${timestamp}.${body}` with a shared secret, sent as
 * `X-Nhiscan-Signature: sha256=<hex>` with `X-Nhiscan-Timestamp: <unix seconds>`. A delivery older
 * or newer than the tolerance, or one already seen, is a replay.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-nhiscan-signature';
export const TIMESTAMP_HEADER = 'x-nhiscan-timestamp';
export const TOLERANCE_SECONDS = 300;

export function signBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type SignatureVerdict = { ok: true } | { ok: false; reason: string };

export function verifySignature(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: string,
  nowSeconds: number,
): SignatureVerdict {
  if (!headers.signature || !headers.timestamp)
    return { ok: false, reason: `missing ${SIGNATURE_HEADER} or ${TIMESTAMP_HEADER} header` };
  if (!/^\d{1,12}$/.test(headers.timestamp))
    return { ok: false, reason: `${TIMESTAMP_HEADER} is not unix seconds` };
  const timestamp = Number(headers.timestamp);
  if (Math.abs(nowSeconds - timestamp) > TOLERANCE_SECONDS)
    return {
      ok: false,
      reason: `timestamp outside the ${TOLERANCE_SECONDS} s window (a replay or a skewed clock)`,
    };
  const expected = Buffer.from(signBody(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'signature does not match the body' };
  return { ok: true };
}
