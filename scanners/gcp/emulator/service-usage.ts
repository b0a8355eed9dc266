/**
 * Which APIs are enabled per project (`disabledApis` in the estate): a call to a disabled API that
 * names the project (by id or number) answers Google's 403 SERVICE_DISABLED before any handler
 * runs, whatever the operation. The consumer named is the project itself.
 */
import { serviceDisabled } from './errors.js';
import type { GcpEstate } from './estate.js';
import { HOSTS, type MatchedRoute } from './routes.js';
import type { GcpService } from './types.js';

const TITLES: Record<GcpService, string> = {
  iam: 'Identity and Access Management (IAM) API',
  cloudresourcemanager: 'Cloud Resource Manager API',
  policyanalyzer: 'Policy Analyzer API',
};

/** Throws the 403 when the matched route's API is disabled in the project it names. */
export function checkServiceEnabled(estate: GcpEstate, matched: MatchedRoute): void {
  const ref = matched.params.project;
  const project = estate.projects.find(
    (candidate) => candidate.projectId === ref || candidate.projectNumber === ref,
  );
  const service = matched.route.service;
  if (project?.disabledApis?.includes(service))
    throw serviceDisabled(HOSTS[service], TITLES[service], project.projectNumber);
}
