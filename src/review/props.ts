/**
 * Wires the review screen to a database: the one place that turns a store into the app's props,
 * used by `nhiscan review` and by the tests alike. Data is read once per (re)load; history and the
 * owner check of a decision use what that load read, not another pass over the store.
 */
import type { GovernanceSettings } from '../config/schema.js';
import type { RevocationRequest } from '../queue/index.js';
import type { Db } from '../store/index.js';
import { reviewActions } from './actions.js';
import type { ReviewAppProps } from './app.js';
import { loadReviewData } from './data.js';
import { requestHistory } from './history.js';

export interface ReviewWiring {
  db: Db;
  reviewer: string;
  /** The config's governance block (defaults without a config). */
  governance?: GovernanceSettings;
  readOnly: boolean;
  baselineFile: string;
  now: () => Date;
  preview: () => Promise<string[]>;
  noColor: boolean;
}

export function reviewAppProps(wiring: ReviewWiring): ReviewAppProps {
  let requests: RevocationRequest[] = [];
  return {
    load: () => {
      const data = loadReviewData(wiring.db);
      requests = data.requests;
      return data;
    },
    history: (credentialUid) => requestHistory(wiring.db, requests, credentialUid),
    actions: wiring.readOnly
      ? undefined
      : reviewActions({
          db: wiring.db,
          reviewer: wiring.reviewer,
          governance: wiring.governance,
          baselineFile: wiring.baselineFile,
          now: wiring.now,
        }),
    preview: wiring.preview,
    reviewer: wiring.reviewer,
    noColor: wiring.noColor,
  };
}
