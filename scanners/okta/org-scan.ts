/** What listing one org needs: its clients, the source's options, the run's signal and as-of. */
import type { OktaClients } from './clients.js';
import type { OktaOptions } from './options.js';

export interface OrgScan {
  clients: OktaClients;
  options: OktaOptions;
  signal: AbortSignal;
  asOf: Date;
  progress?: ((message: string) => void) | undefined;
}
