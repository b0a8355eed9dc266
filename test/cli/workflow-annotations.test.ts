import { describe, expect, it } from 'vitest';
import { buildJsonReport, type JsonReportInput } from '../../reports/json/index.js';
import {
  ANNOTATIONS_PER_LEVEL,
  escapeData,
  escapeProperty,
  githubAnnotations,
} from '../../src/cli/workflow-annotations.js';
import { fid, incompleteInput, input, uidOf, WEIRD_TITLE } from '../reports/ci-fixture.js';

describe('GitHub annotations', () => {
  it('escapes as the Actions toolkit does: %, CR, LF in data; also : and , in properties', () => {
    expect(escapeData('50% done\r\nnext: a, b')).toBe('50%25 done%0D%0Anext: a, b');
    expect(escapeProperty('50% done\r\nnext: a, b')).toBe('50%25 done%0D%0Anext%3A a%2C b');
    // Escaping % first: an already-escaped-looking value stays literal.
    expect(escapeData('%0A')).toBe('%250A');
  });

  it('prints one line per open finding, most severe first, with escaped provider text', () => {
    const lines = githubAnnotations(buildJsonReport({ ...input, expiredBaselineEntries: [] }));
    expect(lines).toEqual([
      `::error title=nhiscan leaver-owned (critical)::Access key A of aws/111122223333 is owned by leaver Bob Leaver (terminated 2026-10-01) [credential ${uidOf('A')}, finding ${fid('leaver-owned', 'A')}]`,
      `::error title=nhiscan owner-unknown (high)::${WEIRD_TITLE} [credential ${uidOf('B')}, finding ${fid('owner-unknown', 'B')}]`,
      `::warning title=nhiscan stale (medium)::Access key A of aws/111122223333 was last used 120 days ago [credential ${uidOf('A')}, finding ${fid('stale', 'A')}]`,
    ]);
    // A newline in provider text cannot start a command of its own.
    const hostile: JsonReportInput = {
      ...input,
      expiredBaselineEntries: [],
      findings: [{ ...input.findings[0]!, title: 'key\n::error::forged\r%' }],
    };
    const [line] = githubAnnotations(buildJsonReport(hostile));
    expect(line).toBe(
      `::error title=nhiscan leaver-owned (critical)::key%0A::error::forged%0D%25 [credential ${uidOf('A')}, finding ${fid('leaver-owned', 'A')}]`,
    );
    expect(line!.split('\n')).toHaveLength(1);
  });

  it('annotates an incomplete scan as an error, before the findings', () => {
    const [first] = githubAnnotations(buildJsonReport(incompleteInput));
    expect(first).toBe(
      '::error title=nhiscan%3A scan incomplete::Source staging (aws) is partial: account 222233334444: AccessDenied. Findings there may be missing (exit 3).',
    );
  });

  it(`prints at most ${ANNOTATIONS_PER_LEVEL} per level, then one notice counting the rest`, () => {
    const many = (
      rule: 'leaver-owned' | 'stale' | 'pending-leaver',
      severity: 'critical' | 'medium' | 'info',
    ) =>
      Array.from({ length: 25 }, (_, index) => ({
        ...input.findings[0]!,
        rule,
        severity,
        uid: `nhi-${rule}-${index}`,
        credentialUid: uidOf(`${rule}-${String(index).padStart(2, '0')}`),
      }));
    const big: JsonReportInput = {
      ...input,
      findings: [
        ...many('leaver-owned', 'critical'),
        ...many('stale', 'medium'),
        ...many('pending-leaver', 'info'),
      ],
    };
    const lines = githubAnnotations(buildJsonReport(big));
    const count = (level: string) => lines.filter((line) => line.startsWith(`::${level} `)).length;
    expect(count('error')).toBe(ANNOTATIONS_PER_LEVEL);
    // The two expired baseline entries come first among the warnings.
    expect(count('warning')).toBe(ANNOTATIONS_PER_LEVEL);
    expect(
      lines.filter((line) => line.startsWith('::warning title=nhiscan%3A baseline entry expired')),
    ).toHaveLength(2);
    expect(count('notice')).toBe(ANNOTATIONS_PER_LEVEL);
    expect(lines.at(-1)).toBe(
      `::notice title=nhiscan::${75 + 2 - 3 * ANNOTATIONS_PER_LEVEL + 1} more annotation(s) left out: GitHub shows only ${ANNOTATIONS_PER_LEVEL} per level in a step. The job summary (--format markdown) and the code scanning alerts (--format sarif) list every finding.`,
    );
    expect(lines.find((line) => line.startsWith('::error '))).toContain(
      `[credential ${uidOf('leaver-owned-00')},`,
    );
  });
});
