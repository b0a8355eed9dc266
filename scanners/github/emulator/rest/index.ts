/** Every REST route the emulator answers. */
import type { Route } from '../router.js';
import { credentialAuthorizationRoutes } from './credential-authorizations.js';
import { orgRoutes } from './orgs.js';
import { personalAccessTokenRoutes } from './personal-access-tokens.js';
import { rateLimitRoutes } from './rate-limit.js';
import { repoRoutes } from './repos.js';

export const restRoutes: readonly Route[] = [
  ...orgRoutes,
  ...credentialAuthorizationRoutes,
  ...personalAccessTokenRoutes,
  ...repoRoutes,
  ...rateLimitRoutes,
];
