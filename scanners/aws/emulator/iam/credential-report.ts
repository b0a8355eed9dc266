/**
 * IAM's credential report (GenerateCredentialReport / GetCredentialReport): one CSV row per user
 * with password, access key slot and signing certificate slot facts, in AWS's column order and
 * value conventions (N/A, no_information, ISO dates with +00:00). It carries no key ids.
 */
import type { GenerateCredentialReportResponse, GetCredentialReportResponse } from '@aws-sdk/client-iam';
import type { AwsUserEstate } from '../estate.js';
import { type IamCall, iamArn } from './lookup.js';

export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

const reportDate = (iso: string | undefined) =>
  iso ? new Date(iso).toISOString().replace('.000Z', '+00:00') : 'N/A';

function userRow(accountId: string, user: AwsUserEstate): string[] {
  const keys = [...(user.accessKeys ?? [])].sort((a, b) => a.createDate.localeCompare(b.createDate));
  const certificates = [...(user.signingCertificates ?? [])].sort((a, b) =>
    a.uploadDate.localeCompare(b.uploadDate),
  );
  const keySlot = (index: number) => {
    const key = keys[index];
    if (!key) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
    return [
      String(key.status === 'Active'),
      reportDate(key.createDate),
      reportDate(key.lastUsed?.date),
      key.lastUsed?.region ?? 'N/A',
      key.lastUsed?.serviceName ?? 'N/A',
    ];
  };
  const certificateSlot = (index: number) => {
    const certificate = certificates[index];
    return certificate
      ? [String(certificate.status === 'Active'), reportDate(certificate.uploadDate)]
      : ['false', 'N/A'];
  };
  const profile = user.loginProfile;
  return [
    user.name,
    iamArn(accountId, 'user', user.name, user.path),
    reportDate(user.createDate),
    String(profile !== undefined),
    profile ? (profile.passwordLastUsed ? reportDate(profile.passwordLastUsed) : 'no_information') : 'N/A',
    profile ? reportDate(profile.createDate) : 'N/A',
    'N/A',
    'false',
    ...keySlot(0),
    ...keySlot(1),
    ...certificateSlot(0),
    ...certificateSlot(1),
  ];
}

export function generateCredentialReport(): GenerateCredentialReportResponse {
  return { State: 'COMPLETE', Description: 'No report exists. Starting a new report generation task' };
}

export function getCredentialReport(call: IamCall): GetCredentialReportResponse {
  const root = [
    '<root_account>',
    `arn:aws:iam::${call.account.id}:root`,
    '2020-01-01T00:00:00+00:00',
    'not_supported',
    'no_information',
    'not_supported',
    'not_supported',
    'true',
    'false',
    'N/A',
    'N/A',
    'N/A',
    'N/A',
    'false',
    'N/A',
    'N/A',
    'N/A',
    'N/A',
    'false',
    'N/A',
    'false',
    'N/A',
  ];
  const rows = [
    CREDENTIAL_REPORT_COLUMNS.join(','),
    root.join(','),
    ...call.account.users.map((user) => userRow(call.account.id, user).join(',')),
  ];
  return {
    Content: new TextEncoder().encode(`${rows.join('\n')}\n`),
    ReportFormat: 'text/csv',
    GeneratedTime: new Date(Math.floor(Date.now() / 1000) * 1000),
  };
}
