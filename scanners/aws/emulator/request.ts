/** Reads one HTTP request into what the emulator dispatches on: service, action and parameters. */
import type { IncomingMessage } from 'node:http';
import { ORGANIZATIONS_TARGET_PREFIX } from './organizations.js';
import { STS_ACTION_NAMES } from './sts.js';
import type { AwsService } from './types.js';

export interface ParsedRequest {
  service: AwsService;
  protocol: 'query' | 'json';
  action: string;
  /** Query: the form fields (minus Action/Version); JSON: the body's top-level fields as strings. */
  params: Record<string, string>;
  /** JSON protocol only: the parsed body. */
  json: Record<string, unknown>;
  body: Buffer;
}

const SECRET_PARAM = /SecretAccessKey|SessionToken|Password/i;

/** The params as logged: secret-bearing fields replaced by a placeholder. */
export function redactParams(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [name, SECRET_PARAM.test(name) ? '[redacted]' : value]),
  );
}

/** The service named in the SigV4 credential scope, if the Authorization header has one. */
function scopeService(authorization: string | undefined): string | undefined {
  return /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(authorization ?? '')?.[1];
}

function parseJson(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

export function parseRequest(request: IncomingMessage, body: Buffer): ParsedRequest {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string' && target.startsWith(ORGANIZATIONS_TARGET_PREFIX)) {
    const json = parseJson(body);
    const params = Object.fromEntries(
      Object.entries(json).map(([name, value]) => [
        name,
        typeof value === 'string' ? value : JSON.stringify(value),
      ]),
    );
    return {
      service: 'organizations',
      protocol: 'json',
      action: target.slice(ORGANIZATIONS_TARGET_PREFIX.length),
      params,
      json,
      body,
    };
  }
  const query = new URLSearchParams((request.url ?? '').split('?')[1] ?? '');
  const form = new URLSearchParams(body.toString('utf8'));
  const params: Record<string, string> = {};
  for (const [name, value] of [...query, ...form]) params[name] = value;
  const action = params.Action ?? '';
  delete params.Action;
  delete params.Version;
  const scope = scopeService(request.headers.authorization);
  const service: AwsService =
    scope === 'sts' || scope === 'iam'
      ? scope
      : (STS_ACTION_NAMES as readonly string[]).includes(action)
        ? 'sts'
        : 'iam';
  return { service, protocol: 'query', action, params, json: {}, body };
}
