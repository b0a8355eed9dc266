/**
 * The AWS managed policies the emulator knows by name. Documents are abridged stand-ins with the
 * same shape of power (admin, IAM admin, read-only…), not AWS's full texts.
 */
import type { PolicyDocument } from '../estate.js';

const AWS_MANAGED: Record<string, PolicyDocument> = {
  AdministratorAccess: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  },
  IAMFullAccess: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['iam:*', 'organizations:DescribeAccount'], Resource: '*' }],
  },
  PowerUserAccess: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      { Effect: 'Allow', Action: ['iam:CreateServiceLinkedRole', 'iam:ListRoles'], Resource: '*' },
    ],
  },
  // AWS's ReadOnlyAccess lists reads service by service; CodeCommit's include GitPull, so a user
  // with it can clone over SSH.
  ReadOnlyAccess: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['*:Describe*', '*:Get*', '*:List*', 'codecommit:GitPull'], Resource: '*' },
    ],
  },
  SecurityAudit: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['iam:GenerateCredentialReport', 'iam:Get*', 'iam:List*'], Resource: '*' },
    ],
  },
  IAMReadOnlyAccess: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['iam:GenerateCredentialReport', 'iam:Get*', 'iam:List*'], Resource: '*' },
    ],
  },
};

export const isAwsManagedArn = (arn: string) => arn.startsWith('arn:aws:iam::aws:policy/');

export const policyNameFromArn = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/** The document of an AWS managed policy; an unknown name grants nothing. */
export function awsManagedPolicyDocument(arn: string): PolicyDocument {
  return AWS_MANAGED[policyNameFromArn(arn)] ?? { Version: '2012-10-17', Statement: [] };
}
