import { findSecrets } from './secret-detector.js';

/**
 * Masks secret material inside free text (provider error messages, stack traces) before it is
 * stored or printed. Ids stay readable. Two nets: every shape the one detector knows
 * (src/core/secret-detector.ts), and what only the words around it give away: a value after
 * `Bearer`, `Basic`, `token`, `Splunk`, or after `password=`, `client_secret:` and the like.
 */
const CONTEXT_PATTERNS: readonly RegExp[] = [
  /\b(Bearer|Basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  // A Splunk HEC authorization header value (a GUID), not the word Splunk before any long word.
  /\b(Splunk)\s+(?=[A-Za-z0-9-]*\d)[A-Za-z0-9-]{16,}/g,
  /\b(password|passwd|secret|client_secret|access_token|refresh_token|api[_-]?key)(["']?\s*[:=]\s*["']?)[^\s"'&,;]+/gi,
];

function withoutShapes(text: string): string {
  const found = findSecrets(text);
  if (found.length === 0) return text;
  let result = '';
  let at = 0;
  for (const match of found) {
    result += `${text.slice(at, match.index)}[redacted]`;
    at = match.index + match.length;
  }
  return result + text.slice(at);
}

export function redact(text: string): string {
  let result = withoutShapes(text);
  for (const pattern of CONTEXT_PATTERNS) {
    result = result.replace(pattern, (match, ...groups) => {
      if (/^(Bearer|Basic|Splunk|token)\s/i.test(match)) return `${String(groups[0])} [redacted]`;
      if (typeof groups[1] === 'string' && /[:=]/.test(groups[1]))
        return `${String(groups[0])}${groups[1]}[redacted]`;
      return '[redacted]';
    });
  }
  return result;
}
