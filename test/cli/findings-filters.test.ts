/**
 * `nhiscan findings --rule/--severity/--provider` refuse an unknown value with exit 2 and the list
 * of known ones (issue 21, item 8), instead of printing "No findings." and exiting 0.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULE_IDS } from '../../src/core/model.js';
import { cli } from '../support/cli.js';
import { writeLeaverEstate } from '../support/leaver-estate.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const RULES = RULE_IDS.join(', ');
const PROVIDERS = 'aws, azure, gcp, github, gitlab, kubernetes, okta, snowflake';

describe('nhiscan findings filters', () => {
  const dir = temporaryDirectory('nhiscan-findings-');
  const findings = (...argv: string[]) => cli(['findings', ...argv], { cwd: dir.path });
  const refused = (stderr: string) => ({ exitCode: 2, stdout: '', stderr: `nhiscan: error: ${stderr}\n` });

  beforeAll(async () => {
    writeLeaverEstate(dir.path);
    const scan = await cli(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'], { cwd: dir.path });
    expect([scan.exitCode, scan.stderr]).toEqual([0, '']);
  });
  afterAll(() => dir.remove());

  it('refuses an unknown rule, naming it and listing the rules', async () => {
    expect(await findings('--rule', 'no-such-rule')).toEqual(
      refused(`key --rule: unknown rule "no-such-rule"; expected one of ${RULES}`),
    );
    expect(await findings('--rule', 'stale,leaver-owner,nope')).toEqual(
      refused(`key --rule: unknown rules "leaver-owner", "nope"; expected one of ${RULES}`),
    );
    expect(await findings('--rule', ',')).toEqual(
      refused(`key --rule: expected at least one rule: ${RULES}`),
    );
  });

  it('refuses an unknown severity, listing the severities', async () => {
    expect(await findings('--severity', 'urgent')).toEqual(
      refused('key --severity: expected one of info, low, medium, high, critical, got "urgent"'),
    );
  });

  it("refuses an unknown provider, listing the scanners' providers and those in the database", async () => {
    expect(await findings('--provider', 'snowflak')).toEqual(
      refused(`key --provider: unknown provider "snowflak"; expected one of ${PROVIDERS}`),
    );
    // inventory-file is a scanner type, not a provider: its rows name their own system.
    expect(await findings('--provider', 'inventory-file')).toEqual(
      refused(`key --provider: unknown provider "inventory-file"; expected one of ${PROVIDERS}`),
    );
  });

  it('filters by known values; a known value that matches nothing is "No findings." with exit 0', async () => {
    const leaver = await findings('--provider', 'Snowflake', '--rule', 'leaver-owned', '--json');
    expect(leaver.exitCode).toBe(0);
    expect(
      JSON.parse(leaver.stdout).map((finding: { rule: string; credentialUid: string }) => [
        finding.rule,
        finding.credentialUid,
      ]),
    ).toEqual([['leaver-owned', 'snowflake:acme:token:SNOWBOB00001']]);
    expect(await findings('--provider', 'gcp')).toEqual({
      exitCode: 0,
      stdout: 'No findings.\n',
      stderr: '',
    });
    expect(await findings('--provider', 'aws', '--severity', 'critical')).toEqual({
      exitCode: 0,
      stdout: 'No findings.\n',
      stderr: '',
    });
  });

  it('refuses an unknown framework or item, listing the known ones', async () => {
    expect(await findings('--framework', 'owasp')).toEqual(
      refused(
        'key --framework: unknown framework "owasp"; expected one of owasp-nhi, nist-csf, cis-controls, cis-aws, cis-gcp',
      ),
    );
    expect(await findings('--framework', 'owasp-nhi:NHI2')).toEqual(
      refused('key --framework: unknown owasp-nhi item "NHI2"; expected one of NHI1, NHI5, NHI7, NHI10'),
    );
    expect(await findings('--framework', ',')).toEqual(
      refused(
        'key --framework: expected at least one framework: owasp-nhi, nist-csf, cis-controls, cis-aws, cis-gcp',
      ),
    );
  });

  it('keeps the findings that map to a framework or item, and shows the items matched', async () => {
    const title = 'Token SNOWBOB00001 of snowflake/acme is owned by leaver Bob Baker (terminated 2026-10-01)';
    expect(await findings('--framework', 'OWASP-NHI')).toEqual({
      exitCode: 0,
      stdout: [
        'SEVERITY  RULE          STATUS  FINDING                       ITEMS           TITLE',
        `critical  leaver-owned  open    nhi-348a935b058077466639beb3  owasp-nhi:NHI1  ${title}`,
        '1 finding',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect((await findings('--framework', 'nist-csf:pr.aa-05,cis-controls')).stdout).toContain(
      '  nist-csf:PR.AA-05 cis-controls:6.2  ',
    );
    // A Snowflake token is not an AWS credential: the CIS AWS benchmark does not apply to it.
    expect(await findings('--framework', 'cis-aws')).toEqual({
      exitCode: 0,
      stdout: 'No findings.\n',
      stderr: '',
    });
    const json = await findings('--framework', 'owasp-nhi:NHI1', '--json');
    expect(JSON.parse(json.stdout).map((finding: { compliance: unknown }) => finding.compliance)).toEqual([
      ['owasp-nhi:NHI1', 'nist-csf:GV.RR-04', 'nist-csf:PR.AA-01', 'nist-csf:PR.AA-05', 'cis-controls:6.2'],
    ]);
  });

  it('checks the rule and severity before it looks for a database', async () => {
    expect(
      await cli(['findings', '--db', join(dir.path, 'none.db'), '--rule', 'nope'], { cwd: dir.path }),
    ).toEqual(refused(`key --rule: unknown rule "nope"; expected one of ${RULES}`));
  });
});
