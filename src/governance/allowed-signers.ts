/**
 * git's allowed-signers file (`gpg.ssh.allowedSignersFile`; ssh-keygen(1) "ALLOWED SIGNERS"):
 *
 *   principals [options] keytype base64-key [comment]
 *
 * Parsed as OpenSSH's sshsig.c does — quoted option values, case-insensitive option names,
 * case-sensitive principal and namespace pattern lists — except that every line is checked up
 * front (OpenSSH only parses lines whose principals match) and `cert-authority` is refused.
 * Error messages name the file and line and never echo key material.
 */
import { readFileSync } from 'node:fs';
import { InputError, InputErrors } from '../core/errors.js';
import { parsePublicKeyBlob, SECURITY_KEY_TYPES, type SshPublicKey, SUPPORTED_KEY_TYPES } from './sshsig.js';

export interface SignerTime {
  /** As written in the file, e.g. `20261101` or `202611011200Z`. */
  text: string;
  /** Whole seconds; local time unless the text ends in Z or UTC, as OpenSSH reads it. */
  date: Date;
}

export interface AllowedSigner {
  /** Principal patterns as written (`*`, `?` wildcards, `!` negation), matched case-sensitively. */
  principals: string[];
  /** Namespace patterns the key may sign for; absent when unrestricted. */
  namespaces?: string[];
  validAfter?: SignerTime;
  validBefore?: SignerTime;
  key: SshPublicKey;
  file: string;
  line: number;
}

const TIME_FORMAT = 'YYYYMMDD[HHMM[SS]][Z]';
const KEY_TYPES: readonly string[] = [...SUPPORTED_KEY_TYPES, ...SECURITY_KEY_TYPES];

