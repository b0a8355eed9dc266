/** Severity ordering and the privileged-credential raise. */
import { SEVERITIES, type Severity } from '../core/model.js';

/** One level up (info → low → medium → high → critical); critical stays critical. */
export function raiseSeverity(severity: Severity): Severity {
  const index = SEVERITIES.indexOf(severity);
  return SEVERITIES[Math.min(index + 1, SEVERITIES.length - 1)]!;
}

/** Negative when `a` is less severe than `b`. */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b);
}
