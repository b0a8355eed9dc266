/** The plain-text summary of a notify run (nhiscan notify, and the tail of a scan that notifies). */
import type { NotifyResult } from '../notify/index.js';

export function renderNotifyResult(result: NotifyResult, options: { showText?: boolean } = {}): string {
  const lines: string[] = [];
  lines.push(
    `Notices${result.dryRun ? ' (dry run: nothing sent, nothing recorded)' : ''}: ${result.announced} new, ${result.answered.length} answered, ${result.superseded.length} superseded; ${result.digests.length} digest(s) this run`,
  );
  for (const answered of result.answered)
    lines.push(`  answered   ${answered.credentialUid} ${answered.rule}: ${answered.answer}`);
  for (const superseded of result.superseded)
    lines.push(`  superseded ${superseded.credentialUid} ${superseded.rule}: ${superseded.reason}`);
  for (const digest of result.digests) {
    lines.push(
      `  digest #${digest.id} → ${digest.recipient} (${digest.role}): ${digest.credentials} credential(s), from ${digest.deadline}${digest.replaces.length ? `, takes over undelivered #${digest.replaces.join(', #')}` : ''}`,
    );
    if (options.showText && digest.text !== undefined) {
      lines.push(`    Subject: ${digest.subject}`);
      for (const line of digest.text.trimEnd().split('\n')) lines.push(`    | ${line}`);
    }
  }
  for (const delivery of result.deliveries)
    lines.push(
      `  ${delivery.delivered ? 'delivered' : 'FAILED   '} digest #${delivery.digestId} → ${delivery.recipient} via ${delivery.channel} (${delivery.target}), ${delivery.attempts} attempt(s): ${delivery.detail}`,
    );
  if (result.undelivered.length > 0)
    lines.push(
      `Undelivered: ${result.undelivered.length} digest(s) (${result.undelivered
        .map((item) => `#${item.digestId} → ${item.recipient}`)
        .join(
          ', ',
        )}). They are retried at the next run; until one is delivered, its requests do not execute.`,
    );
  return `${lines.join('\n')}\n`;
}
