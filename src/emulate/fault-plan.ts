/**
 * Fault plans of the emulators: the first rule matching a request (method, path) that is due
 * decides what fails. Each emulator's rules add what a fault does (a status, a dropped
 * connection…); when a rule is due is the same for all.
 */

/** When a rule applies: the request it matches and which of the matching requests it fails. */
export interface FaultMatch {
  /** Matched against the request path as sent: equal to a string, or searched by a regex. */
  path?: RegExp | string;
  /** GET, POST, DELETE…; any when absent. */
  method?: string;
  /** Let this many matching requests through first; default 0. */
  after?: number;
  /** How many matching requests fail; default 1. Infinity for all. */
  times?: number;
}

export interface FaultPlan<Rule extends FaultMatch> {
  /** The rule that fails this request, if any (counts the match either way). */
  match(method: string, path: string): Rule | undefined;
}

function pathMatches(rule: FaultMatch, path: string): boolean {
  if (rule.path === undefined) return true;
  // search ignores a /g regex's lastIndex.
  return typeof rule.path === 'string' ? path === rule.path : path.search(rule.path) >= 0;
}

export function faultPlan<Rule extends FaultMatch>(rules: readonly Rule[] = []): FaultPlan<Rule> {
  const seen = rules.map(() => 0);
  return {
    match(method, path) {
      for (const [index, rule] of rules.entries()) {
        if (rule.method && rule.method.toUpperCase() !== method) continue;
        if (!pathMatches(rule, path)) continue;
        const count = seen[index]!;
        seen[index] = count + 1;
        const after = rule.after ?? 0;
        if (count >= after && count < after + (rule.times ?? 1)) return rule;
      }
      return undefined;
    },
  };
}
