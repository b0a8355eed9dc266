/**
 * Notice templates: a subject and a body per recipient role, with `{{name}}` placeholders. The
 * built-in ones are below; config may replace any of them (notifications.templates.ROLE). An
 * unknown placeholder is a config error, so a typo never reaches a recipient as `{{dedline}}`.
 */
import { z } from 'zod';

export const TEMPLATE_ROLES = ['owner', 'manager', 'security'] as const;
export type TemplateRole = (typeof TEMPLATE_ROLES)[number];

/**
 * What a template can say. `items` is the rendered credential list (grouped by leaver for
 * managers); `recipientName` is the recipient's name as HR has it (their address when HR has none).
 */
export const PLACEHOLDERS = [
  'recipient',
  'recipientName',
  'count',
  'deadline',
  'items',
  'leavers',
  'securityContact',
] as const;
export type TemplateValues = Record<(typeof PLACEHOLDERS)[number], string>;

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

function checkPlaceholders(text: string, context: z.RefinementCtx, key: 'subject' | 'body'): void {
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1]!;
    if (!(PLACEHOLDERS as readonly string[]).includes(name))
      context.addIssue({
        code: 'custom',
        path: [key],
        message: `unknown placeholder {{${name}}}; expected one of ${PLACEHOLDERS.map((item) => `{{${item}}}`).join(', ')}`,
      });
  }
}

export const templateSchema = z
  .strictObject({
    subject: z
      .string()
      .min(1)
      .refine((text) => !/[\r\n]/.test(text), 'expected one line (a subject cannot hold a line break)'),
    body: z.string().min(1),
  })
  .superRefine((template, context) => {
    checkPlaceholders(template.subject, context, 'subject');
    checkPlaceholders(template.body, context, 'body');
  });
export type Template = z.infer<typeof templateSchema>;

// One line per paragraph: mail clients and chat apps wrap to their own width.
export const DEFAULT_TEMPLATES: Record<TemplateRole, Template> = {
  owner: {
    subject: 'nhiscan: {{count}} credential(s) of yours need an answer by {{deadline}}',
    body: [
      'Hello {{recipientName}},',
      '',
      'HR data ties the credential(s) below to you, and each needs your answer. From the date shown for each one, the revocation queue may act on it.',
      '',
      '{{items}}',
      '',
      'To keep one: tell your manager or {{securityContact}} why it is still needed; someone who does not own it records that with nhiscan recertify CREDENTIAL --by THEIR-EMAIL --reason "why" [--until DATE]. An owner cannot recertify their own credential.',
      'To end one: rotate or delete it yourself; the next scan sees it and closes this notice.',
      '',
    ].join('\n'),
  },
  manager: {
    subject: 'nhiscan: credentials of {{leavers}} will be disabled from {{deadline}}',
    body: [
      'Hello {{recipientName}},',
      '',
      'HR lists you as the manager of {{leavers}}, who left. The credential(s) below still belong to them and will be disabled from the date shown, then deleted.',
      '',
      '{{items}}',
      '',
      'If one still runs something: take it over by changing its owner signal to its new owner (for example its owner tag), or ask {{securityContact}} for an exception before that date.',
      '',
    ].join('\n'),
  },
  security: {
    subject: 'nhiscan: {{count}} credential(s) without an owner in HR, answer by {{deadline}}',
    body: [
      'Hello,',
      '',
      'nhiscan cannot tie the credential(s) below to a person in HR (no owner signal, an owner who is not in HR, or a leaver without a manager). Find the owner and set its owner signal, or accept it in the baseline.',
      '',
      '{{items}}',
      '',
    ].join('\n'),
  },
};

/** Fills a template's placeholders; values are inserted as they are (plain text, never HTML). */
export function fillTemplate(text: string, values: TemplateValues): string {
  return text.replace(PLACEHOLDER, (whole, name: string) =>
    name in values ? values[name as keyof TemplateValues] : whole,
  );
}
