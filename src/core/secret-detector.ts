/**
 * The one secret detector for every text that enters nhiscan: inventory cells, HR fields and
 * events, provider payload fields, config values, error messages. It finds secret material
 * *inside* a text (`svc-deploy token=ghp_…` as well as a bare `ghp_…`), by the documented shapes
 * of real tokens plus a randomness check for long opaque strings. Ids stay readable: AWS access
 * key ids, 40-hex GCP key ids, GUIDs, ARNs, resource paths, emails and fingerprints never match.
 *
 * Callers decide what a match means: files the user controls are refused by position (never
 * echoing the value); provider payloads keep the field with `[redacted:<kind>]` in its place.
 */

export const SECRET_KINDS = [
  'private-key',
  'github-token',
  'gitlab-token',
  'slack-token',
  'aws-secret-key',
  'jwt',
  'stripe-key',
  'google-api-key',
  'google-oauth-token',
  'azure-client-secret',
  'random-string',
] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

/** How each kind is named to a person ("this cell holds a GitHub token"). */
export const SECRET_KIND_NAMES: Readonly<Record<SecretKind, string>> = {
  'private-key': 'a private key',
  'github-token': 'a GitHub token',
  'gitlab-token': 'a GitLab token',
  'slack-token': 'a Slack token',
  'aws-secret-key': 'an AWS secret access key',
  jwt: 'a JSON web token',
  'stripe-key': 'a Stripe secret key',
  'google-api-key': 'a Google API key',
  'google-oauth-token': 'a Google OAuth access token',
  'azure-client-secret': 'an Azure client secret',
  'random-string': 'a long random string (a key or token)',
};

export interface SecretMatch {
  kind: SecretKind;
  /** Where the secret starts in the text, and how long it is. */
  index: number;
  length: number;
}

/**
 * Characters that may not sit right before or after a token. Tokens with a distinctive prefix
 * (`ghp_`, `glpat-`, `xoxb-`, `sk_live_`, `AIza`) are found even glued to a word before them.
 */
const B = '(?<![A-Za-z0-9_])';
const E = '(?![A-Za-z0-9_])';

const SHAPES: readonly { kind: SecretKind; pattern: RegExp; accept?: (match: string) => boolean }[] = [
  // The whole block when it is there, else from the header to the end of the text.
  {
    kind: 'private-key',
    pattern: /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----[\s\S]*?(-----END [A-Z0-9 ]*-----|$)/g,
  },
  {
    kind: 'github-token',
    pattern: new RegExp(`(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})${E}`, 'g'),
  },
  {
    kind: 'gitlab-token',
    pattern: new RegExp(`gl(pat|dt|ptt|rt|cbt|oas|soat|ft|imt|agent)-[A-Za-z0-9_-]{20,}${E}`, 'g'),
  },
  {
    kind: 'slack-token',
    pattern: new RegExp(`(xox[abposre]-[A-Za-z0-9-]{10,}|xapp-[A-Za-z0-9-]{10,})${E}`, 'g'),
  },
  {
    kind: 'jwt',
    pattern: new RegExp(`${B}eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]*`, 'g'),
  },
  { kind: 'stripe-key', pattern: new RegExp(`(sk|rk)_(live|test)_[A-Za-z0-9]{16,}${E}`, 'g') },
  { kind: 'google-api-key', pattern: new RegExp(`AIza[0-9A-Za-z_-]{35}${E}`, 'g') },
  { kind: 'google-oauth-token', pattern: new RegExp(`${B}ya29\\.[A-Za-z0-9._-]{10,}`, 'g') },
  {
    kind: 'azure-client-secret',
    pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g,
  },
  // 40 characters of base64 in mixed case with a digit, `/` or `+`: an AWS secret access key,
  // whether or not its key id stands beside it. Hex ids of the same length (GCP key ids, SHA-1
  // fingerprints) and 40-letter names do not match.
  {
    kind: 'aws-secret-key',
    pattern:
      /(?<![A-Za-z0-9+/_-])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9+/=_-])/g,
    // A 40-character name in camel case repeats its letters: a key does not.
    accept: (match) => entropy(match) > randomEntropy(40) - 0.6,
  },
];

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

export interface DetectOptions {
  /**
   * The field should hold a name or prose (a person's name, a department, a description, a
   * display name): opaque strings from 32 characters count as secrets there. Elsewhere (ids)
   * only from 65 characters, as ids may be long hex or base64 (fingerprints, key ids).
   */
  nameLike?: boolean;
}

