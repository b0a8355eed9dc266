/** Fault rules: the first rule matching a request (method, path) that is due decides what fails. */
import type { FaultRule } from './types.js';

export interface FaultPlan {
  /** The rule that fails this request, if any (counts the match either way). */
  match(method: string, path: string): FaultRule | undefined;
}

function pathMatches(rule: FaultRule, path: string): boolean {
  if (rule.path === undefined) return true;
  return typeof rule.path === 'string' ? path === rule.path : path.search(rule.path) >= 0; // search ignores a /g regex's lastIndex
}

export function faultPlan(rules: readonly FaultRule[] = []): FaultPlan {
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
