/**
 * Cloud Resource Manager v3: a project's IAM policy (`projects.getIamPolicy`, `projects.setIamPolicy`).
 * setIamPolicy follows the documented etag semantics: a policy carrying an etag other than the
 * current one answers 409 ABORTED (concurrent change); without an etag it overwrites blindly. Only
 * the fields of `updateMask` change (default `bindings,etag`), and every write moves the etag on.
 */
import { createHash } from 'node:crypto';
import type { cloudresourcemanager_v3 } from '@googleapis/cloudresourcemanager';
import { concurrentPolicyChange, invalidArgument } from './errors.js';
import type { GcpProjectEstate } from './estate.js';
import { denied, projectByIdOrNumber } from './lookup.js';
import type { OperationRequest } from './routes.js';

/** The request body is an object (GetIamPolicyRequest, SetIamPolicyRequest), or empty. */
function checkBody(body: unknown): void {
  if (body === undefined) return;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidArgument('Invalid JSON payload received. Expected an object.');
  }
}

function projectOf(request: OperationRequest): GcpProjectEstate {
  const resource = `//cloudresourcemanager.googleapis.com/projects/${request.params.project}`;
  const project = projectByIdOrNumber(request, resource);
  if (request.deniedProjectPolicies.has(project.projectId)) throw denied(request, resource);
  return project;
}

export function getProjectIamPolicy(request: OperationRequest): cloudresourcemanager_v3.Schema$Policy {
  checkBody(request.body);
  return projectOf(request).iamPolicy;
}

/** A new opaque etag, derived from the previous one and the new bindings (deterministic). */
function nextEtag(previous: string, policy: cloudresourcemanager_v3.Schema$Policy): string {
  const digest = createHash('sha256')
    .update(previous)
    .update(JSON.stringify(policy.bindings ?? []));
  return `BwY${digest.digest('base64').slice(0, 9)}`;
}

const hasCondition = (policy: cloudresourcemanager_v3.Schema$Policy) =>
  (policy.bindings ?? []).some((binding) => binding.condition);

export function setProjectIamPolicy(request: OperationRequest): cloudresourcemanager_v3.Schema$Policy {
  checkBody(request.body);
  const body = (request.body ?? {}) as cloudresourcemanager_v3.Schema$SetIamPolicyRequest;
  const given = body.policy;
  if (!given || typeof given !== 'object')
    throw invalidArgument('Request contains an invalid argument.', 'policy', 'A policy is required.');
  const project = projectOf(request);
  const current = project.iamPolicy;
  const currentEtag = current.etag ?? '';
  if (request.policyConflicts.remaining > 0) {
    // Another writer got in first: the stored policy's etag moves on under the caller.
    request.policyConflicts.remaining -= 1;
    current.etag = nextEtag(currentEtag, current);
  }
  if (given.etag && given.etag !== current.etag) throw concurrentPolicyChange(given.etag, current.etag ?? '');
  const version = given.version ?? 1;
  if (hasCondition(given) && version < 3)
    throw invalidArgument(
      'Request contains an invalid argument.',
      'policy.version',
      'A policy with conditional role bindings must be version 3.',
    );
  const mask = (body.updateMask ?? 'bindings,etag').split(',').map((path) => path.trim());
  const updated: cloudresourcemanager_v3.Schema$Policy = { ...current, version };
  if (mask.includes('bindings')) updated.bindings = given.bindings ?? [];
  if (mask.includes('auditConfigs')) updated.auditConfigs = given.auditConfigs ?? [];
  updated.etag = nextEtag(current.etag ?? '', updated);
  project.iamPolicy = updated;
  return updated;
}
