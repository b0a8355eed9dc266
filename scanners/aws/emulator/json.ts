/** The AWS JSON 1.1 protocol (Organizations): bodies with dates as epoch seconds, and `__type` errors. */
import { type AwsApiError, jsonError } from './errors.js';

/** A JSON-ready copy of a result typed with the SDK's output type: Date → epoch seconds. */
export function toJsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, child]) => child !== undefined)
        .map(([name, child]) => [name, toJsonValue(child)]),
    );
  }
  return value;
}

export function jsonResponseBody<T extends object>(result: T): string {
  return JSON.stringify(toJsonValue(result));
}

export function jsonErrorResponse(error: AwsApiError): { status: number; body: string } {
  const { type, status } = jsonError(error);
  return { status, body: JSON.stringify({ __type: type, message: error.message }) };
}
