/**
 * GitLab.com's group credentials inventory and group SAML identities: a top-level group lists and
 * revokes its enterprise users' PATs (`/groups/:id/manage/personal_access_tokens`), and reads the
 * SAML identities of its members (404 when the group has no SAML single sign-on).
 */
import { type Call, listed, noContent, notFound } from './answers.js';
import type { PersonalAccessToken } from './estate.js';
import { groupOf, idParam } from './lookup.js';
import type { Handler } from './routes-resources.js';

function inventory(call: Call): PersonalAccessToken[] {
  const users = new Set(groupOf(call.estate, call.params.id!).enterpriseUserIds ?? []);
  return call.estate.personalAccessTokens.filter((token) => users.has(token.user_id));
}

export const INVENTORY_ROUTES: Record<string, Handler> = {
  'GET /groups/:id/manage/personal_access_tokens': (call) => {
    let tokens = inventory(call);
    const { state, revoked } = call.query;
    if (state !== undefined) tokens = tokens.filter((token) => token.active === (state === 'active'));
    if (revoked !== undefined) tokens = tokens.filter((token) => token.revoked === (revoked === 'true'));
    return listed(tokens, call);
  },
  'DELETE /groups/:id/manage/personal_access_tokens/:tokenId': (call) => {
    const id = idParam(call.params.tokenId, 'Token');
    const token = inventory(call).find((candidate) => candidate.id === id);
    if (!token || token.revoked) throw notFound();
    token.revoked = true;
    token.active = false;
    return noContent();
  },
  'GET /groups/:id/saml/identities': (call) => {
    const identities = groupOf(call.estate, call.params.id!).samlIdentities;
    if (!identities) throw notFound();
    return listed(identities, call);
  },
};
