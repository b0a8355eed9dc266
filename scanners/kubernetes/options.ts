/** Options of a `kubernetes` source: the kubeconfig, the contexts to read, owner conventions. */
import { z } from 'zod';

/** Annotations (on the token Secret, then its ServiceAccount) whose value names the owner. */
const DEFAULT_OWNER_ANNOTATIONS = ['nhiscan.io/owner'] as const;
/** Labels read the same way; a label value cannot hold `@`, so these carry usernames or aliases. */
const DEFAULT_OWNER_LABELS = ['owner'] as const;

const key = z.string().min(1).max(316);

export const kubernetesOptionsSchema = z.strictObject({
  /**
   * The kubeconfig file (relative to the config file's folder). Unset: `$KUBECONFIG` (its first
   * entry when it lists several). Each context's cluster must be https, or plain http to a
   * loopback address only: a bearer token never crosses a network in the clear.
   */
  kubeconfig: z.string().min(1).optional(),
  /** The kubeconfig contexts to read; each is an account (a cluster as one identity sees it). */
  contexts: z.array(z.string().min(1)).min(1, 'expected at least one kubeconfig context'),
  ownerAnnotations: z.array(key).default([...DEFAULT_OWNER_ANNOTATIONS]),
  ownerLabels: z.array(key).default([...DEFAULT_OWNER_LABELS]),
  /** Objects per list page (`limit`; the API server pages with `continue`). */
  pageSize: z.number().int().min(1).max(5000).default(500),
});

export type KubernetesOptions = z.infer<typeof kubernetesOptionsSchema>;
