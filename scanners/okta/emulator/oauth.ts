/**
 * Okta's org authorization server for service apps (`POST /oauth2/v1/token`, client credentials
 * with a `private_key_jwt` client assertion), as the official client's `PrivateKey` mode calls it:
 * the assertion's signature is checked against the service app's public key, its `iss` and `sub`
 * must be the client id and `aud` this endpoint, and every requested scope must be granted. The
 * access token it issues carries the requested scopes; the routes then need them (scopes.ts).
 * Errors have the token endpoint's own shape: `{ error, error_description }`.
 */
import { createPublicKey, randomBytes, verify } from 'node:crypto';
import type { OktaEstate } from './estate.js';
import type { RouteAnswer } from './route-types.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const refusal = (status: number, error: string, description: string): RouteAnswer => ({
  status,
  body: { error, error_description: description },
});

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Whether the compact JWS is signed by `publicKeyPem` (RS256 or ES256). */
function signedBy(jwt: string, publicKeyPem: string, alg: unknown): boolean {
  const [header, payload, signature] = jwt.split('.');
  if (!header || !payload || !signature || (alg !== 'RS256' && alg !== 'ES256')) return false;
  const key = createPublicKey(publicKeyPem);
  return verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key,
    Buffer.from(signature, 'base64url'),
  );
}

/** Issued access tokens and their scopes. */
export class AccessTokens {
  private readonly issued = new Map<string, readonly string[]>();

  scopesOf(token: string): readonly string[] | undefined {
    return this.issued.get(token);
  }

  answer(estate: OktaEstate, form: URLSearchParams, endpoint: string, nowMs: number): RouteAnswer {
    const client = estate.serviceClient;
    if (form.get('grant_type') !== 'client_credentials')
      return refusal(400, 'unsupported_grant_type', 'The authorization grant type is not supported.');
    if (form.get('client_assertion_type') !== JWT_BEARER || !form.get('client_assertion'))
      return refusal(401, 'invalid_client', 'A client_assertion of type jwt-bearer is required.');
    const assertion = form.get('client_assertion') ?? '';
    const [header, payload] = assertion.split('.').map((part) => decodePart(part));
    const exp = Number(payload?.exp);
    if (
      !client ||
      !payload ||
      payload.iss !== client.clientId ||
      payload.sub !== client.clientId ||
      payload.aud !== endpoint ||
      !(exp * 1000 > nowMs) ||
      !signedBy(assertion, client.publicKeyPem, header?.alg)
    )
      return refusal(401, 'invalid_client', 'The client_assertion is invalid.');
    const requested = (form.get('scope') ?? '').split(' ').filter((scope) => scope !== '');
    const missing = requested.filter((scope) => !client.scopes.includes(scope));
    if (requested.length === 0 || missing.length > 0)
      return refusal(
        400,
        'invalid_scope',
        `The following scopes are not allowed: ${missing.join(', ') || '(none requested)'}`,
      );
    const token = `emulated-okta-access-${randomBytes(18).toString('base64url')}`;
    this.issued.set(token, requested);
    return {
      status: 200,
      body: { token_type: 'Bearer', expires_in: 3600, access_token: token, scope: requested.join(' ') },
    };
  }
}
