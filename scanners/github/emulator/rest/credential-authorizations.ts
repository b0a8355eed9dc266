/**
 * SAML SSO credential authorizations (GitHub Enterprise Cloud): the PATs (classic) and SSH keys
 * members authorized for the organization. An organization without SAML SSO answers 404, as GitHub
 * does; removing one answers 204, an unknown id 404.
 */
import { notFound } from '../errors.js';
import { paginate } from '../paginate.js';
import { noContent, ok, orgOf, pageContext, type RestRequest, type Route } from '../router.js';

function samlOrgOf(request: RestRequest) {
  const org = orgOf(request);
  if (!org.saml) throw notFound(request.docs);
  return org;
}

export const credentialAuthorizationRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/orgs/{org}/credential-authorizations',
    docs: 'orgs/orgs#list-saml-sso-authorizations-for-an-organization',
    handle: (request) => {
      const org = samlOrgOf(request);
      const login = request.query.get('login')?.toLowerCase();
      const authorizations = org.credentialAuthorizations.filter(
        (authorization) => login === undefined || authorization.login.toLowerCase() === login,
      );
      const page = paginate(
        authorizations,
        pageContext(request, `/organizations/${org.id}/credential-authorizations`),
      );
      return ok<'orgs/list-saml-sso-authorizations'>(page.items, page.link);
    },
  },
  {
    method: 'DELETE',
    pattern: '/orgs/{org}/credential-authorizations/{credential_id}',
    docs: 'orgs/orgs#remove-a-saml-sso-authorization-for-an-organization',
    handle: (request) => {
      const org = samlOrgOf(request);
      const id = Number(request.params.credential_id);
      const index = org.credentialAuthorizations.findIndex(
        (authorization) => authorization.credential_id === id,
      );
      if (index < 0) throw notFound(request.docs);
      org.credentialAuthorizations.splice(index, 1);
      return noContent();
    },
  },
];
