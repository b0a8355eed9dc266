/**
 * SSH signature verification against real OpenSSH: keys from ssh-keygen, signatures from
 * `ssh-keygen -Y sign`, and every verdict that matters cross-checked with `ssh-keygen -Y verify`
 * so that ours and OpenSSH's agree (both accept, both refuse).
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { parseAllowedSigners, parseSignerTime } from '../../src/governance/allowed-signers.js';
import { parseArmoredSignature, SignatureError } from '../../src/governance/sshsig.js';
import { principalsForSignature, verifyDecisionSignature } from '../../src/governance/verify-signature.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import {
  allowedLine,
  armor,
  forgeSignature,
  type GeneratedKey,
  generateKey,
  opensshFindPrincipals,
  opensshVerifies,
  publicBlob,
  signerFor,
  sshSign,
  sshString,
} from './support/ssh-keys.js';

const AT = new Date('2026-11-26T00:00:00Z');
const MESSAGE = 'approve revocation 42 of AKIA0000EXAMPLE\nby alice@acme.example\n';
const ALICE = 'alice@acme.example';
const FILE = 'allowed_signers';

let dir: { path: string; remove: () => void };
const keys = {} as Record<'ed25519' | 'ecdsa256' | 'ecdsa384' | 'ecdsa521' | 'rsa' | 'bob', GeneratedKey>;

beforeAll(() => {
  dir = temporaryDirectory('nhiscan-sshsig-');
  keys.ed25519 = generateKey(dir.path, 'ed25519', ['-t', 'ed25519']);
  keys.ecdsa256 = generateKey(dir.path, 'ecdsa256', ['-t', 'ecdsa', '-b', '256']);
  keys.ecdsa384 = generateKey(dir.path, 'ecdsa384', ['-t', 'ecdsa', '-b', '384']);
  keys.ecdsa521 = generateKey(dir.path, 'ecdsa521', ['-t', 'ecdsa', '-b', '521']);
  keys.rsa = generateKey(dir.path, 'rsa', ['-t', 'rsa', '-b', '2048']);
  keys.bob = generateKey(dir.path, 'bob', ['-t', 'ed25519']);
});
afterAll(() => dir.remove());

interface Case {
  allowed: string;
  armored: string;
  principal?: string;
  namespace?: string;
  message?: string;
  at?: Date;
}

/** Our verdict (the result, or the error message) and OpenSSH's (true when it says Good). */
function verdicts(c: Case): { ours: string | { principal: string; fingerprint: string }; openssh: boolean } {
  const check = {
    message: c.message ?? MESSAGE,
    armored: c.armored,
    namespace: c.namespace ?? 'nhiscan',
    principal: c.principal ?? ALICE,
    at: c.at ?? AT,
  };
  const openssh = opensshVerifies(dir.path, { ...check, allowedSigners: c.allowed });
  try {
    const allowedSigners = parseAllowedSigners(c.allowed, FILE);
    const { principal, fingerprint } = verifyDecisionSignature({ ...check, allowedSigners });
    return { ours: { principal, fingerprint }, openssh };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { ours: error.message, openssh };
  }
}

const sign = (key: GeneratedKey, namespace = 'nhiscan', extra: string[] = [], message = MESSAGE) =>
  sshSign(dir.path, key, message, namespace, extra);

