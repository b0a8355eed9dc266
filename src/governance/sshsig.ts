/**
 * SSH signatures as `ssh-keygen -Y sign` makes them (OpenSSH PROTOCOL.sshsig), verified with
 * node:crypto alone. Supported keys: ssh-ed25519, ecdsa-sha2-nistp256/384/521 and ssh-rsa with
 * rsa-sha2-256/512 signatures. Security-key (sk-*) keys and certificates are refused, never
 * half-verified; so is the legacy SHA-1 `ssh-rsa` signature.
 */
import { constants, createHash, createPublicKey, type JsonWebKey, type KeyObject, verify } from 'node:crypto';
import { InputError, type InputLocation } from '../core/errors.js';

/** A signature that is unreadable, refused or does not verify: exit 2 like any bad input. */
export class SignatureError extends InputError {
  constructor(problem: string, location: InputLocation = {}) {
    super(problem, location);
    Object.defineProperty(this, 'name', { value: 'SignatureError' });
  }
}

export type HashAlgorithm = 'sha256' | 'sha512';

export interface SshPublicKey {
  /** The key type name, e.g. `ssh-ed25519`. */
  type: string;
  /** Canonical wire encoding; two keys are the same key exactly when their blobs are equal. */
  blob: Buffer;
  /** As ssh-keygen prints it: `SHA256:` + unpadded base64 of SHA-256(blob). */
  fingerprint: string;
  /** Absent for security-key (sk-*) types: they may be listed, but never verify. */
  keyObject?: KeyObject;
}

export interface SshSignature {
  publicKey: SshPublicKey;
  namespace: string;
  hashAlgorithm: HashAlgorithm;
  /** e.g. `ssh-ed25519`, `ecdsa-sha2-nistp256`, `rsa-sha2-512`. */
  signatureAlgorithm: string;
  /** The raw signature bytes inside the signature's algorithm envelope. */
  signature: Buffer;
}

const MAGIC = Buffer.from('SSHSIG');
const BEGIN = '-----BEGIN SSH SIGNATURE-----';
const END = '-----END SSH SIGNATURE-----';
/** OpenSSH's SSH_RSA_MINIMUM_MODULUS_SIZE. */
const RSA_MIN_BITS = 1024;

const ECDSA = {
  'ecdsa-sha2-nistp256': { curve: 'nistp256', crv: 'P-256', size: 32, hash: 'sha256' },
  'ecdsa-sha2-nistp384': { curve: 'nistp384', crv: 'P-384', size: 48, hash: 'sha384' },
  'ecdsa-sha2-nistp521': { curve: 'nistp521', crv: 'P-521', size: 66, hash: 'sha512' },
} as const;
type EcdsaType = keyof typeof ECDSA;
const isEcdsa = (type: string): type is EcdsaType => Object.hasOwn(ECDSA, type);

const RSA_SIGNATURES: Record<string, string> = { 'rsa-sha2-256': 'sha256', 'rsa-sha2-512': 'sha512' };

export const SUPPORTED_KEY_TYPES = ['ssh-ed25519', ...Object.keys(ECDSA), 'ssh-rsa'] as const;
export const SECURITY_KEY_TYPES = ['sk-ssh-ed25519@openssh.com', 'sk-ecdsa-sha2-nistp256@openssh.com'];

/** Reads SSH wire types (RFC 4251 §5); every read is bounds-checked. */
export class SshReader {
  private offset = 0;
  constructor(
    private readonly data: Buffer,
    private readonly what: string,
  ) {}

  private fail(problem: string): never {
    throw new SignatureError(`malformed ${this.what}: ${problem}`);
  }

