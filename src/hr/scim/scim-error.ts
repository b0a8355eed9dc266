/**
 * A SCIM error response (RFC 7644 §3.12) → `HTTP 400 Bad Request, scimType invalidFilter: <detail>`,
 * any secret in the detail replaced by `[redacted:<kind>]`.
 */
import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import { redactSecrets } from '../../core/secret-detector.js';

const MAX_DETAIL = 300;

const errorBody = z.looseObject({
  detail: z.string().optional(),
  scimType: z.string().optional(),
});

export interface ScimErrorDescription {
  text: string;
  scimType: string | undefined;
}

export function describeScimError(status: number, body: string): ScimErrorDescription {
  let parsed: z.infer<typeof errorBody> | undefined;
  try {
    const result = errorBody.safeParse(JSON.parse(body));
    parsed = result.success ? result.data : undefined;
  } catch {
    parsed = undefined;
  }
  const reason = STATUS_CODES[status];
  const parts = [`HTTP ${status}${reason ? ` ${reason}` : ''}`];
  if (parsed?.scimType) parts.push(`scimType ${parsed.scimType}`);
  // Not SCIM JSON: the first line of a text body (a proxy's message), never an HTML page.
  const text = body.trim();
  const found = parsed ? parsed.detail?.trim() : text.startsWith('<') ? '' : text.split('\n')[0]?.trim();
  // A service may echo what it was sent: never repeat a token it holds.
  const detail = found ? redactSecrets(found.slice(0, 4 * MAX_DETAIL)).text : found;
  const shown = detail && detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL - 1)}…` : detail;
  return { text: `${parts.join(', ')}${shown ? `: ${shown}` : ''}`, scimType: parsed?.scimType };
}
