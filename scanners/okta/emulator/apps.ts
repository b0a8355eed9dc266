/**
 * The application routes: list apps (cursor paged, `filter=name eq "oidc_client"` only), and each
 * app's client secrets and JSON Web Keys: list, get, deactivate, delete. As at Okta, only an
 * INACTIVE secret or key can be deleted (400 otherwise), and a deactivation stamps `lastUpdated`.
 */

import { invalidRequest, notFound } from './errors.js';
import type { OktaAppEstate, OktaEstate } from './estate.js';
import { page } from './paging.js';
import type { Route } from './route-types.js';

const APP_PAGE = { default: 20, max: 200 };
const OIDC_FILTER = /^name eq "([a-z_]+)"$/;

const appOf = (estate: OktaEstate, id: string): OktaAppEstate => {
  const found = estate.apps.find((entry) => entry.app.id === id);
  if (!found) throw notFound(`${id} (App)`);
  return found;
};

function listedApps(estate: OktaEstate, filter: string | null) {
  const apps = estate.apps.map((entry) => ({ ...entry.app, id: entry.app.id }));
  if (filter === null) return apps;
  const name = OIDC_FILTER.exec(filter)?.[1];
  if (name === undefined) throw invalidRequest(`filter: unsupported expression ${filter}`);
  return apps.filter((app) => app.name === name);
}

/** The secret or key routes of one collection of an app (`secrets` or `jwks`). */
function credentialRoutes(collection: 'secrets' | 'jwks', model: string): Route[] {
  const base = `/api/v1/apps/:appId/credentials/${collection}`;
  const itemsOf = (entry: OktaAppEstate) => (collection === 'secrets' ? entry.secrets : entry.jwks);
  const itemOf = (estate: OktaEstate, appId: string, id: string) => {
    const items = itemsOf(appOf(estate, appId));
    const item = items.find((candidate) => candidate.id === id);
    if (!item) throw notFound(`${id} (${model})`);
    return { items, item };
  };
  return [
    {
      method: 'GET',
      pattern: base,
      area: 'apps',
      handle: ({ estate, params }) => {
        const items = itemsOf(appOf(estate, params.appId!));
        return { status: 200, body: collection === 'secrets' ? items : { keys: items } };
      },
    },
    {
      method: 'GET',
      pattern: `${base}/:id`,
      area: 'apps',
      handle: ({ estate, params }) => ({ status: 200, body: itemOf(estate, params.appId!, params.id!).item }),
    },
    {
      method: 'POST',
      pattern: `${base}/:id/lifecycle/deactivate`,
      area: 'apps',
      handle: ({ estate, params, now }) => {
        const { item } = itemOf(estate, params.appId!, params.id!);
        if (item.status !== 'INACTIVE') {
          item.status = 'INACTIVE';
          item.lastUpdated = new Date(now()).toISOString();
        }
        return { status: 200, body: item };
      },
    },
    {
      method: 'DELETE',
      pattern: `${base}/:id`,
      area: 'apps',
      handle: ({ estate, params }) => {
        const { items, item } = itemOf(estate, params.appId!, params.id!);
        if (item.status === 'ACTIVE')
          throw invalidRequest(`${model} ${item.id} is ACTIVE: deactivate it before deleting it`);
        items.splice(items.indexOf(item as never), 1);
        return { status: 204 };
      },
    },
  ];
}

export const appRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/api/v1/apps',
    area: 'apps',
    handle: ({ estate, url, origin }) => {
      const { items, link } = page(listedApps(estate, url.searchParams.get('filter')), url, origin, APP_PAGE);
      return { status: 200, body: items, headers: { link } };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/apps/:appId',
    area: 'apps',
    handle: ({ estate, params }) => ({ status: 200, body: appOf(estate, params.appId!).app }),
  },
  ...credentialRoutes('secrets', 'OAuth2ClientSecret'),
  ...credentialRoutes('jwks', 'OAuth2ClientJsonWebKey'),
];
