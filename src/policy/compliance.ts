/**
 * The compliance frameworks findings map to, and their items. Which items a rule maps to is its
 * row's `compliance` in the rule table (src/policy/rules.ts); `complianceOf` adds what depends on
 * the credential (a provider's CIS benchmark, privilege). docs/rules.md cites the source of every
 * mapping; keep the two in step. Item names are the frameworks' own titles, shortened only where
 * marked.
 */

export const FRAMEWORK_IDS = ['owasp-nhi', 'nist-csf', 'cis-controls', 'cis-aws', 'cis-gcp'] as const;
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

export interface Framework {
  id: FrameworkId;
  /** The framework's name and version, as its publisher writes it. */
  name: string;
  /** Where the framework is published (the source docs/rules.md cites). */
  url: string;
  /** For a provider's benchmark: the provider whose credentials it covers (`Credential.provider`). */
  provider?: string;
  items: Readonly<Record<string, string>>;
  /** An item's own public page, where the framework has one (else `url`). */
  itemUrls?: Readonly<Record<string, string>>;
}

export const FRAMEWORKS = {
  'owasp-nhi': {
    id: 'owasp-nhi',
    name: 'OWASP Non-Human Identities Top 10 (2025)',
    url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/',
    items: {
      NHI1: 'Improper Offboarding',
      NHI5: 'Overprivileged NHI',
      NHI7: 'Long-Lived Secrets',
      NHI10: 'Human Use of NHI',
    },
    itemUrls: {
      NHI1: 'https://owasp.org/www-project-non-human-identities-top-10/2025/1-improper-offboarding/',
      NHI5: 'https://owasp.org/www-project-non-human-identities-top-10/2025/5-overprivileged-nhi/',
      NHI7: 'https://owasp.org/www-project-non-human-identities-top-10/2025/7-long-lived-secrets/',
      NHI10: 'https://owasp.org/www-project-non-human-identities-top-10/2025/10-human-use-of-nhi/',
    },
  },
  'nist-csf': {
    id: 'nist-csf',
    name: 'NIST Cybersecurity Framework 2.0',
    url: 'https://doi.org/10.6028/NIST.CSWP.29',
    items: {
      'GV.RR-04': 'Cybersecurity is included in human resources practices',
      'GV.SC-10':
        'Cybersecurity supply chain risk management plans include provisions for activities that occur after the conclusion of a partnership or service agreement',
      'PR.AA-01':
        'Identities and credentials for authorized users, services, and hardware are managed by the organization',
      'PR.AA-05':
        'Access permissions, entitlements, and authorizations are defined in a policy, managed, enforced, and reviewed, and incorporate the principles of least privilege and separation of duties',
    },
  },
  'cis-controls': {
    id: 'cis-controls',
    name: 'CIS Critical Security Controls v8.1',
    url: 'https://www.cisecurity.org/controls/v8-1',
    items: {
      '5.3': 'Disable Dormant Accounts',
      '5.5': 'Establish and Maintain an Inventory of Service Accounts',
      '6.2': 'Establish an Access Revoking Process',
    },
  },
  'cis-aws': {
    id: 'cis-aws',
    name: 'CIS Amazon Web Services Foundations Benchmark v3.0.0',
    url: 'https://www.cisecurity.org/benchmark/amazon_web_services',
    provider: 'aws',
    items: {
      '1.12': 'Ensure credentials unused for 45 days or greater are disabled',
      '1.14': 'Ensure access keys are rotated every 90 days or less',
    },
  },
  'cis-gcp': {
    id: 'cis-gcp',
    name: 'CIS Google Cloud Platform Foundation Benchmark v2.0.0',
    url: 'https://www.cisecurity.org/benchmark/google_cloud_computing_platform',
    provider: 'gcp',
    items: {
      '1.7': 'Ensure user-managed/external keys for service accounts are rotated every 90 days or less',
    },
  },
} as const satisfies { readonly [F in FrameworkId]: Framework & { id: F } };

/** The item ids of framework `F`. */
export type ItemOf<F extends FrameworkId> = keyof (typeof FRAMEWORKS)[F]['items'] & string;

/** A rule's items, per framework (an absent framework: none). Only known item ids compile. */
export type RuleCompliance = { readonly [F in FrameworkId]?: readonly ItemOf<F>[] };

/** One framework item a finding maps to, as every output carries it. */
export interface ComplianceRef {
  framework: FrameworkId;
  id: string;
  name: string;
}

/** What `complianceOf` reads of a credential. */
export interface ComplianceSubject {
  provider: string;
  privileged: boolean;
  /** A person signs in as the credential's principal (an IAM user with a console password). */
  humanUse?: boolean;
}

/** Items a privileged credential's finding maps to besides its rule's (privilege raises its severity). */
const PRIVILEGED: RuleCompliance = { 'owasp-nhi': ['NHI5'], 'nist-csf': ['PR.AA-05'] };

/** Items a finding adds when a person signs in as its credential's principal (a human IAM user holds keys). */
const HUMAN_USE: RuleCompliance = { 'owasp-nhi': ['NHI10'] };

/**
 * The items a rule maps to, in framework order then table order. With a subject, a provider's
 * benchmark is kept only for that provider's credentials, a privileged credential adds
 * `PRIVILEGED` and one a person signs in beside `HUMAN_USE`; without one (a rule on its own, as SARIF's rule list), every item of the rule.
 */
export function complianceOf(rule: RuleCompliance, subject?: ComplianceSubject): ComplianceRef[] {
  const refs: ComplianceRef[] = [];
  for (const framework of FRAMEWORK_IDS) {
    const definition: Framework = FRAMEWORKS[framework];
    if (subject && definition.provider !== undefined && definition.provider !== subject.provider) continue;
    const ids = new Set<string>(rule[framework] ?? []);
    if (subject?.privileged) for (const id of PRIVILEGED[framework] ?? []) ids.add(id);
    if (subject?.humanUse) for (const id of HUMAN_USE[framework] ?? []) ids.add(id);
    for (const id of Object.keys(definition.items)) {
      if (ids.has(id)) refs.push({ framework, id, name: definition.items[id]! });
    }
  }
  return refs;
}

/** Where an item is published: its own page, else its framework's. */
export function itemUrl(ref: Pick<ComplianceRef, 'framework' | 'id'>): string {
  const framework: Framework = FRAMEWORKS[ref.framework];
  return framework.itemUrls?.[ref.id] ?? framework.url;
}

/** The item a `framework:id` label names (a finding's items, as every report carries them). */
export function complianceRefOf(label: string): ComplianceRef {
  const colon = label.indexOf(':');
  const framework = label.slice(0, colon) as FrameworkId;
  const id = label.slice(colon + 1);
  const definition: Framework | undefined = (FRAMEWORKS as Record<string, Framework>)[framework];
  const name = definition?.items[id];
  if (colon === -1 || name === undefined)
    throw new Error(`${JSON.stringify(label)} names no compliance item`);
  return { framework, id, name };
}

/** `owasp-nhi:NHI1` style label of an item (SARIF tags, ECS tags, the --framework filter). */
export function complianceLabel(ref: Pick<ComplianceRef, 'framework' | 'id'>): string {
  return `${ref.framework}:${ref.id}`;
}
