/**
 * Personal access tokens and users. An administrator lists every PAT of the instance (group and
 * project access tokens included: they are their bot users' PATs) and reads a user's email and
 * identities; anyone else sees only their own PATs and a user's public fields. Revoking keeps the
 * token, revoked and inactive; a second revoke answers 404.
 */
import { type Answer, type Call, listed, noContent, notFound, ok } from './answers.js';
import type { GitlabEstate, PersonalAccessToken, ResourceAccessToken } from './estate.js';
import { idParam, userOf } from './lookup.js';
import type { Handler } from './routes-resources.js';

/** A group or project access token as the PAT of its bot user. */
function asPersonal(token: ResourceAccessToken): PersonalAccessToken {
  const { access_level: _level, ...rest } = token;
  return rest;
}

interface Held {
  token: PersonalAccessToken;
  /** The record kept in the estate (a resource token's own), which a revoke changes. */
  record: PersonalAccessToken | ResourceAccessToken;
}

function everyToken(estate: GitlabEstate): Held[] {
  const held: Held[] = estate.personalAccessTokens.map((token) => ({ token, record: token }));
  for (const entry of [...estate.groups, ...estate.projects])
    for (const token of entry.accessTokens) held.push({ token: asPersonal(token), record: token });
  return held.sort((a, b) => a.token.id - b.token.id);
}

/** The tokens the scanning token may see: all for an administrator, else its user's own. */
function visible(estate: GitlabEstate): Held[] {
  const all = everyToken(estate);
  return estate.admin ? all : all.filter((held) => held.token.user_id === estate.tokenUserId);
}

function heldToken(call: Call): Held {
  const id = idParam(call.params.tokenId, 'Token');
  const found = visible(call.estate).find((held) => held.token.id === id);
  if (!found) throw notFound();
  return found;
}

function listTokens(call: Call): Answer {
  let tokens = visible(call.estate).map((held) => held.token);
  const { user_id: userId, state, revoked } = call.query;
  if (userId !== undefined) tokens = tokens.filter((token) => String(token.user_id) === userId);
  if (state !== undefined) tokens = tokens.filter((token) => token.active === (state === 'active'));
  if (revoked !== undefined) tokens = tokens.filter((token) => token.revoked === (revoked === 'true'));
  return listed(tokens, call);
}

export const USER_ROUTES: Record<string, Handler> = {
  'GET /personal_access_tokens': listTokens,
  'GET /personal_access_tokens/:tokenId': (call) => ok(heldToken(call).token),
  'DELETE /personal_access_tokens/:tokenId': (call) => {
    const { record } = heldToken(call);
    if (record.revoked) throw notFound();
    record.revoked = true;
    record.active = false;
    return noContent();
  },
  'GET /users/:userId': (call) => {
    const user = userOf(call.estate, call.params.userId!);
    if (call.estate.admin) return ok(user);
    const { email: _email, identities: _identities, ...visibleFields } = user;
    return ok(visibleFields);
  },
};
