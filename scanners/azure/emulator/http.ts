/** What both servers share: reading a request, splitting its target, writing an answer. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodePath } from '../../../src/emulate/http-request.js';

export interface Answer {
  status: number;
  /** Undefined: no body (204). */
  body?: unknown;
  headers: Record<string, string>;
}

export interface Target {
  /** The path as sent. */
  rawPath: string;
  /** The percent-decoded path. */
  path: string;
  query: URLSearchParams;
}

export function targetOf(request: IncomingMessage): Target {
  const url = request.url ?? '/';
  const queryAt = url.indexOf('?');
  const rawPath = queryAt < 0 ? url : url.slice(0, queryAt);
  return {
    rawPath,
    path: decodePath(rawPath),
    query: new URLSearchParams(queryAt < 0 ? '' : url.slice(queryAt + 1)),
  };
}

/** The query as logged; a repeated parameter keeps its last value. */
export const queryRecord = (query: URLSearchParams): Record<string, string> => Object.fromEntries(query);

export function writeAnswer(response: ServerResponse, answer: Answer, contentType: string): void {
  if (answer.body === undefined) {
    response.writeHead(answer.status, answer.headers);
    response.end();
    return;
  }
  const payload = JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    ...answer.headers,
    'content-type': contentType,
    'content-length': Buffer.byteLength(payload),
  });
  response.end(payload);
}

/** `2024-05-01T09:30:00Z`: Graph's and Entra's timestamps carry no fraction of a second. */
export const isoSeconds = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');
