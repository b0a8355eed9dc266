/** Cloud Resource Manager v3: a project's IAM policy (`projects.getIamPolicy`). */
import type { cloudresourcemanager_v3 } from '@googleapis/cloudresourcemanager';
import { invalidArgument } from './errors.js';
import { projectByIdOrNumber } from './lookup.js';
import type { OperationRequest } from './routes.js';

/** The request body is a GetIamPolicyRequest: `{ options?: { requestedPolicyVersion? } }`, or empty. */
function checkBody(body: unknown): void {
  if (body === undefined) return;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidArgument('Invalid JSON payload received. Expected an object.');
  }
}

export function getProjectIamPolicy(request: OperationRequest): cloudresourcemanager_v3.Schema$Policy {
  checkBody(request.body);
  const project = projectByIdOrNumber(
    request,
    `//cloudresourcemanager.googleapis.com/projects/${request.params.project}`,
  );
  return project.iamPolicy;
}
