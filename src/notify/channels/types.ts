/** What a notice channel sends (one digest per recipient) and what it answers. */

export type RecipientRole = 'owner' | 'manager' | 'security';

export interface DigestItem {
  credentialUid: string;
  provider: string;
  account: string;
  principal: string | null;
  rule: string;
  severity: string;
  title: string;
  /** YYYY-MM-DD: the day from which the queue may act on it */
  actAfter: string;
  /** what will happen, in words, e.g. "disable the access key, then delete it 14 days later" */
  action: string;
  /** for manager notices: the leaver this credential belonged to */
  leaver?: { employeeId: string; name: string; email: string };
  /** why this credential came to this recipient: as its owner, as a leaver's manager, or as the security contact */
  role?: RecipientRole;
  /** the action goes out with this notice (an immediate leaver disable): actAfter is the notice day */
  immediate?: boolean;
  /** why this recipient, when it is not the obvious one, e.g. "HR names no manager for Dev Hughes (E7)" */
  note?: string;
}

export interface Digest {
  /** stable id (our DB row id); used for the webhook Idempotency-Key and the email Message-ID */
  id: number;
  /** an email address */
  recipient: string;
  role: RecipientRole;
  subject: string;
  /** the rendered plain-text body (already contains the item list) */
  text: string;
  /** earliest actAfter of the items */
  deadline: string;
  items: DigestItem[];
}

export type ChannelOutcome =
  /** `detail`: e.g. "HTTP 200" or the SMTP server's "250 ..." answer. */
  | { ok: true; detail: string }
  /** `error` is safe to print and store: never a secret. */
  | { ok: false; retryable: boolean; error: string; retryAfterMs?: number };

export interface NoticeChannel {
  /** the config name (default = type) */
  name: string;
  kind: 'webhook' | 'email';
  /** safe to print and to store in the audit log: never a secret (a Slack webhook URL's path IS a secret: origin only) */
  target: string;
  /** Never throws for transport trouble; rethrows only the caller's abort. */
  send(digest: Digest, signal: AbortSignal): Promise<ChannelOutcome>;
  close?(): Promise<void> | void;
}
