/**
 * What the Okta emulator serves: one org, typed against the official client's own models
 * (@okta/okta-sdk-nodejs), as they travel on the wire (dates are ISO strings there). The emulator
 * answers from these objects live: a revocation changes them and shows on the next read.
 */
import type {
  ApiToken,
  OAuth2ClientJsonWebKeyRsaResponse,
  OAuth2ClientSecret,
  OpenIdConnectApplication,
  RoleType,
  UserGetSingleton,
} from '@okta/okta-sdk-nodejs';

/** A model as JSON carries it: its Date fields are ISO 8601 strings. */
export type Wire<Model> = {
  [Key in keyof Model]: Model[Key] extends Date | undefined
    ? string | undefined
    : Model[Key] extends Date | null | undefined
      ? string | null | undefined
      : Model[Key];
};

/** The host the emulator serves the org on (it listens on 127.0.0.1 only): the scanner's account. */
export const EMULATED_OKTA_HOST = '127.0.0.1';

export type WireApiToken = Wire<ApiToken> & { id: string; userId: string };
export type WireUser = Wire<UserGetSingleton> & { id: string };
export type WireApplication = Wire<OpenIdConnectApplication> & { id: string };
/** `client_secret` is the value: sent back only as Okta sends it, never read by the scanner. */
export type WireClientSecret = OAuth2ClientSecret & { id: string };
export type WireJsonWebKey = OAuth2ClientJsonWebKeyRsaResponse & { id: string };

/** What the emulator's API token may read: a missing area answers 403 E0000006 (could not look). */
export const OKTA_AREAS = ['api-tokens', 'users', 'roles', 'apps'] as const;
export type OktaArea = (typeof OKTA_AREAS)[number];

export interface OktaUserEstate {
  user: WireUser;
  /** Standard admin roles assigned to the user (GET /api/v1/users/{id}/roles). */
  roles: RoleType[];
}

export interface OktaAppEstate {
  app: WireApplication;
  secrets: WireClientSecret[];
  jwks: WireJsonWebKey[];
}

/** A service app the scanner may sign in as (OAuth 2.0 client credentials, `private_key_jwt`). */
export interface OktaServiceClient {
  clientId: string;
  /** The public half of the key its client assertions are signed with (PEM). */
  publicKeyPem: string;
  /** The Management API scopes granted to it (`okta.apps.read`…). */
  scopes: string[];
}

export interface OktaEstate {
  /** The SSWS API token the emulator accepts (fake). */
  token: string;
  /** A service app that may get access tokens; none when absent. */
  serviceClient?: OktaServiceClient;
  /** Areas the token may not read (403); none when absent. */
  denied?: OktaArea[];
  users: OktaUserEstate[];
  apiTokens: WireApiToken[];
  apps: OktaAppEstate[];
}
