/**
 * The API-token and user routes: list (cursor paged), get and revoke API tokens; get a user; list
 * a user's admin roles. Dates and ids are the estate's own.
 */

import { notFound } from './errors.js';
import type { OktaEstate } from './estate.js';
import { page } from './paging.js';
import type { Route } from './route-types.js';

const TOKEN_PAGE_MAX = 200;

const tokenOf = (estate: OktaEstate, id: string) => {
  const token = estate.apiTokens.find((entry) => entry.id === id);
  if (!token) throw notFound(`${id} (ApiToken)`);
  return token;
};

const userOf = (estate: OktaEstate, id: string) => {
  const found = estate.users.find((entry) => entry.user.id === id || entry.user.profile?.login === id);
  if (!found) throw notFound(`${id} (User)`);
  return found;
};

export const apiTokenRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/api/v1/api-tokens',
    area: 'api-tokens',
    handle: ({ estate, url, origin, apiTokenPageSize }) => {
      const limits = { default: apiTokenPageSize, max: TOKEN_PAGE_MAX };
      const { items, link } = page(estate.apiTokens, url, origin, limits);
      return { status: 200, body: items, headers: { link } };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/api-tokens/:id',
    area: 'api-tokens',
    handle: ({ estate, params }) => ({ status: 200, body: tokenOf(estate, params.id!) }),
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/api-tokens/:id',
    area: 'api-tokens',
    handle: ({ estate, params }) => {
      const token = tokenOf(estate, params.id!);
      estate.apiTokens.splice(estate.apiTokens.indexOf(token), 1);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/users/:id',
    area: 'users',
    handle: ({ estate, params }) => ({ status: 200, body: userOf(estate, params.id!).user }),
  },
  {
    method: 'GET',
    pattern: '/api/v1/users/:id/roles',
    area: 'roles',
    handle: ({ estate, params }) => {
      const { user, roles } = userOf(estate, params.id!);
      const created = user.created ?? null;
      return {
        status: 200,
        body: roles.map((type, index) => ({
          id: `ra1${user.id.slice(3)}${index}`,
          label: type,
          type,
          status: 'ACTIVE',
          assignmentType: 'USER',
          created,
          lastUpdated: created,
        })),
      };
    },
  },
];
