/**
 * Policy Analyzer v1 `activities:query` for `serviceAccountKeyLastAuthentication`: one activity per
 * key (of any type) with a `lastAuthenticatedTime`, in the project's estate order. The one filter
 * served is the documented `activities.full_resource_name = "…"` (or `activities.fullResourceName`).
 */

import {
  KEY_LAST_AUTHENTICATION,
  type PolicyAnalyzerActivity,
  type PolicyAnalyzerQueryActivityResponse,
} from '../policy-analyzer-types.js';
import { invalidArgument, serviceDisabled } from './errors.js';
import type { GcpKeyEstate } from './estate.js';
import { denied, projectByIdOrNumber } from './lookup.js';
import { pageOf, pageSizeOf } from './paginate.js';
import { keyActivityOf } from './representations.js';
import type { OperationRequest } from './routes.js';

export const ACTIVITIES_PAGE_SIZE = { default: 1000, max: 1000 };

const FILTER = /^\s*activities\.(?:full_resource_name|fullResourceName)\s*=\s*"([^"]*)"\s*$/;

/** The full resource name a filter asks for; undefined when there is no filter. */
function filterOf(query: URLSearchParams): string | undefined {
  const raw = query.get('filter');
  if (raw === null || raw.trim() === '') return undefined;
  const match = FILTER.exec(raw);
  if (!match) throw invalidArgument(`Invalid filter: ${raw}`, 'filter');
  return match[1];
}

const authenticated = (key: GcpKeyEstate): key is GcpKeyEstate & { lastAuthenticatedTime: string } =>
  typeof key.lastAuthenticatedTime === 'string';

export function queryActivities(request: OperationRequest): PolicyAnalyzerQueryActivityResponse {
  const { location, activityType } = request.params;
  if (location !== 'global') {
    throw invalidArgument(`Unsupported location: ${location}. Only 'global' is supported.`, 'parent');
  }
  if (activityType !== KEY_LAST_AUTHENTICATION) {
    throw invalidArgument(`Unsupported activity type: ${activityType}.`, 'parent');
  }
  const resource = `//cloudresourcemanager.googleapis.com/projects/${request.params.project}`;
  const project = projectByIdOrNumber(request, resource);
  if (project.policyAnalyzer === 'service-disabled')
    throw serviceDisabled('policyanalyzer.googleapis.com', 'Policy Analyzer API', project.projectNumber);
  if (project.policyAnalyzer === false) throw denied(request, resource);
  const wanted = filterOf(request.query);
  const size = pageSizeOf(request.query, ACTIVITIES_PAGE_SIZE.default, ACTIVITIES_PAGE_SIZE.max);
  const activities: PolicyAnalyzerActivity[] = project.serviceAccounts.flatMap((account) =>
    account.keys.filter(authenticated).map((key) => keyActivityOf(project, account, key)),
  );
  const matching =
    wanted === undefined ? activities : activities.filter((activity) => activity.fullResourceName === wanted);
  const page = pageOf(matching, request.query, size, `activities:${project.projectId}:${wanted ?? ''}`);
  const response: PolicyAnalyzerQueryActivityResponse = { activities: page.items };
  if (page.nextPageToken) response.nextPageToken = page.nextPageToken;
  return response;
}
