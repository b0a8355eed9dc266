/**
 * The property names of each Graph type the emulator serves, for `$select` (an unknown name is
 * 400). Each list is checked at compile time to name exactly the keys of the
 * @microsoft/microsoft-graph-types(-beta) interface, so a property added to or dropped from Graph's
 * types fails `npm run typecheck` until the list follows. Navigation properties may be selected but
 * are never served.
 */
import type {
  Application,
  AppRoleAssignment,
  ServicePrincipal,
  User,
} from '@microsoft/microsoft-graph-types';
import type { AppCredentialSignInActivity } from '@microsoft/microsoft-graph-types-beta';

/** A whitespace-separated list with its line breaks turned into spaces. */
type OneLine<S extends string> = S extends `${infer Head}\n${infer Tail}` ? OneLine<`${Head} ${Tail}`> : S;
/** The words of a space-separated list (tail-recursive, so long lists are fine). */
type SpacedWords<S extends string, Found extends string = never> = S extends `${infer Word} ${infer Rest}`
  ? SpacedWords<Rest, Found | Word>
  : Found | S;
type Words<S extends string> = SpacedWords<OneLine<S>>;

/**
 * `true` when the words `W` are exactly the keys of `T`; otherwise a type that names what is
 * missing and what is extra, so the assignment of `true` fails with a readable message.
 */
type Exact<T, W extends string> = [Exclude<keyof T, W>, Exclude<W, keyof T>] extends [never, never]
  ? true
  : { missing: Exclude<keyof T, W>; extra: Exclude<W, keyof T> };

export interface TypeProperties {
  /** As Graph names the type in errors, e.g. `microsoft.graph.application`. */
  type: string;
  structural: ReadonlySet<string>;
  navigation: ReadonlySet<string>;
}

function properties(type: string, structural: string, navigation: string): TypeProperties {
  const words = (list: string) => new Set(list.split(/\s+/).filter(Boolean));
  return { type, structural: words(structural), navigation: words(navigation) };
}

const APPLICATION =
  `id deletedDateTime addIns api appId applicationTemplateId appRoles authenticationBehaviors
certification createdDateTime defaultRedirectUri description disabledByMicrosoftStatus displayName
groupMembershipClaims identifierUris info isDeviceOnlyAuthSupported isFallbackPublicClient keyCredentials logo
nativeAuthenticationApisEnabled notes oauth2RequirePostResponse optionalClaims parentalControlSettings
passwordCredentials publicClient publisherDomain requestSignatureVerification requiredResourceAccess samlMetadataUrl
serviceManagementReference servicePrincipalLockConfiguration signInAudience spa tags tokenEncryptionKeyId uniqueName
verifiedPublisher web` as const;
const APPLICATION_NAVIGATION = `appManagementPolicies createdOnBehalfOf extensionProperties
federatedIdentityCredentials homeRealmDiscoveryPolicies owners synchronization tokenIssuancePolicies
tokenLifetimePolicies` as const;
const _application: Exact<Application, Words<typeof APPLICATION> | Words<typeof APPLICATION_NAVIGATION>> =
  true;

const SERVICE_PRINCIPAL =
  `id deletedDateTime accountEnabled addIns alternativeNames appDescription appDisplayName
appId applicationTemplateId appOwnerOrganizationId appRoleAssignmentRequired appRoles customSecurityAttributes
description disabledByMicrosoftStatus displayName homepage info keyCredentials loginUrl logoutUrl notes
notificationEmailAddresses oauth2PermissionScopes passwordCredentials preferredSingleSignOnMode
preferredTokenSigningKeyThumbprint replyUrls resourceSpecificApplicationPermissions samlSingleSignOnSettings
servicePrincipalNames servicePrincipalType signInAudience tags tokenEncryptionKeyId verifiedPublisher` as const;
const SERVICE_PRINCIPAL_NAVIGATION = `appManagementPolicies appRoleAssignedTo appRoleAssignments
claimsMappingPolicies createdObjects delegatedPermissionClassifications endpoints federatedIdentityCredentials
homeRealmDiscoveryPolicies memberOf oauth2PermissionGrants ownedObjects owners remoteDesktopSecurityConfiguration
synchronization tokenIssuancePolicies tokenLifetimePolicies transitiveMemberOf` as const;
const _servicePrincipal: Exact<
  ServicePrincipal,
  Words<typeof SERVICE_PRINCIPAL> | Words<typeof SERVICE_PRINCIPAL_NAVIGATION>
> = true;

