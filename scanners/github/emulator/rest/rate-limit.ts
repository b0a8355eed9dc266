/** GET /rate_limit: the primary rate limits per resource; it does not count against them. */
import { rateLimitOverview } from '../representations.js';
import { ok, type Route } from '../router.js';

export const rateLimitRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/rate_limit',
    docs: 'rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user',
    free: true,
    handle: ({ limiter }) =>
      ok<'rate-limit/get'>(
        rateLimitOverview(limiter.status('core'), limiter.status('graphql'), limiter.status('search')),
      ),
  },
];
