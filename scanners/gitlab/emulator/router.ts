/**
 * Routes a request under /api/v4 to its handler. The path is split on `/` before each segment is
 * percent-decoded, so a full path sent as one segment (`groups/acme%2Fplatform`) stays one.
 */
import { decodePath } from '../../../src/emulate/http-request.js';
import { INVENTORY_ROUTES } from './routes-inventory.js';
import type { Handler } from './routes-resources.js';
import { RESOURCE_ROUTES } from './routes-resources.js';
import { USER_ROUTES } from './routes-users.js';

interface Route {
  name: string;
  method: string;
  segments: string[];
  handler: Handler;
}

const ROUTES: Route[] = Object.entries({ ...RESOURCE_ROUTES, ...USER_ROUTES, ...INVENTORY_ROUTES }).map(
  ([name, handler]) => {
    const [method, path] = name.split(' ') as [string, string];
    return { name, method, segments: path.slice(1).split('/'), handler };
  },
);

export const API_PREFIX = '/api/v4/';

export interface Matched {
  route: string;
  handler: Handler;
  params: Record<string, string>;
}

export function matchRoute(method: string, rawPath: string): Matched | undefined {
  if (!rawPath.startsWith(API_PREFIX)) return undefined;
  const segments = rawPath.slice(API_PREFIX.length).split('/').map(decodePath);
  for (const route of ROUTES) {
    if (route.method !== method || route.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = route.segments.every((part, index) => {
      const actual = segments[index]!;
      if (part.startsWith(':')) {
        params[part.slice(1)] = actual;
        return actual !== '';
      }
      return part === actual;
    });
    if (matches) return { route: route.name, handler: route.handler, params };
  }
  return undefined;
}
