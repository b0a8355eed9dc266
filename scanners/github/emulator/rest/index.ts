/** Every REST route the emulator answers. */
import type { Route } from '../router.js';
import { actionsSecretRoutes } from './actions-secrets.js';
import { collaboratorRoutes } from './collaborators.js';
import { credentialAuthorizationRoutes } from './credential-authorizations.js';
import { memberRoutes } from './members.js';
import { orgRoutes } from './orgs.js';
import { personalAccessTokenRoutes } from './personal-access-tokens.js';
import { rateLimitRoutes } from './rate-limit.js';
import { repoRoutes } from './repos.js';

export const restRoutes: readonly Route[] = [
  ...orgRoutes,
  ...memberRoutes,
  ...credentialAuthorizationRoutes,
  ...personalAccessTokenRoutes,
  ...repoRoutes,
  ...actionsSecretRoutes,
  ...collaboratorRoutes,
  ...rateLimitRoutes,
];
