/**
 * Attributable decisions (issue 19, item 4): with governance.signedDecisions: required, an approval
 * carries an SSH signature made by real `ssh-keygen -Y sign -n nhiscan` over the text
 * `--print-decision` prints; the key must be listed in the allowed-signers file for one of the
 * acting person's own identifiers. The signature is kept in the audit record and `audit verify`
 * checks it again. Unsigned, mis-signed or borrowed signatures are refused and recorded.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIAL, governedEstate } from './support/governed-estate.js';
import { generateKey, sshSign } from './support/ssh-keys.js';

describe('signed decisions', () => {
  let estate: Awaited<ReturnType<typeof governedEstate>>;
  let alice: ReturnType<typeof generateKey>;
  let dan: ReturnType<typeof generateKey>;
  beforeAll(async () => {
    estate = await governedEstate('  signedDecisions: required\n  allowedSignersFile: allowed_signers');
    alice = generateKey(estate.dir.path, 'alice_key', ['-t', 'ed25519']);
    dan = generateKey(estate.dir.path, 'dan_key', ['-t', 'ecdsa', '-b', '256']);
    writeFileSync(
      join(estate.dir.path, 'allowed_signers'),
      [
        `# who signs governance decisions (git's gpg.ssh.allowedSignersFile format)`,
        `alice@acme.example namespaces="nhiscan" ${alice.publicKey}`,
        `github:dan ${dan.publicKey}`,
        '',
      ].join('\n'),
    );
  }, 60_000);
  afterAll(() => estate.dir.remove());

  const approve = (by: string, reason: string, ...extra: string[]) =>
    estate.run([
      'queue',
      'approve',
      String(estate.requestOf(CREDENTIAL.carol).id),
      '--by',
      by,
      '--reason',
      reason,
      ...extra,
    ]);
  const signatureFile = (name: string, armored: string) => {
    const path = join(estate.dir.path, name);
    writeFileSync(path, armored);
    return path;
  };

  it('prints the text to sign and decides nothing', async () => {
    const id = estate.requestOf(CREDENTIAL.carol).id;
    const printed = await approve('alice@acme.example', 'left on 1 November', '--print-decision');
    expect(printed.exitCode).toBe(0);
    expect(printed.stdout).toBe(
      `nhiscan decision v1\ndecision: approve\ntarget: request:${id}\nby: alice@acme.example\nreason: left on 1 November\n`,
    );
    expect(estate.requestOf(CREDENTIAL.carol).state).toBe('pending-approval');
  });

  it('refuses an unsigned decision, a signature over other words, and a key listed for someone else', async () => {
    const unsigned = await approve('alice@acme.example', 'left on 1 November');
    expect(unsigned.exitCode).toBe(2);
    expect(unsigned.stderr).toContain(
      'governance.signedDecisions is required: print the text with --print-decision',
    );

    const text = (await approve('alice@acme.example', 'left on 1 November', '--print-decision')).stdout;
    const otherWords = signatureFile(
      'other.sig',
      sshSign(estate.dir.path, alice, text.replace('1 November', '2 November'), 'nhiscan'),
    );
    const tampered = await approve('alice@acme.example', 'left on 1 November', '--signature', otherWords);
    expect(tampered.exitCode).toBe(2);
    expect(tampered.stderr).toContain(
      'the signature does not attribute this decision to Alice Archer (E1): signature does not match the decision text',
    );

    // Dan signs Alice's decision text with his own key: the key is not Alice's.
    const borrowed = signatureFile('borrowed.sig', sshSign(estate.dir.path, dan, text, 'nhiscan'));
    const asAlice = await approve('alice@acme.example', 'left on 1 November', '--signature', borrowed);
    expect(asAlice.exitCode).toBe(2);
    expect(asAlice.stderr).toContain('the signature does not attribute this decision to Alice Archer (E1)');
    expect(
      estate
        .refusals()
        .slice(-3)
        .map(([actor, , refusal]) => [actor, refusal]),
    ).toEqual([
      ['alice@acme.example', 'signature'],
      ['alice@acme.example', 'signature'],
      ['alice@acme.example', 'signature'],
    ]);
    expect(estate.requestOf(CREDENTIAL.carol).state).toBe('pending-approval');
  });

  it('takes a decision signed by the acting person, keeps the signature, and audit verify checks it again', async () => {
    const text = (await approve('Alice Archer', 'left on 1 November', '--print-decision')).stdout;
    const signed = signatureFile('alice.sig', sshSign(estate.dir.path, alice, text, 'nhiscan'));
    const run = await approve('Alice Archer', 'left on 1 November', '--signature', signed);
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(estate.requestOf(CREDENTIAL.carol).state).toBe('approved');
    const record = estate.query<{ actor: string; payload: string }>(
      "SELECT actor, payload FROM audit_log WHERE action = 'request.approved'",
    )[0]!;
    expect(record.actor).toBe('alice@acme.example');
    expect(JSON.parse(record.payload).signature).toEqual({
      principal: 'alice@acme.example',
      keyType: 'ssh-ed25519',
      fingerprint: alice.fingerprint,
      namespace: 'nhiscan',
      text,
      armored: expect.stringMatching(/^-----BEGIN SSH SIGNATURE-----\n[\s\S]+-----END SSH SIGNATURE-----$/),
    });
    const verified = await estate.run(['audit', 'verify']);
    expect(verified.exitCode).toBe(0);
    expect(verified.stdout).toMatch(/; 1 signed decisions verified\n$/);

    // An acknowledgement of a guard is a decision too: unsigned it is refused, signed it is kept.
    const acknowledge = [
      'queue',
      'execute',
      '--accept-hr-change',
      '--by',
      'alice@acme.example',
      '--reason',
      'reorganisation',
    ];
    const unsignedAck = await estate.run(acknowledge);
    expect(unsignedAck.exitCode).toBe(2);
    expect(unsignedAck.stderr).toContain('governance.signedDecisions is required');
    const unsignedScan = await estate.run([
      'scan',
      '--as-of',
      '2026-11-26',
      '--accept-source-change',
      '--by',
      'alice@acme.example',
      '--reason',
      'cleanup',
    ]);
    expect([unsignedScan.exitCode, unsignedScan.stdout]).toEqual([2, '']);
    const ackText = (await estate.run([...acknowledge, '--print-decision'])).stdout;
    expect(ackText).toBe(
      'nhiscan decision v1\ndecision: accept-hr-change\ntarget: hr-snapshot:1\nby: alice@acme.example\nreason: reorganisation\n',
    );
    const ackSignature = signatureFile('ack.sig', sshSign(estate.dir.path, alice, ackText, 'nhiscan'));
    const signedAck = await estate.run([...acknowledge, '--signature', ackSignature]);
    expect(signedAck.exitCode).toBe(0);
    expect(
      estate
        .query<{ actor: string; payload: string }>(
          "SELECT actor, payload FROM audit_log WHERE action = 'guard.acknowledged'",
        )
        .map((row) => [row.actor, JSON.parse(row.payload).signature.fingerprint]),
    ).toEqual([['alice@acme.example', alice.fingerprint]]);
    expect((await estate.run(['audit', 'verify'])).stdout).toMatch(/; 2 signed decisions verified\n$/);

    // The key is taken off the list: the decision no longer verifies against it.
    writeFileSync(join(estate.dir.path, 'revoked_signers'), `github:dan ${dan.publicKey}\n`);
    const revoked = await estate.run(['audit', 'verify', '--allowed-signers', 'revoked_signers']);
    expect(revoked.exitCode).toBe(1);
    expect(revoked.stderr).toContain(
      '(request.approved) does not verify: principal alice@acme.example is not in the allowed-signers file',
    );
  });
});
