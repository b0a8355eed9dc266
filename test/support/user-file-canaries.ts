/**
 * Canary secrets of every shape the detector knows, for the files a user writes (inventory CSV,
 * nhiscan.yaml, a baseline), planted inside otherwise valid values the way a careless export or
 * paste would. Every canary holds the word "Canary" and nothing else the tests write does, so a
 * search for /canary/i finds any leak, whole or in part. Fake values only.
 */
import { SECRET_KIND_NAMES, type SecretKind } from '../../src/core/secret-detector.js';

export interface Canary {
  shape: string;
  value: string;
  /** The detector's kind for it, and how a refusal names that kind. */
  kind: SecretKind;
  described: string;
}

/** The text every secret refusal ends with (src/core/input-limits.ts). */
export const NEVER_STORED =
  '(not shown); nhiscan never stores secret material: remove it from the input, and rotate it, as it has been exposed';

/** Pads to exactly `length` characters from a fixed mixed-case alphabet. */
function padded(text: string, length: number): string {
  return `${text}0a1B2c3D4e5F6g7H8i9j0K1l2M3n4O5p6Q7r8S9t`.slice(0, length);
}

/** The canaries, each marked with `tag` (at most 4 letters) so tests can tell them apart. */
export function userFileCanaries(tag: string): Canary[] {
  const canary = (shape: string, value: string, kind: SecretKind): Canary => ({
    shape,
    value,
    kind,
    described: SECRET_KIND_NAMES[kind],
  });
  return [
    canary('GitHub ghp_', `ghp_${tag}CanaryGithubToken0000000000000001`, 'github-token'),
    canary('GitHub github_pat_', `github_pat_11${tag}Canary_FineGrained00000000000000001`, 'github-token'),
    canary('GitLab glpat-', `glpat-${tag}CanaryGitlab0000000001`, 'gitlab-token'),
    canary('Slack xoxb-', `xoxb-1234567890-${tag.toLowerCase()}canaryslacktoken01`, 'slack-token'),
    canary(
      'AWS key id and secret',
      `AKIAIOSFODNN7EXAMPLE ${padded(`${tag}CanaryAwsSecret/`, 40)}`,
      'aws-secret-key',
    ),
    canary(
      'PEM private key',
      `-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA${tag}CanaryPemBody0123456789\n-----END RSA PRIVATE KEY-----`,
      'private-key',
    ),
    canary('JWT', `eyJhbGciOiJIUzI1NiJ9.eyJ${tag}CanaryJwtPayload01.${tag}CanaryJwtSignature01`, 'jwt'),
    canary('Stripe sk_live_', `sk_live_${tag}CanaryStripeKey0123456789`, 'stripe-key'),
    canary('Google AIza', `AIza${padded(`${tag}CanaryGoogleApiKey`, 35)}`, 'google-api-key'),
  ];
}

/** Whether any part of a canary is in the text. */
export const CANARY = /canary|BEGIN RSA/i;