  uint32(): number {
    if (this.offset + 4 > this.data.length) this.fail('truncated');
    const value = this.data.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  bytes(length: number): Buffer {
    if (this.offset + length > this.data.length) this.fail('truncated');
    const value = this.data.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  string(): Buffer {
    return this.bytes(this.uint32());
  }

  /** A string holding text; NUL bytes refused as OpenSSH's sshbuf_get_cstring does. */
  text(): string {
    const value = this.string();
    if (value.includes(0)) this.fail('text contains a NUL byte');
    return value.toString('utf8');
  }

  /** A non-negative mpint, returned as its unsigned big-endian magnitude without leading zeros. */
  mpint(): Buffer {
    const value = this.string();
    if (value.length > 0 && (value[0]! & 0x80) !== 0) this.fail('negative integer');
    let start = 0;
    while (start < value.length && value[start] === 0) start++;
    return value.subarray(start);
  }

  end(): void {
    if (this.offset !== this.data.length) this.fail('trailing data');
  }
}

export function sshString(value: Buffer | string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** An unsigned magnitude as an SSH mpint: a leading zero byte when the top bit is set. */
function sshMpint(magnitude: Buffer): Buffer {
  const needsPad = magnitude.length > 0 && (magnitude[0]! & 0x80) !== 0;
  return sshString(needsPad ? Buffer.concat([Buffer.from([0]), magnitude]) : magnitude);
}

export function sshFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

function keyObjectFromJwk(jwk: JsonWebKey, type: string): KeyObject {
  try {
    return createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    throw new SignatureError(`invalid ${type} public key`);
  }
}

/** Parses a public key blob (the decoded base64 of an authorized_keys / allowed-signers key). */
export function parsePublicKeyBlob(data: Buffer): SshPublicKey {
  const reader = new SshReader(data, 'public key');
  const type = reader.text();
  let blob = data;
  let keyObject: KeyObject | undefined;
  if (type === 'ssh-ed25519') {
    const point = reader.string();
    if (point.length !== 32) throw new SignatureError('malformed public key: ed25519 key is not 32 bytes');
    keyObject = keyObjectFromJwk({ kty: 'OKP', crv: 'Ed25519', x: point.toString('base64url') }, type);
  } else if (isEcdsa(type)) {
    const { curve, crv, size } = ECDSA[type];
    if (reader.text() !== curve) throw new SignatureError(`malformed public key: curve is not ${curve}`);
    const point = reader.string();
    if (point.length !== 1 + 2 * size || point[0] !== 4) {
      throw new SignatureError(`malformed public key: not an uncompressed ${curve} point`);
    }
    const x = point.subarray(1, 1 + size).toString('base64url');
    const y = point.subarray(1 + size).toString('base64url');
    keyObject = keyObjectFromJwk({ kty: 'EC', crv, x, y }, type);
  } else if (type === 'ssh-rsa') {
    const e = reader.mpint();
    const n = reader.mpint();
    const bits = n.length === 0 ? 0 : (n.length - 1) * 8 + (32 - Math.clz32(n[0]!));
    if (bits < RSA_MIN_BITS) throw new SignatureError(`RSA key of ${bits} bits is too small`);
    // Re-encoded so that a non-minimal mpint does not change the fingerprint (ssh-keygen's neither).
    blob = Buffer.concat([sshString(type), sshMpint(e), sshMpint(n)]);
    keyObject = keyObjectFromJwk(
      { kty: 'RSA', n: n.toString('base64url'), e: e.toString('base64url') },
      type,
    );
  } else if (type === 'sk-ssh-ed25519@openssh.com') {
    reader.string();
    reader.string(); // application
  } else if (type === 'sk-ecdsa-sha2-nistp256@openssh.com') {
    reader.string();
    reader.string();
    reader.string(); // application
  } else if (type.endsWith('-cert-v01@openssh.com')) {
    throw new SignatureError(`certificate keys (${type}) are not supported`);
  } else {
    throw new SignatureError(`unsupported key type ${type} (expected ${SUPPORTED_KEY_TYPES.join(', ')})`);
  }
  reader.end();
  return { type, blob, fingerprint: sshFingerprint(blob), ...(keyObject ? { keyObject } : {}) };
}

/** Strips the armor; surrounding whitespace and CRLF line ends are tolerated. */
export function dearmorSignature(armored: string): Buffer {
  const text = armored.replace(/\r\n/g, '\n').trim();
  if (!text.startsWith(`${BEGIN}\n`)) {
    throw new SignatureError(`not an SSH signature: expected a ${BEGIN} line`);
  }
  // As OpenSSH: whatever follows the END line is not part of the signature.
  const end = text.indexOf(`\n${END}`);
  if (end < 0) throw new SignatureError(`not an SSH signature: expected a ${END} line`);
  const base64 = text.slice(BEGIN.length + 1, end).replace(/\s+/g, '');
  if (base64 === '' || base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    throw new SignatureError('not an SSH signature: the text between the armor lines is not base64');
  }
  return Buffer.from(base64, 'base64');
}

export function parseArmoredSignature(armored: string): SshSignature {
  return parseSignatureBlob(dearmorSignature(armored));
}

/** Parses the SSHSIG blob and checks its algorithm envelope fits the key; does not verify. */
export function parseSignatureBlob(data: Buffer): SshSignature {
  if (data.length < MAGIC.length || !data.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new SignatureError('not an SSH signature: missing the SSHSIG preamble');
  }
  const reader = new SshReader(data.subarray(MAGIC.length), 'SSH signature');
  const version = reader.uint32();
  if (version !== 1) throw new SignatureError(`unsupported SSH signature version ${version}`);
  const keyBlob = reader.string();
  const namespace = reader.text();
  const reserved = reader.string();
  const hashAlgorithm = reader.text();
  const envelope = reader.string();
  reader.end();
  // OpenSSH signs an empty reserved field whatever the blob holds; refusing others avoids the question.
  if (reserved.length > 0) throw new SignatureError('unsupported SSH signature: reserved field is not empty');
  if (hashAlgorithm !== 'sha256' && hashAlgorithm !== 'sha512') {
    throw new SignatureError(`unsupported hash algorithm ${hashAlgorithm} (expected sha256 or sha512)`);
  }
  const publicKey = parsePublicKeyBlob(keyBlob);
  if (!publicKey.keyObject) {
    throw new SignatureError(`security-key signatures (${publicKey.type}) are not supported`);
  }
  const inner = new SshReader(envelope, 'SSH signature');
  const signatureAlgorithm = inner.text();
  const signature = inner.string();
  inner.end();
  checkAlgorithm(publicKey.type, signatureAlgorithm);
  return { publicKey, namespace, hashAlgorithm, signatureAlgorithm, signature };
}

function checkAlgorithm(keyType: string, algorithm: string): void {
  if (keyType === 'ssh-rsa') {
    if (algorithm === 'ssh-rsa') {
      throw new SignatureError(
        'legacy ssh-rsa (SHA-1) signatures are refused; sign with rsa-sha2-256 or rsa-sha2-512',
      );
    }
    if (!Object.hasOwn(RSA_SIGNATURES, algorithm)) {
      throw new SignatureError(`unsupported RSA signature algorithm ${algorithm}`);
    }
  } else if (algorithm !== keyType) {
    throw new SignatureError(`signature algorithm ${algorithm} does not match the ${keyType} key`);
  }
}

/** The bytes the signer actually signed (PROTOCOL.sshsig), reserved always empty. */
export function signedData(
  namespace: string,
  hashAlgorithm: HashAlgorithm,
  message: string | Buffer,
): Buffer {
  const digest = createHash(hashAlgorithm).update(message).digest();
  return Buffer.concat([
    MAGIC,
    sshString(namespace),
    sshString(Buffer.alloc(0)),
    sshString(hashAlgorithm),
    sshString(digest),
  ]);
}

/** True when the signature is the key's signature over this message in the signature's own namespace. */
export function verifySshSignature(signature: SshSignature, message: string | Buffer): boolean {
  const key = signature.publicKey.keyObject;
  if (!key) return false;
  const data = signedData(signature.namespace, signature.hashAlgorithm, message);
  try {
    const { type } = signature.publicKey;
    if (type === 'ssh-ed25519') {
      return signature.signature.length === 64 && verify(null, data, key, signature.signature);
    }
    if (isEcdsa(type)) {
      const { size, hash } = ECDSA[type];
      const pair = new SshReader(signature.signature, 'ECDSA signature');
      const r = pair.mpint();
      const s = pair.mpint();
      pair.end();
      if (r.length > size || s.length > size) return false;
      // IEEE-P1363: r and s, each left-padded to the curve's byte size.
      const p1363 = Buffer.concat([Buffer.alloc(size - r.length), r, Buffer.alloc(size - s.length), s]);
      return verify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, p1363);
    }
    const hash = Object.hasOwn(RSA_SIGNATURES, signature.signatureAlgorithm)
      ? RSA_SIGNATURES[signature.signatureAlgorithm]
      : undefined;
    const modulusBytes = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
    if (!hash || signature.signature.length > modulusBytes) return false;
    // OpenSSH accepts signatures shorter than the modulus and left-pads them; so do we.
    const padded = Buffer.concat([
      Buffer.alloc(modulusBytes - signature.signature.length),
      signature.signature,
    ]);
    return verify(hash, data, { key, padding: constants.RSA_PKCS1_PADDING }, padded);
  } catch (error) {
    if (error instanceof SignatureError) throw error;
    return false;
  }
}
