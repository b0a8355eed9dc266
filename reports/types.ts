/**
 * What every report format takes besides the report input (reports/<format>/index.ts). Its own file,
 * so the formats do not import the registry (reports/index.ts) that loads them.
 */
import type { OcsfAccountChange } from '../src/core/ocsf.js';

export interface RenderOptions {
  /** Repo-relative file SARIF locations point at (nhiscan.yaml or the baseline). */
  sarifLocation?: string;
  /** OCSF finding class: IAM Analysis Finding (default) or Detection Finding for older consumers. */
  ocsfClass?: 'iam-analysis' | 'detection';
  /** Add the credential inventory (OCSF User Inventory Info / ECS asset events). */
  includeInventory?: boolean;
  /** Revocations the queue carried out (the audit log's Account Change events), for --include-actions. */
  actions?: readonly OcsfAccountChange[];
  /**
   * Set by --since-last: the findings were narrowed to those new since this complete scan run
   * (null: there was none before, so every finding is new). src/report/since-last.ts defines "new".
   */
  sinceLast?: { previousCompleteRunId: number | null };
}
