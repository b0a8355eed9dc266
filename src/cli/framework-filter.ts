/**
 * `nhiscan findings --framework`: keep the findings that map to a compliance framework, or to one
 * of its items (`owasp-nhi`, `owasp-nhi:NHI1`, `nist-csf:PR.AA-01`). An unknown framework or item
 * is refused (exit 2) with the known ones, never read as "matches nothing".
 */
import { InputError } from '../core/errors.js';
import {
  type ComplianceRef,
  complianceLabel,
  FRAMEWORK_IDS,
  FRAMEWORKS,
  type FrameworkId,
} from '../policy/compliance.js';
import { knownValues } from './options.js';

/** One --framework value: a framework, and the item when one is named. */
export interface FrameworkSelector {
  framework: FrameworkId;
  item?: string;
}

/** --framework: comma-separated `framework` or `framework:item` values (checked while commander parses). */
export function parseFrameworks(value: string): FrameworkSelector[] {
  const frameworkOf = (entry: string) => entry.split(':', 1)[0]!.toLowerCase();
  return knownValues(value, '--framework', 'framework', FRAMEWORK_IDS, frameworkOf).map((entry) => {
    const colon = entry.indexOf(':');
    const name = frameworkOf(entry);
    const framework = name as FrameworkId;
    if (colon === -1) return { framework };
    const items = Object.keys(FRAMEWORKS[framework].items);
    // Item ids are matched without regard to case (`nhi1`, `pr.aa-01`) and reported as the framework writes them.
    const item = items.find((id) => id.toLowerCase() === entry.slice(colon + 1).toLowerCase());
    if (item === undefined)
      throw new InputError(
        `unknown ${framework} item ${JSON.stringify(entry.slice(colon + 1))}; expected one of ${items.join(', ')}`,
        { key: '--framework' },
      );
    return { framework, item };
  });
}

/** The items of `compliance` that the selectors name (all of them match: none given). */
export function selectedItems(
  compliance: readonly ComplianceRef[],
  selectors: readonly FrameworkSelector[] | undefined,
): ComplianceRef[] {
  if (!selectors) return [...compliance];
  return compliance.filter((ref) =>
    selectors.some(
      (selector) =>
        selector.framework === ref.framework && (selector.item === undefined || selector.item === ref.id),
    ),
  );
}

/** The items as one cell: `owasp-nhi:NHI1 nist-csf:PR.AA-01`. */
export function itemLabels(compliance: readonly ComplianceRef[]): string {
  return compliance.map(complianceLabel).join(' ');
}
