/**
 * The one choke point between a scanner and the store: every page a scanner yields is scrubbed
 * here before it is staged. Every string of its credentials and principals (ids, names, tags,
 * attributes, owner signals, reasons, and the keys of tag and attribute maps) goes through the
 * secret detector; a secret found inside is replaced by `[redacted:<kind>]`, the rest of the field
 * is kept, and a warning names the credential (or principal) and the field, never the value.
 *
 * Fields that should hold names or prose (display names, departments, owner signal values, tag
 * and attribute values) are checked as name-like: long opaque strings count as secrets there from
 * 32 characters. Ids are checked for the token shapes and only very long random strings.
 */
import type { Credential, Principal } from '../core/model.js';
import type { PartialMark, ScanPage } from '../core/plugin.js';
import { redactSecrets, SECRET_KIND_NAMES, type SecretKind } from '../core/secret-detector.js';

/** A field that held secret material: where, and which kinds were replaced. */
interface FieldRedaction {
  field: string;
  kinds: SecretKind[];
}

/** Credential fields that hold names or prose (paths as `fieldRedaction.field` names them). */
const CREDENTIAL_NAME_LIKE = /^(principalName|department|ownerSignals\[\d+\]\.value|attributes\..*)$/s;
/** Principal fields that hold names or prose. */
const PRINCIPAL_NAME_LIKE = /^(name|tags\..*)$/s;

type Json = string | number | boolean | null | undefined | Json[] | { [key: string]: Json };

function joined(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function note(found: FieldRedaction[], field: string, kinds: readonly SecretKind[]): void {
  if (kinds.length === 0) return;
  const existing = found.find((entry) => entry.field === field);
  if (existing) existing.kinds.push(...kinds);
  else found.push({ field, kinds: [...kinds] });
}

type Redacted = ReturnType<typeof redactSecrets>;

/**
 * The detector's answers for one page: the same value (an account, a principal's name, its owner
 * tag) recurs on every credential of a principal, and is checked once.
 */
class Detector {
  private readonly seen = [new Map<string, Redacted>(), new Map<string, Redacted>()] as const;

  redact(text: string, nameLike: boolean): Redacted {
    const seen = this.seen[nameLike ? 1 : 0];
    let result = seen.get(text);
    if (!result) {
      result = redactSecrets(text, { nameLike });
      seen.set(text, result);
    }
    return result;
  }
}

interface ScrubContext {
  /** Which field paths should hold a name or prose. */
  nameLike: RegExp;
  detector: Detector;
  found: FieldRedaction[];
}

/** Scrubs a value (a string, or arrays and objects of them) under `path`; map keys are scrubbed too. */
function scrub(value: Json, path: string, context: ScrubContext): Json {
  if (typeof value === 'string') {
    const { text, kinds } = context.detector.redact(value, context.nameLike.test(path));
    note(context.found, path, kinds);
    return text;
  }
  if (Array.isArray(value)) return value.map((item, index) => scrub(item, `${path}[${index}]`, context));
  if (value === null || typeof value !== 'object') return value;
  const result: { [key: string]: Json } = {};
  for (const [key, item] of Object.entries(value)) {
    // A key is a name (a tag or attribute name): checked as name-like, reported as its field.
    const cleanKey = context.detector.redact(key, path !== '');
    const field = path === '' ? cleanKey.text : `${path}.${cleanKey.text}`;
    note(context.found, field, cleanKey.kinds);
    result[cleanKey.text] = scrub(item, field, context);
  }
  return result;
}

/** How a redacted field is reported: `held what looks like a GitHub token; stored as [redacted:github-token]`. */
export function redactionReason(kinds: readonly SecretKind[]): string {
  const unique = [...new Set(kinds)];
  return `held what looks like ${joined(unique.map((kind) => SECRET_KIND_NAMES[kind]))}; stored as ${joined(
    unique.map((kind) => `[redacted:${kind}]`),
  )}`;
}

function marks(
  entity: 'credential' | 'principal',
  uid: string,
  found: readonly FieldRedaction[],
): PartialMark[] {
  return found.map(({ field, kinds }) => ({
    scope: `${entity} ${uid} field ${field}`,
    reason: redactionReason(kinds),
  }));
}

export interface ScrubbedPage {
  /** The page with every secret replaced by `[redacted:<kind>]`. */
  page: ScanPage;
  /** One per redacted field: scope `credential <uid> field <field>`, reason naming the kinds. */
  redactions: PartialMark[];
}

export function scrubPage(page: ScanPage): ScrubbedPage {
  const redactions: PartialMark[] = [];
  const detector = new Detector();
  const scrubbed = <T>(entity: 'credential' | 'principal', value: T, nameLike: RegExp): T => {
    const found: FieldRedaction[] = [];
    const clean = scrub(value as unknown as Json, '', { nameLike, detector, found }) as unknown as T;
    redactions.push(...marks(entity, (clean as { uid: string }).uid, found));
    return clean;
  };
  const credentials = page.credentials.map((credential) =>
    scrubbed<Credential>('credential', credential, CREDENTIAL_NAME_LIKE),
  );
  const principals = page.principals.map((principal) =>
    scrubbed<Principal>('principal', principal, PRINCIPAL_NAME_LIKE),
  );
  return { page: { ...page, credentials, principals }, redactions };
}

/** An id the page's credentials carry (an account, a kind), scrubbed the way the page scrubs it. */
export function scrubId(text: string): string {
  return redactSecrets(text).text;
}
