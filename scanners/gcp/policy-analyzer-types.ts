/**
 * Policy Analyzer v1 `activities:query` payloads. Google publishes no standalone Node client for
 * Policy Analyzer (only the 24 MB `googleapis` bundle has one), so these types follow the v1
 * discovery document (GoogleCloudPolicyanalyzerV1QueryActivityResponse, …Activity,
 * …ObservationPeriod) field for field. `activity` is a free-form struct in the API; the
 * `serviceAccountKeyLastAuthentication` shape documented at
 * https://cloud.google.com/policy-intelligence/docs/activity-analyzer-service-account-authentication
 * is spelled out here.
 */

export const KEY_LAST_AUTHENTICATION = 'serviceAccountKeyLastAuthentication';

export interface PolicyAnalyzerObservationPeriod {
  startTime?: string | null;
  endTime?: string | null;
}

export interface ServiceAccountKeyLastAuthentication {
  /** RFC 3339; Google reports it at day granularity (`2021-04-27T07:00:00Z`). */
  lastAuthenticatedTime?: string | null;
  serviceAccountKey?: {
    /** `//iam.googleapis.com/projects/{project}/serviceAccounts/{email}/keys/{keyId}` */
    fullResourceName?: string | null;
    projectNumber?: string | null;
    serviceAccountKeyId?: string | null;
  } | null;
}

export interface PolicyAnalyzerActivity {
  activityType?: string | null;
  /** The key's full resource name, as in `activity.serviceAccountKey.fullResourceName`. */
  fullResourceName?: string | null;
  observationPeriod?: PolicyAnalyzerObservationPeriod | null;
  activity?: ServiceAccountKeyLastAuthentication | null;
}

export interface PolicyAnalyzerQueryActivityResponse {
  activities?: PolicyAnalyzerActivity[];
  nextPageToken?: string | null;
}
