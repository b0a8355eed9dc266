export { approveRequest, confirmManualStep, rejectRequest } from './decide.js';
export { executeQueue } from './execute.js';
export {
  type ExecuteOptions,
  type ExecuteResult,
  type ExecutorEvent,
  guardSettings,
} from './execute-types.js';
export { checkGuards, type GuardVerdict, hrChange } from './guards.js';
export * from './model.js';
export {
  type AnnounceGate,
  type AnnounceVerdict,
  type DueAction,
  planQueue,
  type QueuePlan,
} from './plan.js';
export { openGapFindings } from './propagation-gap.js';
export { type ReconcileSummary, reconcileQueue } from './reconcile.js';
export { getRequest, listRequests, openRequests } from './store.js';
export { type VerifyCheck, verifyRequests } from './verify-requests.js';