describe('verifyDecisionSignature', () => {
  it.each([
    ['ed25519', 'ssh-ed25519', 'ssh-ed25519'],
    ['ecdsa256', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp256'],
    ['ecdsa384', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp384'],
    ['ecdsa521', 'ecdsa-sha2-nistp521', 'ecdsa-sha2-nistp521'],
    ['rsa', 'ssh-rsa', 'rsa-sha2-512'],
  ] as const)(
    'verifies a %s signature from ssh-keygen -Y sign, as OpenSSH does',
    (name, keyType, algorithm) => {
      const key = keys[name];
      const armored = sign(key);
      const allowedSigners = parseAllowedSigners(`${ALICE} ${key.publicKey}\n`, FILE);
      expect(
        verifyDecisionSignature({
          message: MESSAGE,
          armored,
          namespace: 'nhiscan',
          allowedSigners,
          principal: ALICE,
          at: AT,
        }),
      ).toEqual({
        principal: ALICE,
        keyType,
        fingerprint: key.fingerprint,
        namespace: 'nhiscan',
      });
      expect(parseArmoredSignature(armored)).toMatchObject({
        hashAlgorithm: 'sha512',
        signatureAlgorithm: algorithm,
      });
      expect(verdicts({ allowed: `${ALICE} ${key.publicKey}\n`, armored }).openssh).toBe(true);
    },
  );

  it('verifies a signature made with -O hashalg=sha256', () => {
    const armored = sign(keys.ed25519, 'nhiscan', ['-O', 'hashalg=sha256']);
    expect(parseArmoredSignature(armored).hashAlgorithm).toBe('sha256');
    expect(verdicts({ allowed: `${ALICE} ${keys.ed25519.publicKey}\n`, armored })).toEqual({
      ours: { principal: ALICE, fingerprint: keys.ed25519.fingerprint },
      openssh: true,
    });
  });

  it('takes a Buffer message byte for byte', () => {
    const armored = sign(keys.ed25519);
    const allowedSigners = parseAllowedSigners(`${ALICE} ${keys.ed25519.publicKey}\n`, FILE);
    const check = { armored, namespace: 'nhiscan', allowedSigners, principal: ALICE, at: AT };
    expect(verifyDecisionSignature({ ...check, message: Buffer.from(MESSAGE) }).principal).toBe(ALICE);
    expect(() => verifyDecisionSignature({ ...check, message: MESSAGE.trimEnd() })).toThrow(SignatureError);
  });

  it('refuses a tampered message, as OpenSSH does', () => {
    const armored = sign(keys.ecdsa256);
    const allowed = `${ALICE} ${keys.ecdsa256.publicKey}\n`;
    expect(verdicts({ allowed, armored, message: MESSAGE.replace('42', '43') })).toEqual({
      ours: 'signature does not match the decision text',
      openssh: false,
    });
  });

  it('refuses a signature made for another namespace, as OpenSSH does', () => {
    const armored = sign(keys.ed25519, 'git');
    expect(verdicts({ allowed: `${ALICE} ${keys.ed25519.publicKey}\n`, armored })).toEqual({
      ours: 'wrong namespace git, expected nhiscan',
      openssh: false,
    });
  });

  it('refuses a principal the file does not list, as OpenSSH does', () => {
    const armored = sign(keys.ed25519);
    expect(
      verdicts({
        allowed: `${ALICE} ${keys.ed25519.publicKey}\n`,
        armored,
        principal: 'mallory@acme.example',
      }),
    ).toEqual({
      ours: 'principal mallory@acme.example is not in the allowed-signers file',
      openssh: false,
    });
  });

  it('refuses a key the file lists for another principal, as OpenSSH does', () => {
    const armored = sign(keys.bob);
    const allowed = `${ALICE} ${keys.ed25519.publicKey}\nbob@acme.example ${keys.bob.publicKey}\n`;
    expect(verdicts({ allowed, armored })).toEqual({
      ours: `key ${keys.bob.fingerprint} is not in the allowed-signers file for principal ${ALICE} (it is listed for bob@acme.example)`,
      openssh: false,
    });
  });

  it('refuses a key restricted to other namespaces, and accepts a matching namespace pattern, as OpenSSH does', () => {
    const armored = sign(keys.ed25519);
    expect(verdicts({ allowed: `${ALICE} namespaces="git" ${keys.ed25519.publicKey}\n`, armored })).toEqual({
      ours: `${FILE}, line 1: key may not sign in namespace nhiscan (namespaces="git")`,
      openssh: false,
    });
    expect(
      verdicts({ allowed: `${ALICE} namespaces="git,nhis*" ${keys.ed25519.publicKey}\n`, armored }),
    ).toEqual({
      ours: { principal: ALICE, fingerprint: keys.ed25519.fingerprint },
      openssh: true,
    });
  });

  it('refuses a key outside its valid-after / valid-before window, as OpenSSH does', () => {
    const armored = sign(keys.ed25519);
    const key = keys.ed25519.publicKey;
    expect(verdicts({ allowed: `${ALICE} valid-before="20261101" ${key}\n`, armored })).toEqual({
      ours: `${FILE}, line 1: key not valid on 2026-11-26 (valid-before 20261101)`,
      openssh: false,
    });
    expect(verdicts({ allowed: `${ALICE} valid-after="20261127Z" ${key}\n`, armored })).toEqual({
      ours: `${FILE}, line 1: key not valid on 2026-11-26 (valid-after 20261127Z)`,
      openssh: false,
    });
    const window = `${ALICE} valid-after="20260101Z",valid-before="20261231Z" ${key}\n`;
    expect(verdicts({ allowed: window, armored }).openssh).toBe(true);
    expect(verdicts({ allowed: window, armored }).ours).toEqual({
      principal: ALICE,
      fingerprint: keys.ed25519.fingerprint,
    });
  });

  it('reads a valid-before without Z in local time, to the second, as OpenSSH does', () => {
    const armored = sign(keys.ed25519);
    const allowed = `${ALICE} valid-before="202611011200" ${keys.ed25519.publicKey}\n`;
    const zone = process.env.TZ;
    process.env.TZ = 'Asia/Kolkata'; // UTC+05:30: 12:00 there is 06:30Z
    try {
      const env = { ...process.env, TZ: 'Asia/Kolkata' };
      const last = new Date('2026-11-01T06:30:00Z');
      const late = new Date('2026-11-01T06:30:01Z');
      const allowedSigners = parseAllowedSigners(allowed, FILE);
      const check = { message: MESSAGE, armored, namespace: 'nhiscan', allowedSigners, principal: ALICE };
      expect(verifyDecisionSignature({ ...check, at: last }).principal).toBe(ALICE);
      expect(() => verifyDecisionSignature({ ...check, at: late })).toThrow(
        `${FILE}, line 1: key not valid on 2026-11-01T06:30:01Z (valid-before 202611011200)`,
      );
      const openssh = {
        allowedSigners: allowed,
        principal: ALICE,
        namespace: 'nhiscan',
        armored,
        message: MESSAGE,
        env,
      };
      expect(opensshVerifies(dir.path, { ...openssh, at: last })).toBe(true);
      expect(opensshVerifies(dir.path, { ...openssh, at: late })).toBe(false);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('matches principal patterns case-sensitively with * ? and ! negation, as OpenSSH does', () => {
    const armored = sign(keys.ed25519);
    const key = keys.ed25519.publicKey;
    const cases: [string, string, boolean][] = [
      [`*@acme.example ${key}`, ALICE, true],
      [`"al?ce@acme.example,bob@acme.example" ${key}`, ALICE, true],
      [`*@acme.example ${key}`, 'Alice@acme.example', true],
      [`*@acme.example ${key}`, 'alice@ACME.example', false],
      [`alice@acme.example ${key}`, 'Alice@acme.example', false],
      [`!mallory@acme.example,*@acme.example ${key}`, 'mallory@acme.example', false],
      [`*@acme.example ${key}`, 'alice@acme.example.evil', false],
    ];
    for (const [line, principal, good] of cases) {
      const { ours, openssh } = verdicts({ allowed: `${line}\n`, armored, principal });
      expect({ line, principal, openssh }).toEqual({ line, principal, openssh: good });
      expect(typeof ours === 'object').toBe(good);
    }
  });

  it('accepts rsa-sha2-256 and refuses the legacy SHA-1 ssh-rsa signature, as OpenSSH does', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const blob = publicBlob(publicKey);
    const allowed = `${allowedLine(ALICE, blob)}\n`;
    const forge = (signatureAlgorithm: string) =>
      forgeSignature({
        publicKey: blob,
        namespace: 'nhiscan',
        hashAlgorithm: 'sha256',
        message: MESSAGE,
        signatureAlgorithm,
        sign: signerFor(privateKey, signatureAlgorithm),
      });
    expect(verdicts({ allowed, armored: forge('rsa-sha2-256') })).toMatchObject({
      ours: { principal: ALICE },
      openssh: true,
    });
    expect(verdicts({ allowed, armored: forge('ssh-rsa') })).toEqual({
      ours: 'legacy ssh-rsa (SHA-1) signatures are refused; sign with rsa-sha2-256 or rsa-sha2-512',
      openssh: false,
    });
  });

  it('verifies an ECDSA signature whose r is shorter than the curve size, as OpenSSH does', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const blob = publicBlob(publicKey);
    const sign = signerFor(privateKey, 'ecdsa-sha2-nistp256');
    // r with a leading zero byte is 1 in 256 signatures: sign until one is short (an mpint under 32 bytes).
    const short = (data: Buffer) => {
      for (;;) {
        const signature = sign(data);
        if (signature.readUInt32BE(0) < 32) return signature;
      }
    };
    const armored = forgeSignature({
      publicKey: blob,
      namespace: 'nhiscan',
      hashAlgorithm: 'sha512',
      message: MESSAGE,
      signatureAlgorithm: 'ecdsa-sha2-nistp256',
      sign: short,
    });
    expect(verdicts({ allowed: `${allowedLine(ALICE, blob)}\n`, armored })).toMatchObject({
      ours: { principal: ALICE },
      openssh: true,
    });
  });

  it('refuses a security-key (sk-*) signature with a clear message', () => {
    const skKey = Buffer.concat([
      sshString('sk-ssh-ed25519@openssh.com'),
      sshString(Buffer.alloc(32, 7)),
      sshString('ssh:'),
    ]);
    const armored = forgeSignature({
      publicKey: skKey,
      namespace: 'nhiscan',
      hashAlgorithm: 'sha512',
      message: MESSAGE,
      signatureAlgorithm: 'sk-ssh-ed25519@openssh.com',
      sign: () => Buffer.alloc(64),
    });
    const allowed = `${allowedLine(ALICE, skKey)}\n`;
    expect(parseAllowedSigners(allowed, FILE)[0]!.key.type).toBe('sk-ssh-ed25519@openssh.com');
    expect(verdicts({ allowed, armored })).toEqual({
      ours: 'security-key signatures (sk-ssh-ed25519@openssh.com) are not supported',
      openssh: false,
    });
  });

  it('refuses a non-empty reserved field, which OpenSSH ignores (it signs and verifies it empty)', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const blob = publicBlob(publicKey);
    const armored = forgeSignature({
      publicKey: blob,
      namespace: 'nhiscan',
      hashAlgorithm: 'sha512',
      message: MESSAGE,
      signatureAlgorithm: 'ssh-ed25519',
      sign: signerFor(privateKey, 'ssh-ed25519'),
      reserved: 'x',
    });
    expect(verdicts({ allowed: `${allowedLine(ALICE, blob)}\n`, armored })).toEqual({
      ours: 'unsupported SSH signature: reserved field is not empty',
      openssh: true,
    });
  });

  it('ignores text after the END line and surrounding blank lines, as OpenSSH does', () => {
    const armored = `${sign(keys.ed25519)}\nnot part of the signature\n`;
    expect(verdicts({ allowed: `${ALICE} ${keys.ed25519.publicKey}\n`, armored })).toMatchObject({
      ours: { principal: ALICE },
      openssh: true,
    });
  });

  const good = () => sign(keys.ed25519);
  it.each([
    [
      'plain text',
      () => 'not a signature',
      'not an SSH signature: expected a -----BEGIN SSH SIGNATURE----- line',
    ],
    [
      'no END line',
      () => good().replace('-----END SSH SIGNATURE-----', ''),
      'not an SSH signature: expected a -----END SSH SIGNATURE----- line',
    ],
    [
      'garbage inside',
      () => '-----BEGIN SSH SIGNATURE-----\n@@garbage@@\n-----END SSH SIGNATURE-----\n',
      'not an SSH signature: the text between the armor lines is not base64',
    ],
    [
      'not SSHSIG',
      () => armor(Buffer.from('hello, world')),
      'not an SSH signature: missing the SSHSIG preamble',
    ],
    [
      'truncated',
      () => armor(Buffer.from(good().split('\n').slice(1, -2).join(''), 'base64').subarray(0, 60)),
      'malformed SSH signature: truncated',
    ],
    [
      'trailing bytes',
      () =>
        armor(
          Buffer.concat([Buffer.from(good().split('\n').slice(1, -2).join(''), 'base64'), Buffer.from([0])]),
        ),
      'malformed SSH signature: trailing data',
    ],
  ])('refuses an armored signature with %s cleanly, as OpenSSH does', (_, armored, message) => {
    const text = armored();
    expect(verdicts({ allowed: `${ALICE} ${keys.ed25519.publicKey}\n`, armored: text })).toEqual({
      ours: message,
      openssh: false,
    });
  });
});

describe('principalsForSignature', () => {
  it('lists the principals that may sign with the key in the namespace at the time', () => {
    const armored = sign(keys.ed25519);
    const key = keys.ed25519.publicKey;
    const text = [
      `# governance signers`,
      `${ALICE} ${key}`,
      `bob@acme.example ${keys.bob.publicKey}`,
      `*@acme.example ${key}`,
      `ops@acme.example namespaces="git" ${key}`,
      `carol@acme.example valid-before="20260101Z" ${key}`,
      `!mallory@acme.example,dave@acme.example,${ALICE} ${key}`,
      '',
    ].join('\n');
    const allowedSigners = parseAllowedSigners(text, FILE);
    expect(principalsForSignature({ armored, namespace: 'nhiscan', allowedSigners, at: AT })).toEqual([
      ALICE,
      '*@acme.example',
      'dave@acme.example',
    ]);
    expect(
      principalsForSignature({ armored: sign(keys.ecdsa256), namespace: 'nhiscan', allowedSigners, at: AT }),
    ).toEqual([]);
    // OpenSSH's find-principals stops at the first line listing the key; ours agrees on that line.
    expect(opensshFindPrincipals(dir.path, text, armored, AT)).toEqual([ALICE]);
  });
});

describe('parseAllowedSigners', () => {
  it('reads principals, quoted options and a comment', () => {
    const key = keys.ecdsa384.publicKey;
    const text = `\n  # comment\n"alice@acme.example,*@ops.acme.example" NAMESPACES="nhiscan,git",valid-after="20260101",valid-before="202612312359Z" ${key} alice's laptop\r\n`;
    const [signer, ...rest] = parseAllowedSigners(text, FILE);
    expect(rest).toEqual([]);
    expect(signer).toMatchObject({
      principals: [ALICE, '*@ops.acme.example'],
      namespaces: ['nhiscan', 'git'],
      validAfter: { text: '20260101', date: new Date(2026, 0, 1) },
      validBefore: { text: '202612312359Z', date: new Date('2026-12-31T23:59:00Z') },
      key: { type: 'ecdsa-sha2-nistp384', fingerprint: keys.ecdsa384.fingerprint },
      file: FILE,
      line: 3,
    });
  });

  it('reads OpenSSH time forms and refuses impossible dates', () => {
    expect(parseSignerTime('20261126Z')).toEqual(new Date('2026-11-26T00:00:00Z'));
    expect(parseSignerTime('202611261530utc')).toEqual(new Date('2026-11-26T15:30:00Z'));
    expect(parseSignerTime('20261126153045Z')).toEqual(new Date('2026-11-26T15:30:45Z'));
    for (const bad of ['20260230Z', '2026-11-26', '2026112615Z', '20261326', '19600101Z', '']) {
      expect(parseSignerTime(bad)).toBeNull();
    }
  });

  it('refuses cert-authority lines with the file and line', () => {
    const text = `${ALICE} ${keys.ed25519.publicKey}\n\n*@acme.example cert-authority ${keys.bob.publicKey}\n`;
    expect(() => parseAllowedSigners(text, FILE)).toThrow(
      `${FILE}, line 3: cert-authority lines are not supported: nhiscan verifies plain keys, not certificates`,
    );
  });

  it('reports every bad line with its number and what was expected, never the key', () => {
    const ed = keys.ed25519.publicKey;
    const base64 = ed.split(' ')[1]!;
    const lines = [
      ALICE,
      `${ALICE} ${base64}`,
      `${ALICE} ssh-ed25519`,
      `${ALICE} ssh-ed25519 not*base64`,
      `${ALICE} ssh-rsa ${base64}`,
      `${ALICE} ssh-ed25519 ${base64.slice(0, 40)}`,
      `${ALICE} valid-before=20261101 ${ed}`,
      `${ALICE} valid-before="2026-11-01" ${ed}`,
      `${ALICE} valid-after="20261101Z",valid-before="20261001Z" ${ed}`,
      `${ALICE} frobnicate ${ed}`,
      `${ALICE} namespaces="nhiscan", ${ed}`,
      `${ALICE} ssh-dss ${base64}`,
      `${ALICE} ssh-ed25519-cert-v01@openssh.com ${base64}`,
    ];
    let error: unknown;
    try {
      parseAllowedSigners(lines.join('\n'), FILE);
    } catch (caught) {
      error = caught;
    }
    const messages = (error as { errors: InputError[] }).errors.map((each) => each.message);
    const types =
      'ssh-ed25519, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, ssh-rsa, sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com';
    expect(messages).toEqual([
      `${FILE}, line 1: expected a key type and key after the principals`,
      `${FILE}, line 2: expected options or a key type (one of ${types}) after the principals`,
      `${FILE}, line 3: expected the base64 ssh-ed25519 key after the key type`,
      `${FILE}, line 4: the ssh-ed25519 key is not valid base64`,
      `${FILE}, line 5: the key is a ssh-ed25519 key, not ssh-rsa as the line says`,
      `${FILE}, line 6: the ssh-ed25519 key is invalid: malformed public key: truncated`,
      `${FILE}, line 7: expected valid-before="…" with the value in double quotes`,
      `${FILE}, line 8: expected valid-before="YYYYMMDD[HHMM[SS]][Z]", got "2026-11-01"`,
      `${FILE}, line 9: valid-before is not later than valid-after`,
      `${FILE}, line 10: unknown option frobnicate (expected namespaces, valid-after or valid-before)`,
      `${FILE}, line 11: expected an option after the last comma`,
      `${FILE}, line 12: unsupported key type ssh-dss (expected one of ${types})`,
      `${FILE}, line 13: certificate keys (ssh-ed25519-cert-v01@openssh.com) are not supported`,
    ]);
    for (const message of messages) expect(message).not.toContain(base64.slice(20, 36));
  });
});
