/** The credential kinds the okta plugin lists (its own file: options and transforms both read it). */
export const API_TOKEN_KIND = 'api-token';
export const CLIENT_SECRET_KIND = 'client-secret';
export const CLIENT_JWK_KIND = 'client-jwk';

export const OKTA_CREDENTIAL_KINDS = [API_TOKEN_KIND, CLIENT_SECRET_KIND, CLIENT_JWK_KIND] as const;
export type OktaCredentialKind = (typeof OKTA_CREDENTIAL_KINDS)[number];
