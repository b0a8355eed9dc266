/**
 * Recognises values that look like secret material pasted into a spreadsheet, so they are
 * refused (and never echoed) instead of being stored as an "id".
 */
const SECRET_SHAPES: readonly { name: string; pattern: RegExp }[] = [
  { name: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { name: 'a GitHub token', pattern: /^(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})$/ },
  { name: 'a Slack token', pattern: /^xox[abposr]-[A-Za-z0-9-]{10,}$/ },
  // 40 characters of base64 in mixed case: hex ids of the same length (GCP key ids, SHA-1 fingerprints) do not match.
  { name: 'an AWS secret access key', pattern: /^(?=.*[a-z])(?=.*[A-Z])(?=.*[0-9])[A-Za-z0-9/+]{40}$/ },
  { name: 'a JSON web token', pattern: /^eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./ },
  { name: 'an Azure client secret', pattern: /^[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}$/ },
];

/** Shannon entropy in bits per character. */
function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** What the value looks like ("a GitHub token"…), or null when it looks like an identifier. */
export function secretShape(value: string): string | null {
  for (const shape of SECRET_SHAPES) if (shape.pattern.test(value)) return shape.name;
  if (value.length > 64 && entropy(value) > 4.5) return 'a long random string (a key or token)';
  return null;
}
