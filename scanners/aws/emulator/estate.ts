/**
 * The AWS part of an emulated estate: what the IAM/STS/Organizations emulator serves, and what the
 * benchmark and demo generate. Plain data (JSON/YAML friendly); dates are ISO 8601 strings.
 */

export interface AwsEstate {
  /** The long-term key the emulator accepts from the scanner (fake; never a real credential). */
  callerAccessKey: { accessKeyId: string; secretAccessKey: string; accountId: string; userName: string };
  /** When set, Organizations ListAccounts answers from here (called with the caller's key). */
  organization?: {
    managementAccountId: string;
    accounts: { id: string; name: string; status: 'ACTIVE' | 'SUSPENDED' }[];
  };
  accounts: AwsAccountEstate[];
}

export interface AwsAccountEstate {
  id: string;
  alias?: string;
  /** Role the scanner assumes in this account (AssumeRole into any other role name is AccessDenied). */
  scannerRoleName?: string;
  /** Every IAM call in this account answers AccessDenied (a partial scan). */
  denyAll?: boolean;
  /** These IAM actions (e.g. `GetLoginProfile`) answer AccessDenied in this account; the rest answer. */
  deniedActions?: string[];
  users: AwsUserEstate[];
  roles: AwsRoleEstate[];
  groups: AwsGroupEstate[];
  /** Customer managed policies, by ARN. AWS managed ones are known by name (AdministratorAccess, IAMFullAccess, ReadOnlyAccess…). */
  managedPolicies?: { arn: string; name: string; document: PolicyDocument }[];
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

export interface PolicyStatement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
}

export interface AwsUserEstate {
  name: string;
  userId: string;
  createDate: string;
  path?: string;
  tags?: Record<string, string>;
  groups?: string[];
  attachedPolicyArns?: string[];
  inlinePolicies?: { name: string; document: PolicyDocument }[];
  accessKeys?: AwsAccessKeyEstate[];
  sshPublicKeys?: { id: string; status: 'Active' | 'Inactive'; uploadDate: string; fingerprint: string }[];
  signingCertificates?: { id: string; status: 'Active' | 'Inactive'; uploadDate: string }[];
  serviceSpecificCredentials?: {
    id: string;
    serviceName: string;
    serviceUserName: string;
    status: 'Active' | 'Inactive';
    createDate: string;
  }[];
  loginProfile?: { createDate: string; passwordLastUsed?: string };
}

export interface AwsAccessKeyEstate {
  id: string;
  status: 'Active' | 'Inactive';
  createDate: string;
  lastUsed?: { date: string; serviceName: string; region: string };
}

export interface AwsRoleEstate {
  name: string;
  roleId: string;
  createDate: string;
  path?: string;
  tags?: Record<string, string>;
  attachedPolicyArns?: string[];
  lastUsed?: { date: string; region: string };
}

export interface AwsGroupEstate {
  name: string;
  groupId: string;
  attachedPolicyArns?: string[];
  inlinePolicies?: { name: string; document: PolicyDocument }[];
}
