/**
 * The review screen's one-line prompts: what each asks for, and what submitting one does (set a
 * filter, record a decision, a suppression or a recertification, or ask the next question).
 */
import { basename } from 'node:path';
import { parseIsoDate } from '../core/dates.js';
import { InputError } from '../core/errors.js';
import { DEFAULT_RECERTIFICATION_DAYS } from '../policy/recertify-credential.js';
import type { RevocationRequest } from '../queue/index.js';
import type { ReviewActions } from './actions.js';
import type { ReviewFilters, ReviewItem } from './data.js';
import { requestSummary } from './details.js';

export type Prompt =
  | { kind: 'search' | 'owner'; label: string; value: string }
  | { kind: 'approve' | 'reject'; label: string; value: string; request: RevocationRequest }
  | { kind: 'suppress-date'; label: string; value: string; item: ReviewItem }
  | { kind: 'suppress-reason'; label: string; value: string; item: ReviewItem; expires: string }
  | { kind: 'recertify-reason'; label: string; value: string; item: ReviewItem }
  | { kind: 'recertify-until'; label: string; value: string; item: ReviewItem; reason: string };

/** What submitting a prompt may change in the app. */
export interface PromptContext {
  /** Undefined in read-only mode (no decision prompt is opened then). */
  actions: ReviewActions | undefined;
  reviewer: string;
  setPrompt: (next: Prompt | undefined) => void;
  setFilters: (update: (old: ReviewFilters) => ReviewFilters) => void;
  setCursor: (next: number) => void;
  setMessage: (text: string) => void;
  reload: () => void;
}

/** Acts on a submitted prompt; a refusal from the store or queue becomes the status message. */
export function submitPrompt(current: Prompt, ctx: PromptContext): void {
  const value = current.value.trim();
  ctx.setPrompt(undefined);
  try {
    switch (current.kind) {
      case 'search':
        ctx.setFilters((old) => ({ ...old, text: value || undefined }));
        ctx.setCursor(0);
        return;
      case 'owner':
        ctx.setFilters((old) => ({ ...old, owner: value || undefined }));
        ctx.setCursor(0);
        return;
      case 'approve':
      case 'reject': {
        if (!value) {
          ctx.setMessage(`a reason is required to ${current.kind}; nothing recorded`);
          return;
        }
        const updated =
          current.kind === 'approve'
            ? ctx.actions!.approve(current.request, value)
            : ctx.actions!.reject(current.request, value);
        ctx.setMessage(
          current.kind === 'approve'
            ? `approved #${updated.id} as ${ctx.reviewer}: ${requestSummary(updated)}`
            : `rejected #${updated.id} as ${ctx.reviewer}`,
        );
        ctx.reload();
        return;
      }
      case 'suppress-date': {
        if (!parseIsoDate(value) || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
          ctx.setMessage(
            `expected a date such as 2027-03-31, got ${JSON.stringify(value)}; nothing recorded`,
          );
          return;
        }
        ctx.setPrompt({
          kind: 'suppress-reason',
          label: `Reason to accept until ${value}: `,
          value: '',
          item: current.item,
          expires: value,
        });
        return;
      }
      case 'suppress-reason': {
        if (!value) {
          ctx.setMessage('a reason is required to suppress; nothing recorded');
          return;
        }
        const file = ctx.actions!.suppress(current.item.finding.uid, value, current.expires);
        ctx.setMessage(
          `suppressed ${current.item.finding.rule} until ${current.expires}: added to ${basename(file)}`,
        );
        return;
      }
      case 'recertify-reason': {
        if (!value) {
          ctx.setMessage('a reason is required to recertify; nothing recorded');
          return;
        }
        ctx.setPrompt({
          kind: 'recertify-until',
          label: `Keep ${current.item.finding.rule} until (YYYY-MM-DD, empty = ${DEFAULT_RECERTIFICATION_DAYS} days): `,
          value: '',
          item: current.item,
          reason: value,
        });
        return;
      }
      case 'recertify-until': {
        const { finding, credential } = current.item;
        try {
          const recorded = ctx.actions!.recertify(
            credential.uid,
            finding.rule,
            current.reason,
            value || undefined,
          );
          ctx.setMessage(
            `recertified ${finding.rule} until ${recorded.until} (applies at the next scan): ${credential.uid}`,
          );
        } catch (error) {
          // The CLI's message without its flag name (`key --until`), which the reviewer never typed.
          if (!(error instanceof InputError)) throw error;
          ctx.setMessage(`${error.problem}; nothing recorded`);
        }
        return;
      }
    }
  } catch (error) {
    // The queue's own message, without the CLI flag it blames (`key --by`): nothing was typed here.
    const text =
      error instanceof InputError && !error.location.file ? error.problem : (error as Error).message;
    ctx.setMessage(`refused: ${text}`);
  }
}
