/**
 * Verifying a governance decision's SSH signature against an allowed-signers file, with the
 * semantics of `ssh-keygen -Y verify -f allowed_signers -I principal -n namespace -s sig`:
 * the signature must be the key's over the message in the expected namespace, and some line of
 * the file must list that key for a pattern matching the principal, allow the namespace, and be
 * valid at the given time (valid-after ≤ at ≤ valid-before, whole seconds, bounds included).
 */
import { type AllowedSigner, matchesPatternList } from './allowed-signers.js';
import { parseArmoredSignature, SignatureError, type SshSignature, verifySshSignature } from './sshsig.js';

export interface VerifiedSignature {
  principal: string;
  keyType: string;
  fingerprint: string;
  namespace: string;
}

export interface SignatureCheck {
  /** The exact bytes signed (a string is taken as UTF-8). */
  message: string | Buffer;
  /** The `-----BEGIN SSH SIGNATURE-----` text `ssh-keygen -Y sign` wrote. */
  armored: string;
  namespace: string;
  allowedSigners: readonly AllowedSigner[];
  principal: string;
  at: Date;
}

/**
 * Throws SignatureError saying why, e.g. "signature does not match the decision text",
 * "wrong namespace git, expected nhiscan", "key SHA256:… is not in the allowed-signers file for
 * principal alice@acme.example", or "<file>, line 3: key not valid on 2026-11-26 (valid-before 20261101)".
 */
export function verifyDecisionSignature(input: SignatureCheck): VerifiedSignature {
  const signature = parseArmoredSignature(input.armored);
  // The order of OpenSSH's checks: namespace, then the signature itself, then the file.
  if (signature.namespace !== input.namespace) {
    throw new SignatureError(`wrong namespace ${signature.namespace}, expected ${input.namespace}`);
  }
  if (!verifySshSignature(signature, input.message)) {
    throw new SignatureError('signature does not match the decision text');
  }
  const { fingerprint, type } = signature.publicKey;
  const forPrincipal = input.allowedSigners.filter((signer) =>
    matchesPatternList(input.principal, signer.principals),
  );
  if (forPrincipal.length === 0) {
    throw new SignatureError(`principal ${input.principal} is not in the allowed-signers file`);
  }
  const lines = forPrincipal.filter((signer) => sameKey(signer, signature));
  if (lines.length === 0) {
    const elsewhere = input.allowedSigners.find((signer) => sameKey(signer, signature));
    const hint = elsewhere ? ` (it is listed for ${elsewhere.principals.join(',')})` : '';
    throw new SignatureError(
      `key ${fingerprint} is not in the allowed-signers file for principal ${input.principal}${hint}`,
    );
  }
  // Any line that allows it will do; otherwise the first line's reason, located.
  const refusals = lines.map((signer) => ({
    signer,
    problem: lineRefusal(signer, input.namespace, input.at),
  }));
  if (refusals.some(({ problem }) => problem === null)) {
    return { principal: input.principal, keyType: type, fingerprint, namespace: signature.namespace };
  }
  const { signer, problem } = refusals[0]!;
  throw new SignatureError(problem!, { file: signer.file, line: signer.line });
}

export interface PrincipalQuery {
  armored: string;
  namespace: string;
  allowedSigners: readonly AllowedSigner[];
  at: Date;
}

/**
 * The principal patterns of the lines that list this signature's key and allow the namespace at
 * this time, in file order without repeats (negated `!patterns` left out). Like `ssh-keygen -Y
 * find-principals` it does not verify the signature: verify with a principal found. A pattern
 * such as `*@acme.example` is returned as written; it names no one by itself.
 */
export function principalsForSignature(query: PrincipalQuery): string[] {
  const signature = parseArmoredSignature(query.armored);
  const found = new Set<string>();
  for (const signer of query.allowedSigners) {
    if (!sameKey(signer, signature) || lineRefusal(signer, query.namespace, query.at) !== null) continue;
    for (const principal of signer.principals) if (!principal.startsWith('!')) found.add(principal);
  }
  return [...found];
}

function sameKey(signer: AllowedSigner, signature: SshSignature): boolean {
  return signer.key.blob.equals(signature.publicKey.blob);
}

/** Why this line does not allow signing in `namespace` at `at`, or null when it does. */
function lineRefusal(signer: AllowedSigner, namespace: string, at: Date): string | null {
  if (signer.namespaces && !matchesPatternList(namespace, signer.namespaces)) {
    return `key may not sign in namespace ${namespace} (namespaces="${signer.namespaces.join(',')}")`;
  }
  // OpenSSH compares whole seconds: refused before valid-after or after valid-before.
  const seconds = Math.floor(at.getTime() / 1000);
  const after = signer.validAfter;
  if (after && seconds < Math.floor(after.date.getTime() / 1000)) {
    return `key not valid on ${describe(at)} (valid-after ${after.text})`;
  }
  const before = signer.validBefore;
  if (before && seconds > Math.floor(before.date.getTime() / 1000)) {
    return `key not valid on ${describe(at)} (valid-before ${before.text})`;
  }
  return null;
}

/** The UTC day, or the UTC second when `at` is not midnight. */
function describe(at: Date): string {
  const iso = at.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 19)}Z`;
}
