/**
 * `--github-annotations` (scan and report): GitHub Actions workflow commands (`::error`,
 * `::warning`, `::notice`) for the open findings, incomplete sources and expired baseline entries,
 * written to stderr so stdout keeps the summary or document (the runner reads commands from both).
 *
 * GitHub shows at most 10 error and 10 warning annotations per step, so at most
 * ANNOTATIONS_PER_LEVEL lines are printed per level, most severe first, and one notice says how
 * many were left out. Levels: critical and high → error; medium and low → warning; info → notice.
 * Values are escaped as @actions/core does: `%`, CR and LF in the message; also `:` and `,` in
 * property values. So provider data can never end a command or start another one.
 */
import { expiredEntryOf, expiredEntryText } from '../../reports/ci-context.js';
import type { JsonReport } from '../../reports/json/types.js';
import type { Severity } from '../core/model.js';

export const ANNOTATIONS_PER_LEVEL = 10;

type Level = 'error' | 'warning' | 'notice';

export function escapeData(value: string): string {
  return value.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

export function escapeProperty(value: string): string {
  return escapeData(value).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

function command(level: Level, title: string, message: string): string {
  return `::${level} title=${escapeProperty(title)}::${escapeData(message)}`;
}

function levelOf(severity: Severity): Level {
  if (severity === 'critical' || severity === 'high') return 'error';
  return severity === 'info' ? 'notice' : 'warning';
}

/** The workflow-command lines for a report, capped per level. */
export function githubAnnotations(report: JsonReport, perLevel = ANNOTATIONS_PER_LEVEL): string[] {
  const candidates: { level: Level; line: string }[] = [];
  for (const source of report.scan.sources) {
    if (source.status === 'complete') continue;
    const problems = source.problems.map((problem) => `${problem.scope}: ${problem.reason}`).join('; ');
    candidates.push({
      level: 'error',
      line: command(
        'error',
        'nhiscan: scan incomplete',
        `Source ${source.name} (${source.type}) is ${source.status}${problems ? `: ${problems}` : ''}. Findings there may be missing (exit 3).`,
      ),
    });
  }
  const expired = report.baseline?.expiredEntries ?? [];
  for (const entry of expired) {
    candidates.push({
      level: 'warning',
      line: command('warning', 'nhiscan: baseline entry expired', `The ${expiredEntryText(entry)}.`),
    });
  }
  for (const finding of report.findings) {
    if (finding.status !== 'open') continue;
    const level = levelOf(finding.severity);
    const entry = expiredEntryOf(finding, expired);
    candidates.push({
      level,
      line: command(
        level,
        `nhiscan ${finding.rule} (${finding.severity})`,
        `${finding.title} [credential ${finding.credentialUid}, finding ${finding.uid}]${entry ? ` Its ${expiredEntryText(entry)}.` : ''}`,
      ),
    });
  }
  const printed = { error: 0, warning: 0, notice: 0 };
  const lines: string[] = [];
  let leftOut = 0;
  // One notice slot is kept for the "left out" line.
  const limit = (level: Level) => (level === 'notice' ? perLevel - 1 : perLevel);
  for (const candidate of candidates) {
    if (printed[candidate.level] < limit(candidate.level)) {
      printed[candidate.level]++;
      lines.push(candidate.line);
    } else {
      leftOut++;
    }
  }
  if (leftOut > 0) {
    lines.push(
      command(
        'notice',
        'nhiscan',
        `${leftOut} more annotation(s) left out: GitHub shows only ${perLevel} per level in a step. The job summary (--format markdown) and the code scanning alerts (--format sarif) list every finding.`,
      ),
    );
  }
  return lines;
}
