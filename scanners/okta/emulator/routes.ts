/** The route table: `METHOD /pattern/:param`, the area each reads or changes, and its handler. */

import { decodePath } from '../../../src/emulate/http-request.js';
import { apiTokenRoutes } from './api-tokens.js';
import { appRoutes } from './apps.js';
import type { Route } from './route-types.js';

export interface MatchedRoute {
  route: Route;
  params: Record<string, string>;
}

const ROUTES: readonly Route[] = [...apiTokenRoutes, ...appRoutes];

function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    const actual = got[index]!;
    if (part.startsWith(':')) {
      if (actual === '') return undefined;
      params[part.slice(1)] = decodePath(actual);
    } else if (part !== actual) return undefined;
  }
  return params;
}

export function matchRoute(method: string, path: string): MatchedRoute | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const params = matchPattern(route.pattern, path);
    if (params) return { route, params };
  }
  return undefined;
}