/**
 * Every shape needs a run of at least 15 token characters (a Slack `xoxb-` and ten more is the
 * shortest) or a PEM header: a text without either holds no secret.
 */
const MAYBE_SECRET = /[A-Za-z0-9_+/=.~-]{15}|-----BEGIN/;

/** Words of a token alphabet: what a random-string check looks at. */
const OPAQUE_WORD = /[A-Za-z0-9+/_-]+=*/g;

/** Fingerprints are named by their hash (`SHA256:…`): public, not secret. */
const FINGERPRINT_PREFIX = /(SHA256|SHA1|SHA512|MD5):$/i;

/** Mean entropy of n characters drawn at random from 64 symbols: about 6 − 63 / (2n ln 2) bits. */
function randomEntropy(length: number): number {
  return 6 - 63 / (2 * length * Math.LN2);
}

function looksRandom(word: string, minLength: number): boolean {
  // Hex ids are often long (key ids, fingerprints): only past 64 characters are they keys.
  if (/^[0-9a-fA-F]+$/.test(word)) return word.length > 64 && entropy(word) > 3.5;
  if (word.length < minLength) return false;
  if (!/[0-9]/.test(word)) return false;
  // Random text mixes cases about evenly; names in camel case capitalise few letters.
  const letters = word.replace(/[^A-Za-z]/g, '');
  const upper = letters.replace(/[^A-Z]/g, '').length / Math.max(1, letters.length);
  return upper >= 0.2 && upper <= 0.8 && entropy(word) > randomEntropy(word.length) - 0.6;
}

/**
 * The matches that do not overlap, leftmost first; at one position the earlier shape wins.
 * One sort and one sweep: linear in the matches however many a large text holds.
 */
function withoutOverlaps(candidates: (SecretMatch & { rank: number })[]): SecretMatch[] {
  candidates.sort((a, b) => a.index - b.index || a.rank - b.rank);
  const kept: SecretMatch[] = [];
  let end = 0;
  for (const { kind, index, length } of candidates) {
    if (index < end) continue;
    kept.push({ kind, index, length });
    end = index + length;
  }
  return kept;
}

/** Every secret in the text, in order of position; empty when there is none. */
export function findSecrets(text: string, options: DetectOptions = {}): SecretMatch[] {
  // Most texts (names, ids, dates) cannot hold any shape: one scan decides, so a scan of 100,000
  // credentials pays microseconds, not a pass of every pattern over every field.
  if (!MAYBE_SECRET.test(text)) return [];
  const candidates: (SecretMatch & { rank: number })[] = [];
  for (const [rank, { kind, pattern, accept }] of SHAPES.entries()) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      if (match[0].length === 0) pattern.lastIndex++;
      else if (!accept || accept(match[0]))
        candidates.push({ kind, index: match.index, length: match[0].length, rank });
    }
  }
  const shaped = withoutOverlaps(candidates);
  // Random-looking words count only where no known shape was found (`token=glpat-…` is GitLab's).
  const minLength = options.nameLike ? 32 : 65;
  const random: SecretMatch[] = [];
  let next = 0;
  OPAQUE_WORD.lastIndex = 0;
  for (let match = OPAQUE_WORD.exec(text); match; match = OPAQUE_WORD.exec(text)) {
    const { index } = match;
    const word = match[0];
    while (next < shaped.length && shaped[next]!.index + shaped[next]!.length <= index) next++;
    const known = shaped[next];
    if (known && known.index < index + word.length) continue;
    if (word.length < 32 || FINGERPRINT_PREFIX.test(text.slice(Math.max(0, index - 7), index))) continue;
    if (looksRandom(word, minLength)) random.push({ kind: 'random-string', index, length: word.length });
  }
  return random.length === 0 ? shaped : [...shaped, ...random].sort((a, b) => a.index - b.index);
}

/** The first secret's kind, or null when the text holds none. */
export function secretKindIn(text: string, options: DetectOptions = {}): SecretKind | null {
  return findSecrets(text, options)[0]?.kind ?? null;
}

/** The text with each secret replaced by `[redacted:<kind>]`, and the kinds replaced. */
export function redactSecrets(
  text: string,
  options: DetectOptions = {},
): { text: string; kinds: SecretKind[] } {
  const found = findSecrets(text, options);
  if (found.length === 0) return { text, kinds: [] };
  let result = '';
  let at = 0;
  for (const match of found) {
    result += `${text.slice(at, match.index)}[redacted:${match.kind}]`;
    at = match.index + match.length;
  }
  return { text: result + text.slice(at), kinds: found.map((match) => match.kind) };
}
