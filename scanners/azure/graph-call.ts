/** One planned revocation call: the exact call as recorded, and how to make it. */
import type { GraphClient } from './graph-client.js';

export interface GraphCall {
  apiCall: string;
  /** A task for a person instead of a Graph call: `send` does nothing. */
  manualTask?: string;
  send(graph: GraphClient, signal: AbortSignal): Promise<unknown>;
}
