/** Findings against the generator's ground truth: precision, recall, and what differs. */

export interface FindingKey {
  credentialUid: string;
  rule: string;
  severity: string;
}

export interface Comparison {
  expected: number;
  found: number;
  truePositives: number;
  precision: number;
  recall: number;
  /** Found and expected, but at another severity. */
  severityMismatches: number;
  /** Up to five examples each, for a reader to look into. */
  missing: string[];
  unexpected: string[];
}

const key = (finding: FindingKey) => `${finding.credentialUid} ${finding.rule}`;

export function compareFindings(expected: Iterable<FindingKey>, found: Iterable<FindingKey>): Comparison {
  const truth = new Map<string, string>();
  for (const finding of expected) truth.set(key(finding), finding.severity);
  let foundCount = 0;
  let truePositives = 0;
  let severityMismatches = 0;
  const unexpected: string[] = [];
  const matched = new Set<string>();
  for (const finding of found) {
    foundCount++;
    const name = key(finding);
    const severity = truth.get(name);
    if (severity === undefined) {
      if (unexpected.length < 5) unexpected.push(`${name} (${finding.severity})`);
      continue;
    }
    truePositives++;
    matched.add(name);
    if (severity !== finding.severity) severityMismatches++;
  }
  const missing: string[] = [];
  for (const [name, severity] of truth) {
    if (missing.length >= 5) break;
    if (!matched.has(name)) missing.push(`${name} (${severity})`);
  }
  return {
    expected: truth.size,
    found: foundCount,
    truePositives,
    precision: foundCount === 0 ? (truth.size === 0 ? 1 : 0) : truePositives / foundCount,
    recall: truth.size === 0 ? 1 : truePositives / truth.size,
    severityMismatches,
    missing,
    unexpected,
  };
}