export function readAllowedSigners(path: string): AllowedSigner[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the allowed-signers file: ${(error as Error).message}`, { file: path });
  }
  return parseAllowedSigners(text, path);
}

/** Every entry of the file, in order; every bad line reported together. */
export function parseAllowedSigners(text: string, file: string): AllowedSigner[] {
  const signers: AllowedSigner[] = [];
  const errors: InputError[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) return;
    try {
      signers.push(parseLine(line, file, index + 1));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      errors.push(new InputError(error.problem, { file, line: index + 1 }));
    }
  });
  if (errors.length === 1) throw errors[0]!;
  if (errors.length > 1) throw new InputErrors(errors);
  return signers;
}

function parseLine(line: string, file: string, lineNumber: number): AllowedSigner {
  let rest = line;
  let principalField: string;
  if (rest.startsWith('"')) {
    const close = rest.indexOf('"', 1);
    if (close < 0) throw new InputError('expected a closing quote after the principals');
    principalField = rest.slice(1, close);
    rest = rest.slice(close + 1).trimStart();
  } else {
    [principalField, rest] = splitToken(rest);
  }
  if (principalField === '') throw new InputError('expected principals, e.g. alice@example.com');
  if (rest === '') throw new InputError('expected a key type and key after the principals');

  let options: Omit<AllowedSigner, 'principals' | 'key' | 'file' | 'line'> = {};
  let [keyType, afterType] = splitToken(rest);
  if (!looksLikeKeyType(keyType)) {
    const end = endOfOptions(rest);
    options = parseOptions(rest.slice(0, end));
    [keyType, afterType] = splitToken(rest.slice(end).trimStart());
    if (keyType === '') throw new InputError('expected a key type and key after the options');
  }
  if (!looksLikeKeyType(keyType)) {
    throw new InputError(`expected a key type (one of ${KEY_TYPES.join(', ')}) after the options`);
  }
  const [base64] = splitToken(afterType);
  return {
    principals: principalField.split(','),
    ...options,
    key: parseKey(keyType, base64),
    file,
    line: lineNumber,
  };
}

function splitToken(text: string): [string, string] {
  const match = /^(\S*)\s*([\s\S]*)$/.exec(text)!;
  return [match[1]!, match[2]!];
}

function looksLikeKeyType(token: string): boolean {
  return /^(ssh-|ecdsa-|sk-)/.test(token) || token.endsWith('@openssh.com');
}

function parseKey(type: string, base64: string): SshPublicKey {
  if (type.endsWith('-cert-v01@openssh.com')) {
    throw new InputError(`certificate keys (${type}) are not supported`);
  }
  if (!KEY_TYPES.includes(type)) {
    throw new InputError(`unsupported key type ${type} (expected one of ${KEY_TYPES.join(', ')})`);
  }
  if (base64 === '') throw new InputError(`expected the base64 ${type} key after the key type`);
  if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    throw new InputError(`the ${type} key is not valid base64`);
  }
  let key: SshPublicKey;
  try {
    key = parsePublicKeyBlob(Buffer.from(base64, 'base64'));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(`the ${type} key is invalid: ${error.problem}`);
  }
  if (key.type !== type) throw new InputError(`the key is a ${key.type} key, not ${type} as the line says`);
  return key;
}

/** Index of the first space or tab outside double quotes (OpenSSH sshkey_advance_past_options). */
function endOfOptions(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && text[i + 1] === '"') i++;
    else if (char === '"') quoted = !quoted;
    else if (!quoted && (char === ' ' || char === '\t')) return i;
  }
  if (quoted) throw new InputError('expected a closing quote in the options');
  return text.length;
}

function parseOptions(text: string): Omit<AllowedSigner, 'principals' | 'key' | 'file' | 'line'> {
  const result: Omit<AllowedSigner, 'principals' | 'key' | 'file' | 'line'> = {};
  let rest = text;
  while (rest !== '') {
    const name = /^[A-Za-z-]*/.exec(rest)![0].toLowerCase();
    if (name === 'cert-authority') {
      throw new InputError(
        'cert-authority lines are not supported: nhiscan verifies plain keys, not certificates',
      );
    }
    if (name === 'namespaces' || name === 'valid-after' || name === 'valid-before') {
      if (rest[name.length] !== '=') throw new InputError(`expected ${name}="…"`);
      const [value, after] = dequote(rest.slice(name.length + 1), name);
      rest = after;
      if (name === 'namespaces') {
        if (result.namespaces) throw new InputError('namespaces is given twice');
        result.namespaces = value.split(',');
      } else {
        const key = name === 'valid-after' ? 'validAfter' : 'validBefore';
        if (result[key]) throw new InputError(`${name} is given twice`);
        const date = parseSignerTime(value);
        if (!date) throw new InputError(`expected ${name}="${TIME_FORMAT}", got "${value}"`);
        result[key] = { text: value, date };
      }
    } else if (name !== '') {
      // Name the option only when it reads as one: a key pasted without its type must not be echoed.
      const named = name.length <= 32 && /^[-=,]?$/.test(rest.charAt(name.length));
      throw new InputError(
        named
          ? `unknown option ${name} (expected namespaces, valid-after or valid-before)`
          : `expected options or a key type (one of ${KEY_TYPES.join(', ')}) after the principals`,
      );
    }
    // As OpenSSH: options are comma-separated, empty ones skipped, no trailing comma.
    if (rest === '') break;
    if (!rest.startsWith(',')) throw new InputError('expected a comma between options');
    rest = rest.slice(1);
    if (rest === '') throw new InputError('expected an option after the last comma');
  }
  if (result.validAfter && result.validBefore && result.validBefore.date <= result.validAfter.date) {
    throw new InputError('valid-before is not later than valid-after');
  }
  return result;
}

/** A double-quoted value, `\"` standing for a quote (OpenSSH opt_dequote). Returns [value, rest]. */
function dequote(text: string, name: string): [string, string] {
  if (!text.startsWith('"')) throw new InputError(`expected ${name}="…" with the value in double quotes`);
  let value = '';
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === '"') {
      value += '"';
      i++;
    } else if (text[i] === '"') {
      return [value, text.slice(i + 1)];
    } else {
      value += text[i];
    }
  }
  throw new InputError(`expected a closing quote after ${name}="`);
}

/**
 * OpenSSH's parse_absolute_time: YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, in local time unless
 * followed by Z or UTC. Null for anything else, including impossible dates OpenSSH would roll over.
 */
export function parseSignerTime(text: string): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?(z|utc)?$/i.exec(text);
  if (!match) return null;
  const [y, mo, d, h, mi, s] = match.slice(1, 7).map((part) => Number(part ?? 0)) as number[];
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > 31 || h! > 23 || mi! > 59 || s! > 60) return null;
  if (new Date(Date.UTC(y!, mo! - 1, d!)).getUTCDate() !== d) return null;
  const date = match[7] ? new Date(Date.UTC(y!, mo! - 1, d!, h, mi, s)) : new Date(y!, mo! - 1, d!, h, mi, s);
  return date.getTime() > 0 ? date : null;
}

/** OpenSSH's match_pattern: `*` any run of characters, `?` exactly one; case-sensitive. */
export function matchesPattern(value: string, pattern: string): boolean {
  // Iterative wildcard match with backtracking to the last `*`: linear in practice, no regex.
  let v = 0;
  let p = 0;
  let star = -1;
  let mark = 0;
  while (v < value.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === value[v])) {
      v++;
      p++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = v;
    } else if (star >= 0) {
      p = star + 1;
      v = ++mark;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** OpenSSH's match_pattern_list: true when some pattern matches and no `!pattern` does. */
export function matchesPatternList(value: string, patterns: readonly string[]): boolean {
  let positive = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (matchesPattern(value, negated ? pattern.slice(1) : pattern)) {
      if (negated) return false;
      positive = true;
    }
  }
  return positive;
}
