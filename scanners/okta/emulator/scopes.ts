/**
 * The OAuth 2.0 scopes an access token needs for each area: a read needs `okta.<x>.read` or
 * `okta.<x>.manage`, a change needs `okta.<x>.manage`, as Okta's Management API scopes go.
 */
import type { OktaArea } from './estate.js';

const SCOPE_NAMES: Readonly<Record<OktaArea, string>> = {
  'api-tokens': 'apiTokens',
  users: 'users',
  roles: 'roles',
  apps: 'apps',
};

/** Whether `scopes` allow `method` on a route of `area`. */
export function scopesAllow(scopes: readonly string[], area: OktaArea, method: string): boolean {
  const name = SCOPE_NAMES[area];
  const manage = `okta.${name}.manage`;
  return scopes.includes(manage) || (method === 'GET' && scopes.includes(`okta.${name}.read`));
}
