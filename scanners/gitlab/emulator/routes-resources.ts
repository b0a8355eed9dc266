/**
 * Group and project routes: descendant groups, a group's projects, access tokens (their bot users'
 * PATs), deploy tokens, deploy keys, CI/CD variables (served with their values, as GitLab does) and
 * members. Revoking an access token keeps it listed as revoked; deleting a deploy token or a deploy
 * key removes it. A second revoke of a revoked token answers 404.
 */
import { type Answer, type Call, listed, noContent, notFound, ok } from './answers.js';
import type { DeployKey, DeployToken, ResourceAccessToken } from './estate.js';
import { descendantsOf, groupOf, idParam, projectOf, projectsIn } from './lookup.js';

export type Handler = (call: Call) => Answer;

function tokenIn(tokens: readonly ResourceAccessToken[], id: string | undefined): ResourceAccessToken {
  const tokenId = idParam(id, 'Token');
  const token = tokens.find((candidate) => candidate.id === tokenId);
  if (!token) throw notFound('Token');
  return token;
}

function revokeToken(tokens: readonly ResourceAccessToken[], id: string | undefined): Answer {
  const token = tokenIn(tokens, id);
  if (token.revoked) throw notFound('Token');
  token.revoked = true;
  token.active = false;
  return noContent();
}

function deployTokenIn(tokens: readonly DeployToken[], id: string | undefined): DeployToken {
  const tokenId = idParam(id, 'Deploy Token');
  const token = tokens.find((candidate) => candidate.id === tokenId);
  if (!token) throw notFound('Deploy Token');
  return token;
}

function removeFrom<T extends { id: number }>(items: T[], id: string | undefined, what: string): Answer {
  const wanted = idParam(id, what);
  const index = items.findIndex((item) => item.id === wanted);
  if (index < 0) throw notFound(what);
  items.splice(index, 1);
  return noContent();
}

const group = (call: Call) => groupOf(call.estate, call.params.id!);
const project = (call: Call) => projectOf(call.estate, call.params.id!);
const deployKeyIn = (keys: readonly DeployKey[], id: string | undefined) => {
  const keyId = idParam(id, 'Deploy Key');
  const key = keys.find((candidate) => candidate.id === keyId);
  if (!key) throw notFound('Deploy Key');
  return key;
};

export const RESOURCE_ROUTES: Record<string, Handler> = {
  'GET /groups/:id': (call) => ok(group(call).group),
  'GET /groups/:id/descendant_groups': (call) =>
    listed(
      descendantsOf(call.estate, group(call)).map((entry) => entry.group),
      call,
    ),
  'GET /groups/:id/projects': (call) =>
    listed(
      projectsIn(call.estate, group(call), call.query.include_subgroups === 'true').map(
        (entry) => entry.project,
      ),
      call,
    ),
  'GET /groups/:id/access_tokens': (call) => listed(group(call).accessTokens, call),
  'GET /groups/:id/access_tokens/:tokenId': (call) =>
    ok(tokenIn(group(call).accessTokens, call.params.tokenId)),
  'DELETE /groups/:id/access_tokens/:tokenId': (call) =>
    revokeToken(group(call).accessTokens, call.params.tokenId),
  'GET /groups/:id/deploy_tokens': (call) => listed(group(call).deployTokens, call),
  'GET /groups/:id/deploy_tokens/:tokenId': (call) =>
    ok(deployTokenIn(group(call).deployTokens, call.params.tokenId)),
  'DELETE /groups/:id/deploy_tokens/:tokenId': (call) =>
    removeFrom(group(call).deployTokens, call.params.tokenId, 'Deploy Token'),
  'GET /projects/:id/access_tokens': (call) => listed(project(call).accessTokens, call),
  'GET /projects/:id/access_tokens/:tokenId': (call) =>
    ok(tokenIn(project(call).accessTokens, call.params.tokenId)),
  'DELETE /projects/:id/access_tokens/:tokenId': (call) =>
    revokeToken(project(call).accessTokens, call.params.tokenId),
  'GET /projects/:id/deploy_tokens': (call) => listed(project(call).deployTokens, call),
  'GET /projects/:id/deploy_tokens/:tokenId': (call) =>
    ok(deployTokenIn(project(call).deployTokens, call.params.tokenId)),
  'DELETE /projects/:id/deploy_tokens/:tokenId': (call) =>
    removeFrom(project(call).deployTokens, call.params.tokenId, 'Deploy Token'),
  'GET /projects/:id/deploy_keys': (call) => listed(project(call).deployKeys, call),
  'GET /projects/:id/deploy_keys/:keyId': (call) =>
    ok(deployKeyIn(project(call).deployKeys, call.params.keyId)),
  'DELETE /projects/:id/deploy_keys/:keyId': (call) =>
    removeFrom(project(call).deployKeys, call.params.keyId, 'Deploy Key'),
  'GET /projects/:id/variables': (call) => listed(project(call).variables, call),
  'GET /projects/:id/members/all': (call) => listed(project(call).members, call),
};
