/**
 * Recognises values that look like secret material pasted into a spreadsheet, so they are
 * refused (and never echoed) instead of being stored as an "id". Ids stay accepted: AWS access
 * key ids (AKIA…, 20 characters), GCP key ids (40 hex), GUIDs, ARNs, resource paths, emails.
 */
const SECRET_SHAPES: readonly { name: string; pattern: RegExp }[] = [
  { name: 'a private key or certificate', pattern: /-----BEGIN[ A-Z0-9]*-----/ },
  {
    name: 'a GitHub token',
    pattern: /^(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})$/,
  },
  { name: 'a Slack token', pattern: /^xox[abposr]-[A-Za-z0-9-]{10,}$/ },
  // 40 characters of base64 in mixed case: hex ids of the same length (GCP key ids, SHA-1
  // fingerprints) and plain names do not match.
  {
    name: 'an AWS secret access key',
    pattern: /^(?=.*[a-z])(?=.*[A-Z])(?=.*[0-9/+])[A-Za-z0-9/+]{40}$/,
  },
  { name: 'a JSON web token', pattern: /^eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./ },
  { name: 'an Azure client secret', pattern: /^[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}$/ },
];

/** Longer than this, a random-looking value is taken for a key or token. */
const LONG = 64;

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * A long string in a token alphabet (base64, base64url or hex) that looks random. Separators
 * that ids carry (`:`, `.`, `@`, spaces) rule it out, so ARNs, resource paths and emails pass.
 */
function isLongRandom(value: string): boolean {
  if (value.length <= LONG) return false;
  if (/^[0-9a-fA-F]+$/.test(value)) return entropy(value) > 3.5;
  return (
    /^[A-Za-z0-9+/=_-]+$/.test(value) &&
    /[a-z]/.test(value) &&
    /[A-Z]/.test(value) &&
    /[0-9]/.test(value) &&
    entropy(value) > 4.5
  );
}

/** What the value looks like ("a GitHub token"…), or null when it looks like an identifier. */
export function secretShape(value: string): string | null {
  for (const shape of SECRET_SHAPES) if (shape.pattern.test(value)) return shape.name;
  if (isLongRandom(value)) return 'a long random string (a key or token)';
  return null;
}
