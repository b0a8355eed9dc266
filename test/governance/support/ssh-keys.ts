/**
 * Real OpenSSH for the SSH signature tests: keys made by ssh-keygen, signatures made and checked
 * by `ssh-keygen -Y`, plus hand-built SSHSIG blobs (node:crypto keys) for what ssh-keygen will not
 * sign, such as rsa-sha2-256 or the legacy ssh-rsa. Private keys stay in the temporary directory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, type KeyObject, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SSH_KEYGEN = '/usr/bin/ssh-keygen';

export interface GeneratedKey {
  path: string;
  /** `type base64`, as a line of an allowed-signers file wants it. */
  publicKey: string;
  /** As `ssh-keygen -l -E sha256` prints it. */
  fingerprint: string;
}

let counter = 0;
const next = (dir: string, stem: string) => join(dir, `${stem}-${++counter}`);

export function generateKey(dir: string, name: string, args: string[]): GeneratedKey {
  const path = join(dir, name);
  execFileSync(SSH_KEYGEN, ['-q', ...args, '-N', '', '-C', '', '-f', path], { stdio: 'pipe' });
  const publicKey = readFileSync(`${path}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  const listed = execFileSync(SSH_KEYGEN, ['-l', '-E', 'sha256', '-f', `${path}.pub`], { encoding: 'utf8' });
  return { path, publicKey, fingerprint: listed.split(/\s+/)[1]! };
}

/** `ssh-keygen -Y sign`; returns the armored signature. */
export function sshSign(
  dir: string,
  key: GeneratedKey,
  message: string,
  namespace: string,
  extra: string[] = [],
) {
  const file = next(dir, 'message');
  writeFileSync(file, message);
  execFileSync(SSH_KEYGEN, ['-Y', 'sign', '-f', key.path, '-n', namespace, ...extra, file], {
    stdio: 'pipe',
  });
  return readFileSync(`${file}.sig`, 'utf8');
}

/** `-O verify-time` wants YYYYMMDDHHMMSSZ. */
export function opensshTime(at: Date): string {
  return `${at.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

export interface OpensshCheck {
  allowedSigners: string;
  principal: string;
  namespace: string;
  armored: string;
  message: string;
  at: Date;
  env?: NodeJS.ProcessEnv;
}

/** `ssh-keygen -Y verify`: true when OpenSSH says "Good … signature". */
export function opensshVerifies(dir: string, check: OpensshCheck): boolean {
  const allowed = next(dir, 'allowed_signers');
  const sig = next(dir, 'signature');
  writeFileSync(allowed, check.allowedSigners);
  writeFileSync(sig, check.armored);
  const args = ['-Y', 'verify', '-f', allowed, '-I', check.principal, '-n', check.namespace, '-s', sig];
  const result = spawnSync(SSH_KEYGEN, [...args, '-O', `verify-time=${opensshTime(check.at)}`], {
    input: check.message,
    encoding: 'utf8',
    env: check.env ?? process.env,
  });
  return result.status === 0 && result.stdout.startsWith('Good');
}

/** `ssh-keygen -Y find-principals`: the principals it prints, none when it finds none. */
export function opensshFindPrincipals(
  dir: string,
  allowedSigners: string,
  armored: string,
  at: Date,
): string[] {
  const allowed = next(dir, 'allowed_signers');
  const sig = next(dir, 'signature');
  writeFileSync(allowed, allowedSigners);
  writeFileSync(sig, armored);
  const args = ['-Y', 'find-principals', '-f', allowed, '-s', sig, '-O', `verify-time=${opensshTime(at)}`];
  const result = spawnSync(SSH_KEYGEN, args, { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim().split('\n') : [];
}

export function sshString(value: Buffer | string): Buffer {
  const bytes = Buffer.from(value);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

export function sshMpint(magnitude: Buffer): Buffer {
  let start = 0;
  while (start < magnitude.length && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  const pad = trimmed.length > 0 && (trimmed[0]! & 0x80) !== 0;
  return sshString(pad ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

/** The SSH public key blob of a node:crypto Ed25519, P-256 or RSA public key. */
export function publicBlob(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  const b64 = (text: string | undefined) => Buffer.from(text ?? '', 'base64url');
  if (jwk.kty === 'OKP') return Buffer.concat([sshString('ssh-ed25519'), sshString(b64(jwk.x))]);
  if (jwk.kty === 'RSA')
    return Buffer.concat([sshString('ssh-rsa'), sshMpint(b64(jwk.e)), sshMpint(b64(jwk.n))]);
  const point = Buffer.concat([Buffer.from([4]), b64(jwk.x), b64(jwk.y)]);
  return Buffer.concat([sshString('ecdsa-sha2-nistp256'), sshString('nistp256'), sshString(point)]);
}

export function allowedLine(principals: string, blob: Buffer, options = ''): string {
  const type = blob.subarray(4, 4 + blob.readUInt32BE(0)).toString();
  return [principals, options, type, blob.toString('base64')].filter(Boolean).join(' ');
}

export function armor(blob: Buffer): string {
  const lines = blob.toString('base64').match(/.{1,70}/g) ?? [];
  return ['-----BEGIN SSH SIGNATURE-----', ...lines, '-----END SSH SIGNATURE-----', ''].join('\n');
}

export interface Forgery {
  publicKey: Buffer;
  namespace: string;
  hashAlgorithm: 'sha256' | 'sha512';
  message: string;
  /** Name inside the signature envelope, e.g. `rsa-sha2-256`. */
  signatureAlgorithm: string;
  /** Makes the raw signature bytes over the data to sign. */
  sign: (data: Buffer) => Buffer;
  /** The blob's reserved field; the signed data always has it empty, as OpenSSH signs. */
  reserved?: string;
}

/** An SSHSIG built by hand, independently of src/governance/sshsig.ts. */
export function forgeSignature(forgery: Forgery): string {
  const digest = createHash(forgery.hashAlgorithm).update(forgery.message).digest();
  const common = [sshString(forgery.namespace)];
  const toSign = Buffer.concat([
    Buffer.from('SSHSIG'),
    ...common,
    sshString(''),
    sshString(forgery.hashAlgorithm),
    sshString(digest),
  ]);
  const envelope = Buffer.concat([sshString(forgery.signatureAlgorithm), sshString(forgery.sign(toSign))]);
  const version = Buffer.alloc(4);
  version.writeUInt32BE(1);
  return armor(
    Buffer.concat([
      Buffer.from('SSHSIG'),
      version,
      sshString(forgery.publicKey),
      ...common,
      sshString(forgery.reserved ?? ''),
      sshString(forgery.hashAlgorithm),
      sshString(envelope),
    ]),
  );
}

/** Signs with a node:crypto private key the way each SSH signature algorithm wants. */
export function signerFor(privateKey: KeyObject, algorithm: string): (data: Buffer) => Buffer {
  if (algorithm === 'ssh-ed25519') return (data) => sign(null, data, privateKey);
  if (algorithm === 'ecdsa-sha2-nistp256') {
    return (data) => {
      const p1363 = sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      return Buffer.concat([sshMpint(p1363.subarray(0, 32)), sshMpint(p1363.subarray(32))]);
    };
  }
  const hash = { 'rsa-sha2-256': 'sha256', 'rsa-sha2-512': 'sha512', 'ssh-rsa': 'sha1' }[algorithm];
  if (!hash) throw new Error(`no signer for ${algorithm}`);
  return (data) => sign(hash, data, privateKey);
}
