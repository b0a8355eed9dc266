import { redactSecrets } from './secret-detector.js';

/**
 * Masks secret material inside free text (provider error messages, stack traces) before it is
 * stored or printed. Ids stay readable; anything shaped like a token, key or password goes.
 */
const PATTERNS: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g,
  // Google OAuth 2.0 access tokens.
  /\bya29\.[A-Za-z0-9._-]{10,}/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*/g,
  /(?<![A-Za-z0-9/+])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
  /\b(Bearer|Basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  // A Splunk HEC authorization header value (a GUID), not the word Splunk before any long word.
  /\b(Splunk)\s+(?=[A-Za-z0-9-]*\d)[A-Za-z0-9-]{16,}/g,
  /\b(password|passwd|secret|client_secret|access_token|refresh_token|api[_-]?key)(["']?\s*[:=]\s*["']?)[^\s"'&,;]+/gi,
];

export function redact(text: string): string {
  let result = text;
  for (const pattern of PATTERNS) {
    result = result.replace(pattern, (match, ...groups) => {
      if (/^(Bearer|Basic|Splunk|token)\s/i.test(match)) return `${String(groups[0])} [redacted]`;
      if (typeof groups[1] === 'string' && /[:=]/.test(groups[1]))
        return `${String(groups[0])}${groups[1]}[redacted]`;
      return '[redacted]';
    });
  }
  // Every other shape the one detector knows (GitLab, Stripe, Google API keys, long random strings).
  return redactSecrets(result).text;
}
