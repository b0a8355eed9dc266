/**
 * Lists one project: its IAM policy (privilege, and leavers' own `user:` bindings), last use of its keys (Policy Analyzer), its service
 * accounts page by page, and for each account its user-managed keys and its own IAM policy (owners).
 * Anything that cannot be read becomes a partial mark naming the scope and the reason: never an
 * empty result. Pages are yielded per page of service accounts, so memory stays bounded.
 */
import pLimit from 'p-limit';
import type { Credential, Person, Principal } from '../../src/core/model.js';
import type { PartialMark, ScanPage } from '../../src/core/plugin.js';
import type { GcpClients } from './clients.js';
import type { GcpProjectPolicy, GcpServiceAccountPolicy } from './emulator/estate.js';
import { describeGoogleError } from './errors.js';
import { readLastUse } from './last-use.js';
import { leaverBindings } from './leaver-bindings.js';
import type { GcpOptions } from './options.js';
import { type OwnerConventions, ownerSignals } from './owners.js';
import { type PrivilegeIndex, privilegeIndex } from './privilege.js';
import { readAheadPages } from './read-ahead-pages.js';
import {
  keyCredential,
  type LastUse,
  type ListedServiceAccount,
  serviceAccountPrincipal,
} from './transform.js';

export interface ProjectScan {
  clients: GcpClients;
  options: GcpOptions;
  conventions: OwnerConventions;
  signal: AbortSignal;
  asOf: Date;
  /** HR's people: leavers' and expired contractors' `user:` bindings are listed. Absent: none are. */
  people?: readonly Person[];
  /** A termination scan (ScanContext.focus): read only the policy, list only these people's bindings. */
  focused?: boolean;
  progress?: (message: string) => void;
}

function problem(project: string, scope: string, error: unknown): PartialMark {
  return { scope: `project ${project}${scope ? ` ${scope}` : ''}`, reason: describeGoogleError(error) };
}

/** Privilege per account, or a conservative stand-in when the project policy cannot be read. */
type Privilege = { index: PrivilegeIndex } | { unknown: string };

async function readPrivilege(
  scan: ProjectScan,
  project: string,
): Promise<{ privilege: Privilege; policy?: GcpProjectPolicy; partial?: PartialMark }> {
  try {
    const { data } = await scan.clients.resourceManager.projects.getIamPolicy(
      { resource: `projects/${project}`, requestBody: { options: { requestedPolicyVersion: 3 } } },
      { signal: scan.signal },
    );
    return {
      privilege: { index: privilegeIndex(project, data, scan.options.privilegedRoles) },
      policy: data,
    };
  } catch (error) {
    if (scan.signal.aborted) throw error;
    const partial = problem(project, 'IAM policy', error);
    // Cannot tell: treat every key as privileged (two approvals, never automatic) rather than not.
    return {
      privilege: {
        unknown: `privilege unknown: the IAM policy of project ${project} could not be read (${partial.reason})`,
      },
      partial,
    };
  }
}

interface AccountResult {
  credentials: Credential[];
  problems: PartialMark[];
}

/** A read started now and awaited later: its rejection is never unhandled in between. */
function started<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

type Read<T> = { value: T } | { problem: PartialMark };

/** One read of an account, its failure a problem naming the scope (an abort is thrown instead). */
async function attempt<T>(
  scan: ProjectScan,
  project: string,
  scope: string,
  read: () => Promise<T>,
): Promise<Read<T>> {
  try {
    return { value: await read() };
  } catch (error) {
    if (scan.signal.aborted) throw error;
    return { problem: problem(project, scope, error) };
  }
}

/** An account's own reads (its IAM policy and its keys: IAM, charged to the project). */
interface AccountReads {
  account: ListedServiceAccount;
  policyRead: Read<GcpServiceAccountPolicy | undefined> | undefined;
  keysRead: Read<Awaited<ReturnType<typeof listKeys>>>;
}

async function listKeys(scan: ProjectScan, name: string) {
  const response = await scan.clients.iam.projects.serviceAccounts.keys.list(
    { name, keyTypes: ['USER_MANAGED'] },
    { signal: scan.signal },
  );
  return response.data.keys ?? [];
}

async function readAccount(
  scan: ProjectScan,
  project: string,
  account: ListedServiceAccount,
): Promise<AccountReads> {
  const name = `projects/${project}/serviceAccounts/${account.email}`;
  const { iam } = scan.clients;
  // The account's own policy (owners) and its keys are independent: both are read at once.
  const [policyRead, keysRead] = await Promise.all([
    scan.options.serviceAccountIamPolicy
      ? attempt(scan, project, `service account ${account.email} IAM policy`, async () => {
          const response = await iam.projects.serviceAccounts.getIamPolicy(
            { resource: name, 'options.requestedPolicyVersion': 3 },
            { signal: scan.signal },
          );
          return response.data as GcpServiceAccountPolicy | undefined;
        })
      : undefined,
    attempt(scan, project, `service account ${account.email} keys`, () => listKeys(scan, name)),
  ]);
  return { account, policyRead, keysRead };
}