const USER =
  `id deletedDateTime aboutMe accountEnabled ageGroup assignedLicenses assignedPlans authorizationInfo
birthday businessPhones city companyName consentProvidedForMinor country createdDateTime creationType
customSecurityAttributes department deviceEnrollmentLimit displayName employeeHireDate employeeId
employeeLeaveDateTime employeeOrgData employeeType externalUserState externalUserStateChangeDateTime faxNumber
givenName hireDate identities imAddresses interests isManagementRestricted isResourceAccount jobTitle
lastPasswordChangeDateTime legalAgeGroupClassification licenseAssignmentStates mail mailboxSettings mailNickname
mobilePhone mySite officeLocation onPremisesDistinguishedName onPremisesDomainName onPremisesExtensionAttributes
onPremisesImmutableId onPremisesLastSyncDateTime onPremisesProvisioningErrors onPremisesSamAccountName
onPremisesSecurityIdentifier onPremisesSyncEnabled onPremisesUserPrincipalName otherMails passwordPolicies
passwordProfile pastProjects postalCode preferredDataLocation preferredLanguage preferredName print
provisionedPlans proxyAddresses responsibilities schools securityIdentifier serviceProvisioningErrors
showInAddressList signInActivity signInSessionsValidFromDateTime skills state streetAddress surname usageLocation
userPrincipalName userType` as const;
const USER_NAVIGATION = `activities agreementAcceptances appRoleAssignments authentication calendar
calendarGroups calendars calendarView chats cloudClipboard contactFolders contacts createdObjects
dataSecurityAndGovernance deviceManagementTroubleshootingEvents directReports drive drives employeeExperience events
extensions followedSites inferenceClassification insights joinedTeams licenseDetails mailFolders
managedAppRegistrations managedDevices manager memberOf messages oauth2PermissionGrants onenote onlineMeetings
outlook ownedDevices ownedObjects people permissionGrants photo photos planner presence registeredDevices
scopedRoleMemberOf settings solutions sponsors teamwork todo transitiveMemberOf` as const;
const _user: Exact<User, Words<typeof USER> | Words<typeof USER_NAVIGATION>> = true;

const APP_ROLE_ASSIGNMENT = `id deletedDateTime appRoleId createdDateTime principalDisplayName principalId
principalType resourceDisplayName resourceId` as const;
const _appRoleAssignment: Exact<AppRoleAssignment, Words<typeof APP_ROLE_ASSIGNMENT>> = true;

const SIGN_IN_ACTIVITY =
  `id appId appObjectId createdDateTime credentialOrigin expirationDateTime keyId keyType
keyUsage resourceId servicePrincipalObjectId signInActivity` as const;
const _signInActivity: Exact<AppCredentialSignInActivity, Words<typeof SIGN_IN_ACTIVITY>> = true;

export const APPLICATION_PROPERTIES: TypeProperties = properties(
  'microsoft.graph.application',
  APPLICATION,
  APPLICATION_NAVIGATION,
);
export const SERVICE_PRINCIPAL_PROPERTIES: TypeProperties = properties(
  'microsoft.graph.servicePrincipal',
  SERVICE_PRINCIPAL,
  SERVICE_PRINCIPAL_NAVIGATION,
);
export const USER_PROPERTIES: TypeProperties = properties('microsoft.graph.user', USER, USER_NAVIGATION);
export const APP_ROLE_ASSIGNMENT_PROPERTIES: TypeProperties = properties(
  'microsoft.graph.appRoleAssignment',
  APP_ROLE_ASSIGNMENT,
  '',
);
export const SIGN_IN_ACTIVITY_PROPERTIES: TypeProperties = properties(
  'microsoft.graph.appCredentialSignInActivity',
  SIGN_IN_ACTIVITY,
  '',
);
/**
 * Owners are directoryObjects: Graph accepts a property of either type an owner can be, and serves
 * each owner only the properties of its own type.
 */
export const DIRECTORY_OBJECT_PROPERTIES: TypeProperties = {
  type: 'microsoft.graph.directoryObject',
  structural: new Set([...USER_PROPERTIES.structural, ...SERVICE_PRINCIPAL_PROPERTIES.structural]),
  navigation: new Set([...USER_PROPERTIES.navigation, ...SERVICE_PRINCIPAL_PROPERTIES.navigation]),
};

/** What Graph answers for a user when no `$select` is given (accountEnabled is not among them). */
export const USER_DEFAULT_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const satisfies readonly (keyof User)[];

void [_application, _servicePrincipal, _user, _appRoleAssignment, _signInActivity];
