/**
 * The Microsoft Entra part of an emulated estate: what the Graph emulator serves (v1.0, and the
 * beta sign-in activity report) and the token endpoint it issues tokens from, and what the azure
 * scanner reads. Records are stored in Microsoft Graph's own shapes
 * (@microsoft/microsoft-graph-types, and -beta for the report), so drift from the real API fails to
 * compile. Plain data (JSON friendly); times are ISO 8601. Fake values only: never a real secret.
 */
import type {
  Application,
  AppRole,
  AppRoleAssignment,
  KeyCredential,
  PasswordCredential,
  ServicePrincipal,
  User,
} from '@microsoft/microsoft-graph-types';
import type { AppCredentialSignInActivity } from '@microsoft/microsoft-graph-types-beta';

export type EntraPasswordCredential = PasswordCredential & { keyId: string };
/** A certificate's metadata; `key` (the public certificate) is never served by the list calls. */
export type EntraKeyCredential = KeyCredential & { keyId: string };
export type EntraSignInActivity = AppCredentialSignInActivity;

/** An owner: a user (with UPN and mail) or, as Graph allows, a service principal. */
export type EntraOwnerRef = { userId: string } | { servicePrincipalId: string };

export interface EntraApplicationEstate {
  application: Application & {
    id: string;
    appId: string;
    displayName: string;
    passwordCredentials: EntraPasswordCredential[];
    keyCredentials: EntraKeyCredential[];
  };
  owners: EntraOwnerRef[];
}

export interface EntraServicePrincipalEstate {
  servicePrincipal: ServicePrincipal & {
    id: string;
    appId: string;
    displayName: string;
    accountEnabled: boolean;
    passwordCredentials: EntraPasswordCredential[];
    keyCredentials: EntraKeyCredential[];
  };
  owners: EntraOwnerRef[];
  /** Application permissions this service principal holds (appRoleAssignments). */
  appRoleAssignments: AppRoleAssignment[];
}

export interface EntraTenantEstate {
  /** The tenant id (a GUID). */
  tenantId: string;
  /** e.g. acme.onmicrosoft.com */
  domain: string;
  /** The client the scanner authenticates as (client credentials flow). */
  client: {
    clientId: string;
    /** The secret the token endpoint accepts; fake. */
    clientSecret: string;
    /**
     * Graph application permissions in the tokens issued (`roles` claim). The emulator answers 403
     * Authorization_RequestDenied to calls needing a permission not listed: e.g. without
     * AuditLog.Read.All the sign-in activity report is refused.
     */
    roles: string[];
  };
  users: (User & { id: string; userPrincipalName: string; accountEnabled: boolean })[];
  applications: EntraApplicationEstate[];
  servicePrincipals: EntraServicePrincipalEstate[];
  /** Microsoft Graph's own service principal (appId 00000003-0000-0000-c000-000000000000), with its app roles. */
  graphServicePrincipal: { id: string; appId: '00000003-0000-0000-c000-000000000000'; appRoles: AppRole[] };
  /** Rows of GET /beta/reports/appCredentialSignInActivities. */
  signInActivities: EntraSignInActivity[];
  /**
   * How the report answers, as it has been reported to misbehave (200 either way); absent = every
   * row of signInActivities. `empty`: no rows at all. `old-only`: only the rows whose
   * lastSignInDateTime is before `before` (a report that stopped being refreshed).
   */
  signInReport?: { answer: 'empty' } | { answer: 'old-only'; before: string };
}

export interface AzureEstate {
  tenants: EntraTenantEstate[];
}