/** An account's credentials from its reads, the project's last use and its privilege. */
function accountCredentials(
  scan: ProjectScan,
  project: string,
  { account, policyRead, keysRead }: AccountReads,
  lastUse: LastUse,
  privilege: Privilege,
): AccountResult {
  const result: AccountResult = { credentials: [], problems: [] };
  let policy: GcpServiceAccountPolicy | undefined;
  if (policyRead && 'problem' in policyRead) result.problems.push(policyRead.problem);
  else policy = policyRead?.value;
  if ('problem' in keysRead) {
    result.problems.push(keysRead.problem);
    return result;
  }
  const signals = ownerSignals(account, policy, scan.conventions);
  const privilegedReasons =
    'index' in privilege ? (privilege.index.get(account.email.toLowerCase()) ?? []) : [privilege.unknown];
  for (const key of keysRead.value) {
    // The filter asks for user-managed keys only; a system-managed one is Google's to rotate.
    if (key.keyType && key.keyType !== 'USER_MANAGED') continue;
    result.credentials.push(
      keyCredential(project, account, key, {
        lastUse,
        privilegedReasons,
        ownerSignals: signals,
        asOf: scan.asOf,
      }),
    );
  }
  return result;
}

/** Pages of service accounts read ahead of the scan's use of them (100 accounts a page by default). */
const PAGES_AHEAD = 8;

/** A page of accounts with each account's reads already started. */
interface PageWithReads {
  page: AccountsPage;
  reads: Promise<AccountReads>[];
}

interface AccountsPage {
  accounts: ListedServiceAccount[];
  nextPageToken?: string;
}

async function readAccountsPage(scan: ProjectScan, project: string, pageToken: string | undefined) {
  const { data } = await scan.clients.iam.projects.serviceAccounts.list(
    { name: `projects/${project}`, pageSize: scan.options.pageSize, ...(pageToken ? { pageToken } : {}) },
    { signal: scan.signal },
  );
  const page: AccountsPage = {
    accounts: (data.accounts ?? []).filter((account): account is ListedServiceAccount =>
      Boolean(account.email),
    ),
  };
  if (data.nextPageToken) page.nextPageToken = data.nextPageToken;
  return page;
}

export async function* listProject(scan: ProjectScan, project: string): AsyncGenerator<ScanPage> {
  const { signal } = scan;
  scan.progress?.(`gcp: project ${project}`);
  // The project's policy, its keys' last use and its first page of accounts are independent reads:
  // all start now (a termination scan reads the policy only).
  const privilegeRead = started(readPrivilege(scan, project));
  const lastUseRead =
    !scan.focused && scan.options.lastUse ? started(readLastUse(scan.clients, project, signal)) : undefined;
  // The account pages are read ahead and each page's account reads (IAM, paced per project) start
  // as soon as it arrives: they need neither the privilege nor the last use, whose reads share the
  // slower quota-project pace.
  const limit = pLimit(scan.options.concurrency);
  const pages = scan.focused
    ? undefined
    : readAheadPages(
        (pageToken) => readAccountsPage(scan, project, pageToken),
        (page): PageWithReads => ({
          page,
          reads: page.accounts.map((account) => started(limit(() => readAccount(scan, project, account)))),
        }),
        PAGES_AHEAD,
      );

  const { privilege, policy, partial: privilegeProblem } = await privilegeRead;
  // An unread policy is one partial mark: it covers the privilege and the leavers' bindings alike.
  if (privilegeProblem) yield { credentials: [], principals: [], partial: privilegeProblem };
  if (policy && scan.people) {
    const leavers = leaverBindings({
      project,
      policy,
      people: scan.people,
      asOf: scan.asOf,
      privilegedRoles: scan.options.privilegedRoles,
    });
    if (leavers.credentials.length > 0) yield leavers;
  }
  if (!pages) return;

  let lastUse: LastUse = {
    known: false,
    reason: 'last use not read: lastUse is false in the source options',
  };
  if (lastUseRead) {
    const read = await lastUseRead;
    lastUse = read.lastUse;
    if (read.partial) yield { credentials: [], principals: [], partial: read.partial };
  }

  let listed = 0;
  for (;;) {
    signal.throwIfAborted();
    const next = await pages.next();
    if (!next) return;
    if ('error' in next) {
      if (signal.aborted) throw next.error;
      const scope = listed === 0 ? 'service accounts' : `service accounts after the first ${listed}`;
      yield { credentials: [], principals: [], partial: problem(project, scope, next.error) };
      return;
    }
    const { page, reads } = next.item;
    const { accounts } = page;
    const results = (await Promise.all(reads)).map((read) =>
      accountCredentials(scan, project, read, lastUse, privilege),
    );
    const principals: Principal[] = accounts.map((account) => serviceAccountPrincipal(project, account));
    const credentials = results.flatMap((result) => result.credentials);
    const problems = results.flatMap((result) => result.problems);
    listed += accounts.length;
    scan.progress?.(`gcp: project ${project}: ${listed} service accounts`);
    yield { credentials, principals, ...(problems[0] ? { partial: mergeProblems(project, problems) } : {}) };
  }
}

/** One page carries one partial mark: several problems are named together. */
function mergeProblems(project: string, problems: PartialMark[]): PartialMark {
  if (problems.length === 1) return problems[0]!;
  return {
    scope: `project ${project}: ${problems.length} reads failed`,
    reason: problems.map((entry) => `${entry.scope}: ${entry.reason}`).join('; '),
  };
}
