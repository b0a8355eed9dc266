/**
 * The official client's resources (@gitbeaker/rest) one scan or revocation uses, all on one paced
 * transport (requester.ts) bound to that run's signal, so they share GitLab's reported budget.
 */
import {
  DeployKeys,
  DeployTokens,
  GroupAccessTokens,
  GroupSAMLIdentities,
  Groups,
  PersonalAccessTokens,
  ProjectAccessTokens,
  ProjectMembers,
  ProjectVariables,
  Users,
} from '@gitbeaker/rest';
import { readSecretReference } from '../../src/core/secret-reference.js';
import type { GitlabOptions } from './options.js';
import { pacedRequester } from './requester.js';

export interface GitlabApi {
  groups: Groups;
  groupAccessTokens: GroupAccessTokens;
  groupSamlIdentities: GroupSAMLIdentities;
  projectAccessTokens: ProjectAccessTokens;
  deployTokens: DeployTokens;
  deployKeys: DeployKeys;
  projectVariables: ProjectVariables;
  projectMembers: ProjectMembers;
  personalAccessTokens: PersonalAccessTokens;
  users: Users;
}

/** Throws an InputError (exit 2) when the token's environment variable is not set. */
export function gitlabApi(options: GitlabOptions, signal: AbortSignal): GitlabApi {
  const config = {
    host: options.host,
    token: readSecretReference(options.token, 'token'),
    queryTimeout: null,
    requesterFn: pacedRequester({
      signal,
      rateLimitRetries: options.rateLimitRetries,
      maxWaitSeconds: options.maxRateLimitWaitSeconds,
      requestTimeoutMs: options.requestTimeoutSeconds * 1000,
    }),
  };
  return {
    groups: new Groups(config),
    groupAccessTokens: new GroupAccessTokens(config),
    groupSamlIdentities: new GroupSAMLIdentities(config),
    projectAccessTokens: new ProjectAccessTokens(config),
    deployTokens: new DeployTokens(config),
    deployKeys: new DeployKeys(config),
    projectVariables: new ProjectVariables(config),
    projectMembers: new ProjectMembers(config),
    personalAccessTokens: new PersonalAccessTokens(config),
    users: new Users(config),
  };
}
