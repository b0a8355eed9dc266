/** What a route is: its method, pattern, area and handler, and what a handler is given and answers. */
import type { OktaArea, OktaEstate } from './estate.js';

export interface RouteContext {
  estate: OktaEstate;
  url: URL;
  origin: string;
  params: Record<string, string>;
  now: () => number;
  /** Items per API-token page when the request gives no `limit` (the client sends none). */
  apiTokenPageSize: number;
}

export interface RouteAnswer {
  status: number;
  /** JSON-serialized; absent for 204. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  pattern: string;
  area: OktaArea;
  handle(context: RouteContext): RouteAnswer;
}
