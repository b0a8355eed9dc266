/**
 * Each leaver's way from termination to disable, from the revocation queue: when a request for
 * one of their credentials was first created, approved, planned (a dry run), when a step was first
 * done, and when a re-read first showed it took effect. The leavers are those the report says
 * still hold live credentials, and every other leaver who owns a request (so a leaver whose
 * credentials were all disabled still shows how long it took). Longest gone first.
 */
import { daysBetween, parseIsoDate } from '../../src/core/dates.js';
import type { Person } from '../../src/core/model.js';
import { isLeaver } from '../../src/core/people.js';
import { compare } from '../json/build.js';
import type { JsonReport } from '../json/types.js';
import type { HtmlReportInput, ReportQueueRequest } from './queue-input.js';
import type { TimelineRow } from './svg-timeline.js';

export interface LeaverView {
  employeeId: string;
  name: string;
  email: string;
  terminationDate: string | null;
  /** Live credentials the report counts for them (0: none left, shown for their requests). */
  liveCredentials: number;
  requestIds: number[];
  createdAt: string | null;
  approvedAt: string | null;
  /** The dry-run plan's as-of when it would take a step of one of their requests now. */
  plannedAt: string | null;
  disabledAt: string | null;
  verifiedAt: string | null;
  /** Days from termination to the as-of (null without a termination date). */
  daysSinceTermination: number | null;
  /** Days from termination to the first step done (null until one is). */
  daysToDisable: number | null;
}

function earliest(values: readonly (string | null)[]): string | null {
  let first: string | null = null;
  for (const value of values) if (value !== null && (first === null || value < first)) first = value;
  return first;
}

function daysFrom(start: string | null, end: string | null): number | null {
  const from = start === null ? null : parseIsoDate(start);
  const to = end === null ? null : parseIsoDate(end);
  return from && to ? daysBetween(from, to) : null;
}

function view(
  person: Pick<Person, 'employeeId' | 'name' | 'email' | 'terminationDate'>,
  liveCredentials: number,
  requests: readonly ReportQueueRequest[],
  input: HtmlReportInput,
): LeaverView {
  const plan = input.queue?.plan;
  const ids = new Set(requests.map((request) => request.id));
  const planned = plan?.actions.some((action) => ids.has(action.requestId)) ? plan.asOf : null;
  const doneSteps = requests.flatMap((request) => request.steps.filter((step) => step.state === 'done'));
  const disabledAt = earliest(doneSteps.map((step) => step.finishedAt));
  return {
    employeeId: person.employeeId,
    name: person.name,
    email: person.email,
    terminationDate: person.terminationDate,
    liveCredentials,
    requestIds: [...ids],
    createdAt: earliest(requests.map((request) => request.createdAt)),
    approvedAt: earliest(requests.map((request) => request.approvedAt)),
    plannedAt: planned,
    disabledAt,
    verifiedAt: earliest(doneSteps.map((step) => step.verifiedAt)),
    daysSinceTermination: daysFrom(person.terminationDate, input.run.asOf),
    daysToDisable: daysFrom(person.terminationDate, disabledAt),
  };
}

export function leaverViews(input: HtmlReportInput, report: JsonReport): LeaverView[] {
  const asOf = new Date(report.scan.asOf);
  const requestsByOwner = new Map<string, ReportQueueRequest[]>();
  for (const request of input.queue?.requests ?? []) {
    if (request.ownerEmployeeId === null) continue;
    const list = requestsByOwner.get(request.ownerEmployeeId);
    if (list) list.push(request);
    else requestsByOwner.set(request.ownerEmployeeId, [request]);
  }
  const views = new Map<string, LeaverView>();
  for (const leaver of report.summary.leaversWithLiveCredentials) {
    const requests = requestsByOwner.get(leaver.employeeId) ?? [];
    views.set(leaver.employeeId, view(leaver, leaver.credentials, requests, input));
  }
  for (const person of input.people) {
    const requests = requestsByOwner.get(person.employeeId);
    if (!requests || views.has(person.employeeId) || !isLeaver(person, asOf)) continue;
    views.set(person.employeeId, view(person, 0, requests, input));
  }
  return [...views.values()].sort(
    (a, b) =>
      compare(a.terminationDate ?? '\uffff', b.terminationDate ?? '\uffff') ||
      compare(a.employeeId, b.employeeId),
  );
}

/** A leaver's row on the timeline; null without a termination date (nothing to count from). */
export function timelineRow(leaver: LeaverView): TimelineRow | null {
  const since = leaver.daysSinceTermination;
  if (leaver.terminationDate === null || since === null) return null;
  const at = (iso: string | null) => daysFrom(leaver.terminationDate, iso);
  const events: TimelineRow['events'] = (
    [
      ['created', at(leaver.createdAt)],
      ['approved', at(leaver.approvedAt)],
      ['planned', leaver.disabledAt === null ? at(leaver.plannedAt) : null],
      ['disabled', leaver.daysToDisable],
      ['verified', at(leaver.verifiedAt)],
    ] as const
  ).flatMap(([kind, day]) => (day === null ? [] : [{ kind, day }]));
  const outcome =
    leaver.daysToDisable === null
      ? `${since} d, nothing disabled`
      : `disabled after ${leaver.daysToDisable} d${leaver.verifiedAt ? ', verified' : ''}`;
  const facts = [
    `terminated ${leaver.terminationDate}`,
    leaver.createdAt ? `request created ${leaver.createdAt.slice(0, 10)}` : 'no request',
    leaver.approvedAt ? `approved ${leaver.approvedAt.slice(0, 10)}` : null,
    leaver.plannedAt && leaver.disabledAt === null
      ? `disable planned (dry run) ${leaver.plannedAt.slice(0, 10)}`
      : null,
    leaver.disabledAt ? `disabled ${leaver.disabledAt.slice(0, 10)}` : null,
    leaver.verifiedAt ? `verified ${leaver.verifiedAt.slice(0, 10)}` : null,
  ].filter((fact) => fact !== null);
  const days = (value: number) => `${value} ${value === 1 ? 'day' : 'days'}`;
  const inWords =
    leaver.daysToDisable === null
      ? `${days(since)} since termination, nothing disabled`
      : `disabled ${days(leaver.daysToDisable)} after termination${leaver.verifiedAt ? ' and verified' : ''}`;
  return {
    label: leaver.name,
    end: leaver.daysToDisable ?? since,
    closed: leaver.daysToDisable !== null,
    events,
    outcome,
    description: `${leaver.name}: ${facts.join(', ')}; ${inWords}.`,
  };
}
