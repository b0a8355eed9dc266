/**
 * Policy Analyzer v1 `projects.locations.activityTypes.activities.query`, built on googleapis-common's
 * createAPIRequest exactly as the generated Google clients build their methods (same auth, retry,
 * URL templating and error type), since Google publishes no standalone Node client for it.
 */
import { createAPIRequest, type GlobalOptions } from 'googleapis-common';
import type { PolicyAnalyzerQueryActivityResponse } from './policy-analyzer-types.js';

export interface QueryActivitiesParams {
  /** `projects/{project}/locations/global/activityTypes/{activityType}` */
  parent: string;
  pageSize?: number;
  pageToken?: string;
  filter?: string;
}

export interface PolicyAnalyzerClient {
  queryActivities(
    params: QueryActivitiesParams,
    options?: { signal?: AbortSignal },
  ): Promise<PolicyAnalyzerQueryActivityResponse>;
}

export function policyAnalyzerClient(
  globalOptions: GlobalOptions & { rootUrl: string },
): PolicyAnalyzerClient {
  const context = { _options: globalOptions };
  return {
    async queryActivities(params, options = {}) {
      const response = await createAPIRequest<PolicyAnalyzerQueryActivityResponse>({
        options: {
          url: `${globalOptions.rootUrl.replace(/\/+$/, '')}/v1/{+parent}/activities:query`,
          method: 'GET',
          apiVersion: '',
          ...(options.signal ? { signal: options.signal } : {}),
        },
        params: { ...params },
        requiredParams: ['parent'],
        pathParams: ['parent'],
        context,
      });
      return response.data;
    },
  };
}
