/**
 * Performs what the reducer (./state.ts) queued: reads the data, plans the dry run, records a
 * decision, suppression or recertification through ReviewActions (the CLI's own code), or quits,
 * and answers each with a result action. A refusal from the store or queue becomes a message.
 */
import { InputError } from '../core/errors.js';
import type { ReviewActions } from './actions.js';
import type { ReviewData } from './data.js';
import type { Submission } from './prompts.js';
import type { Effect, ReviewAction } from './state.js';

export interface EffectContext {
  load: () => ReviewData;
  /** Undefined in read-only mode (the reducer then queues no submission). */
  actions: ReviewActions | undefined;
  preview: () => Promise<string[]>;
  exit: () => void;
  dispatch: (action: ReviewAction) => void;
}

export function performEffect(effect: Effect, ctx: EffectContext): void {
  switch (effect.kind) {
    case 'load':
      try {
        ctx.dispatch({ type: 'loaded', data: ctx.load() });
      } catch (error) {
        ctx.dispatch({ type: 'load-failed', error: (error as Error).message });
      }
      return;
    case 'preview':
      ctx
        .preview()
        .then((lines) => ctx.dispatch({ type: 'previewed', lines }))
        .catch((error: unknown) => ctx.dispatch({ type: 'preview-failed', error: (error as Error).message }));
      return;
    case 'quit':
      ctx.exit();
      return;
    default:
      record(effect, ctx);
  }
}

function record(submission: Submission, ctx: EffectContext): void {
  try {
    const actions = ctx.actions;
    if (!actions) throw new Error('read-only');
    switch (submission.kind) {
      case 'approve':
      case 'reject': {
        const { kind, request, reason } = submission;
        const updated =
          kind === 'approve' ? actions.approve(request, reason) : actions.reject(request, reason);
        ctx.dispatch({ type: 'decided', decision: kind, request: updated });
        return;
      }
      case 'suppress': {
        const { item, reason, expires } = submission;
        const file = actions.suppress(item.finding.uid, reason, expires);
        ctx.dispatch({ type: 'suppressed', rule: item.finding.rule, expires, file });
        return;
      }
      case 'recertify': {
        const { finding, credential } = submission.item;
        try {
          const recorded = actions.recertify(
            credential.uid,
            finding.rule,
            submission.reason,
            submission.until,
          );
          ctx.dispatch({
            type: 'recertified',
            rule: finding.rule,
            until: recorded.until,
            credentialUid: credential.uid,
          });
        } catch (error) {
          // The CLI's message without its flag name (`key --until`), which the reviewer never typed.
          if (!(error instanceof InputError)) throw error;
          ctx.dispatch({ type: 'not-recorded', problem: error.problem });
        }
        return;
      }
    }
  } catch (error) {
    // The queue's own message, without the CLI flag it blames (`key --by`): nothing was typed here.
    const reason =
      error instanceof InputError && !error.location.file ? error.problem : (error as Error).message;
    ctx.dispatch({ type: 'refused', reason });
  }
}
