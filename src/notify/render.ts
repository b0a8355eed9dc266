/**
 * Renders a digest: one message per recipient, listing each credential with what will happen and
 * from which day. Only ids, names and dates go in (never secret material: the inventory holds
 * none, and the credential uid is the provider's public id).
 */
import { terminalSafe, terminalSafeLine } from '../core/terminal-text.js';
import type { RevocationRequest } from '../queue/model.js';
import type { DigestItem, RecipientRole } from './channels/types.js';
import type { NotificationSettings } from './settings.js';
import { DEFAULT_TEMPLATES, fillTemplate } from './templates.js';

const STEP_WORDS: Record<string, string> = {
  disable: 'disable it',
  delete: 'delete it',
  'disable-principal': 'disable its principal',
  'revoke-sessions': "revoke the owner's sign-in sessions",
  manual: 'a person revokes it by hand',
};

/** What the queue will do, in words: "disable it, then delete it 14 days later (once approved)". */
export function describeAction(request: RevocationRequest | undefined): string {
  if (!request) return 'reported only: the queue is not set to act on this rule';
  const steps = request.steps.map((entry, index) => {
    const words = STEP_WORDS[entry.step] ?? entry.step;
    return index > 0 && entry.afterDays > 0 ? `${words} ${entry.afterDays} days later` : words;
  });
  const approvers =
    request.requiredApprovals === 1 ? '1 approver agrees' : `${request.requiredApprovals} approvers agree`;
  // An immediate first step (revocation.leaver auto-disable) waits for nobody: only the rest does.
  const approval =
    request.mode !== 'approve'
      ? ''
      : request.steps[0]?.immediate
        ? request.steps.length > 1
          ? ` (the ${request.steps[0].step} at once; the rest once ${approvers})`
          : ''
        : ` (once ${approvers})`;
  return `${steps.join(', then ')}${approval}`;
}

function itemLines(item: DigestItem): string[] {
  const where = [item.provider, item.account, item.principal].filter(Boolean).join(' · ');
  const when = item.immediate ? `Now (${item.actAfter})` : `From ${item.actAfter}`;
  return [
    `- ${item.credentialUid}`,
    `  ${where}`,
    `  ${item.rule} (${item.severity}): ${item.title}`,
    `  ${when}: ${item.action}`,
    ...(item.note ? [`  Sent to you because ${item.note}`] : []),
  ];
}

interface Leaver {
  employeeId: string;
  name: string;
  email: string;
}

function leaversOf(items: readonly DigestItem[]): Leaver[] {
  const byId = new Map<string, Leaver>();
  for (const item of items) if (item.leaver) byId.set(item.leaver.employeeId, item.leaver);
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** "Ann Lee", "Ann Lee and Dev Hughes", "Ann Lee, Dev Hughes and 3 others". */
export function nameList(names: readonly string[]): string {
  if (names.length <= 2) return names.join(' and ');
  if (names.length === 3) return `${names[0]}, ${names[1]} and ${names[2]}`;
  return `${names[0]}, ${names[1]} and ${names.length - 2} others`;
}

function leaverSections(items: readonly DigestItem[]): string[] {
  return leaversOf(items).map((leaver) => {
    const own = items.filter((item) => item.leaver?.employeeId === leaver.employeeId);
    return [`${leaver.name} <${leaver.email}> (${leaver.employeeId}), ${own.length} credential(s):`]
      .concat(own.flatMap(itemLines))
      .join('\n');
  });
}

/**
 * The item list. A leaver's credentials are grouped under the leaver, so one digest covers every
 * leaver of a manager; a recipient with items in several roles gets one section per role.
 */
function renderItems(items: readonly DigestItem[]): string {
  const roleOf = (item: DigestItem): RecipientRole => item.role ?? (item.leaver ? 'manager' : 'owner');
  const managed = items.filter((item) => roleOf(item) === 'manager');
  const owned = items.filter((item) => roleOf(item) === 'owner');
  const unowned = items.filter((item) => roleOf(item) === 'security');
  const kinds = [managed, owned, unowned].filter((list) => list.length > 0).length;
  const section = (title: string, lines: string[]) => (kinds > 1 ? [title, ...lines] : lines).join('\n');
  const sections: string[] = [];
  if (managed.length > 0) sections.push(leaverSections(managed).join('\n\n'));
  if (owned.length > 0) sections.push(section('Your own credential(s):', owned.flatMap(itemLines)));
  if (unowned.length > 0)
    sections.push(section('Credential(s) without an owner in HR:', unowned.flatMap(itemLines)));
  return sections.join('\n\n');
}

function orderItems(items: DigestItem[]): DigestItem[] {
  return items.sort(
    (a, b) =>
      a.actAfter.localeCompare(b.actAfter) ||
      a.credentialUid.localeCompare(b.credentialUid) ||
      a.rule.localeCompare(b.rule),
  );
}

export function renderDigest(
  role: RecipientRole,
  recipient: string,
  items: DigestItem[],
  settings: Pick<NotificationSettings, 'templates' | 'securityContact'>,
  /** The recipient's name as HR has it; their address stands in when HR has none. */
  recipientName?: string,
): { subject: string; text: string; deadline: string } {
  const ordered = orderItems(items);
  const deadline = ordered[0]!.actAfter;
  const template = settings.templates[role] ?? DEFAULT_TEMPLATES[role];
  const values = {
    recipient,
    recipientName: recipientName?.trim() ? recipientName.trim() : recipient,
    count: String(new Set(ordered.map((item) => item.credentialUid)).size),
    deadline,
    items: renderItems(ordered),
    leavers: nameList(leaversOf(ordered).map((leaver) => leaver.name)),
    securityContact: settings.securityContact,
  };
  // Names, titles and ids come from data: a plain-text notice carries no control characters, and
  // its subject stays one line.
  return {
    subject: terminalSafeLine(fillTemplate(template.subject, values)),
    text: terminalSafe(fillTemplate(template.body, values)),
    deadline,
  };
}
