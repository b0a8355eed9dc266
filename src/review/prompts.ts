/**
 * The review screen's one-line prompts: when one may open, what each asks for, what submitting one
 * does (set a filter, ask the next question, or hand a decision, suppression or recertification to
 * the app to record), and what the status line then says. Pure: recording is ./effects.ts's job.
 */
import { basename } from 'node:path';
import { parseIsoDate } from '../core/dates.js';
import { isRecertifiable } from '../policy/recertification.js';
import { DEFAULT_RECERTIFICATION_DAYS } from '../policy/recertify-credential.js';
import type { RevocationRequest } from '../queue/index.js';
import type { ReviewFilters, ReviewItem } from './data.js';
import { requestSummary } from './details.js';

export type Prompt =
  | { kind: 'search' | 'owner'; label: string; value: string }
  | { kind: 'approve' | 'reject'; label: string; value: string; request: RevocationRequest }
  | { kind: 'suppress-date'; label: string; value: string; item: ReviewItem }
  | { kind: 'suppress-reason'; label: string; value: string; item: ReviewItem; expires: string }
  | { kind: 'recertify-reason'; label: string; value: string; item: ReviewItem }
  | { kind: 'recertify-until'; label: string; value: string; item: ReviewItem; reason: string };

/** A change to record, with everything the reviewer typed for it. */
export type Submission =
  | { kind: 'approve' | 'reject'; request: RevocationRequest; reason: string }
  | { kind: 'suppress'; item: ReviewItem; reason: string; expires: string }
  | { kind: 'recertify'; item: ReviewItem; reason: string; until: string | undefined };

/** What submitting a prompt does. */
export type PromptOutcome =
  | { kind: 'filter'; filter: keyof Pick<ReviewFilters, 'text' | 'owner'>; value: string | undefined }
  | { kind: 'message'; text: string }
  | { kind: 'prompt'; prompt: Prompt }
  | { kind: 'record'; submission: Submission };

export const READ_ONLY_MESSAGE =
  'read-only: approve, reject, suppress and recertify are disabled (--read-only)';

/** The filter prompts start from the filter's current value. */
export function filterPrompt(kind: 'search' | 'owner', filters: ReviewFilters): Prompt {
  return kind === 'search'
    ? { kind, label: 'Search: ', value: filters.text ?? '' }
    : { kind, label: 'Owner: ', value: filters.owner ?? '' };
}

/** The prompt that asks why, or the message that says why not (read-only, no request, nothing to approve). */
export function decisionPrompt(
  kind: 'approve' | 'reject',
  request: RevocationRequest | undefined,
  readOnly: boolean,
): Prompt | string {
  if (readOnly) return READ_ONLY_MESSAGE;
  if (!request) return 'no revocation request for this credential';
  if (kind === 'approve' && request.state !== 'pending-approval')
    return `request #${request.id} is ${request.state}: nothing to approve`;
  return { kind, label: `Reason to ${kind} #${request.id}: `, value: '', request };
}

/** Suppressing asks for the date first; nothing happens without a finding under the cursor. */
export function suppressPrompt(item: ReviewItem | undefined, readOnly: boolean): Prompt | string | undefined {
  if (readOnly) return READ_ONLY_MESSAGE;
  if (!item) return undefined;
  return { kind: 'suppress-date', label: 'Suppress until (YYYY-MM-DD): ', value: '', item };
}

/** Recertifying asks for the reason first; a rule that cannot be recertified points to the baseline. */
export function recertifyPrompt(
  item: ReviewItem | undefined,
  readOnly: boolean,
): Prompt | string | undefined {
  if (readOnly) return READ_ONLY_MESSAGE;
  if (!item) return undefined;
  if (!isRecertifiable(item.finding.rule))
    return `${item.finding.rule} cannot be recertified: a baseline entry (u) can accept it`;
  return { kind: 'recertify-reason', label: `Reason to recertify ${item.credential.uid}: `, value: '', item };
}

/** What submitting `current` does; a missing reason or a bad date is a message and nothing recorded. */
export function submitPrompt(current: Prompt): PromptOutcome {
  const value = current.value.trim();
  const message = (text: string): PromptOutcome => ({ kind: 'message', text });
  switch (current.kind) {
    case 'search':
      return { kind: 'filter', filter: 'text', value: value || undefined };
    case 'owner':
      return { kind: 'filter', filter: 'owner', value: value || undefined };
    case 'approve':
    case 'reject':
      if (!value) return message(`a reason is required to ${current.kind}; nothing recorded`);
      return { kind: 'record', submission: { kind: current.kind, request: current.request, reason: value } };
    case 'suppress-date':
      if (!parseIsoDate(value) || !/^\d{4}-\d{2}-\d{2}$/.test(value))
        return message(`expected a date such as 2027-03-31, got ${JSON.stringify(value)}; nothing recorded`);
      return {
        kind: 'prompt',
        prompt: {
          kind: 'suppress-reason',
          label: `Reason to accept until ${value}: `,
          value: '',
          item: current.item,
          expires: value,
        },
      };
    case 'suppress-reason':
      if (!value) return message('a reason is required to suppress; nothing recorded');
      return {
        kind: 'record',
        submission: { kind: 'suppress', item: current.item, reason: value, expires: current.expires },
      };
    case 'recertify-reason':
      if (!value) return message('a reason is required to recertify; nothing recorded');
      return {
        kind: 'prompt',
        prompt: {
          kind: 'recertify-until',
          label: `Keep ${current.item.finding.rule} until (YYYY-MM-DD, empty = ${DEFAULT_RECERTIFICATION_DAYS} days): `,
          value: '',
          item: current.item,
          reason: value,
        },
      };
    case 'recertify-until':
      return {
        kind: 'record',
        submission: {
          kind: 'recertify',
          item: current.item,
          reason: current.reason,
          until: value || undefined,
        },
      };
  }
}

/** The status line after a decision was recorded. */
export function decidedMessage(
  decision: 'approve' | 'reject',
  request: RevocationRequest,
  reviewer: string,
): string {
  return decision === 'approve'
    ? `approved #${request.id} as ${reviewer}: ${requestSummary(request)}`
    : `rejected #${request.id} as ${reviewer}`;
}

export function suppressedMessage(rule: string, expires: string, file: string): string {
  return `suppressed ${rule} until ${expires}: added to ${basename(file)}`;
}

export function recertifiedMessage(rule: string, until: string, credentialUid: string): string {
  return `recertified ${rule} until ${until} (applies at the next scan): ${credentialUid}`;
}
