import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import { announceVerdict } from '../../notify/index.js';
import {
  executeQueue,
  getRequest,
  guardSettings,
  listRequests,
  OPEN_STATES,
  REQUEST_STATES,
  type RequestState,
  verifyRequests,
} from '../../queue/index.js';
import { type Db, openDatabase } from '../../store/index.js';
import { acknowledgeHrChange } from '../acknowledge-hr-change.js';
import { resolveActor } from '../actor.js';
import { addDatabaseOptions, type DatabaseFlags } from '../database-options.js';
import { commandConfig, existingDatabase } from '../database-path.js';
import { EXIT } from '../exit-codes.js';
import { governedActor } from '../governance.js';
import type { CliIo } from '../io.js';
import { oneOf, parseAsOf, wholeNumber } from '../options.js';
import {
  renderExecuteSummary,
  renderExecutorEvent,
  renderRequest,
  renderRequestList,
} from '../render-queue.js';
import { registerDecisionCommands, requestIdArgument } from './queue-decide.js';

async function withDb<T>(io: CliIo, flags: DatabaseFlags, work: (db: Db) => Promise<T> | T): Promise<T> {
  const db = await existingDatabase(io, flags);
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

async function configAndDb(io: CliIo, flags: DatabaseFlags) {
  const config = await commandConfig(io, flags);
  return { config, db: openDatabase(config.dbPath) };
}

export function registerQueueCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const queue = program
    .command('queue')
    .description('The revocation queue: review, approve, reject, execute (dry-run by default) and verify.')
    .addHelpText(
      'after',
      `
Requests are proposed by each scan (leaver-owned, contractor-expired, mover-recertify,
propagation-gap, and owner-unknown when configured) per the revocation settings in nhiscan.yaml.
Every decision and step is recorded in the tamper-evident audit log (nhiscan audit verify).`,
    );
  addDatabaseOptions(queue.command('list'))
    .description('List revocation requests (open ones unless --all or --state).')
    .option('--all', 'include done, rejected and cancelled requests')
    .option(
      '--state <state>',
      `only requests in this state: ${REQUEST_STATES.join('|')}`,
      oneOf('--state', REQUEST_STATES),
    )
    .option('--json', 'print the requests as JSON')
    .action(async (flags: DatabaseFlags & { all?: boolean; state?: RequestState; json?: boolean }) => {
      await withDb(io, flags, (db) => {
        const states = flags.state ? [flags.state] : flags.all ? undefined : OPEN_STATES;
        const requests = listRequests(db, { states });
        io.stdout.write(flags.json ? `${JSON.stringify(requests, null, 2)}\n` : renderRequestList(requests));
      });
      setExit(EXIT.clean);
    });

  addDatabaseOptions(queue.command('show').addArgument(requestIdArgument()))
    .description('Show one request: credential, reason, owner, steps and decisions.')
    .option('--json', 'print the request as JSON')
    .action(async (id: number, flags: DatabaseFlags & { json?: boolean }) => {
      await withDb(io, flags, (db) => {
        const request = getRequest(db, id);
        if (!request)
          throw new InputError(`no revocation request ${id}; see \`nhiscan queue list\``, { key: 'ID' });
        io.stdout.write(flags.json ? `${JSON.stringify(request, null, 2)}\n` : renderRequest(request));
      });
      setExit(EXIT.clean);
    });

  registerDecisionCommands(queue, io, setExit);

  addDatabaseOptions(queue.command('execute'))
    .description(
      'Plan the due steps (dry-run, the default) or, with --apply, execute them behind the guards.',
    )
    .option('--apply', 'call the providers (without it nothing is changed)')
    .option('--max <n>', 'take at most N actions this run', wholeNumber('--max'))
    .option('--by <who>', 'who runs it (default: NHISCAN_USER, git user.email, or the OS user)')
    .option('--as-of <iso>', 'fix "now" (not-before times, HR age), e.g. 2026-11-26T09:00:00Z', parseAsOf)
    .option(
      '--accept-hr-change',
      'acknowledge the latest HR snapshot change that the hr-change guard refused (needs --by and --reason)',
    )
    .option('--reason <text>', 'why (with --accept-hr-change)')
    .option('--json', 'print the plan and results as JSON')
    .option(
      '--signature <file>',
      'with --accept-hr-change: SSH signature of the acknowledgement (governance.signedDecisions required)',
    )
    .option(
      '--print-decision',
      'with --accept-hr-change: print the acknowledgement text to sign, and do nothing',
    )
    .addHelpText(
      'after',
      `
Exit codes: 0 planned or applied; 2 a guard refused (nothing was called) or bad input;
3 some steps failed (they stay visible in queue list and are retried on the next run).

Guards (refuse with exit 2 and an audit record): the latest scan is incomplete; HR data is older
than hr.maxAgeHours; new leavers plus people missing since the previous HR snapshot exceed
revocation.hrChangeGuardPercent; more than revocation.maxPerRun actions.

With a notifications block, a request raised for a noticed rule is held (listed as Held, with why)
until its notice was delivered and its day has come (docs/notifications.md).`,
    )
    .action(
      async (
        flags: DatabaseFlags & {
          apply?: boolean;
          max?: number;
          by?: string;
          asOf?: Date;
          acceptHrChange?: boolean;
          signature?: string;
          printDecision?: boolean;
          reason?: string;
          json?: boolean;
        },
      ) => {
        const { max, asOf: fixed } = flags;
        const now = fixed ? () => fixed : io.now;
        const given = resolveActor(io, flags.by);
        const { config, db } = await configAndDb(io, flags);
        try {
          // A dry run decides nothing and calls nothing: anyone may look. Applying is an act.
          const actor = flags.apply
            ? governedActor(db, given, {
                settings: config.governance,
                purpose: 'execute',
                decision: 'execute',
                target: null,
                now: now(),
              }).id
            : given;
          if (
            flags.acceptHrChange &&
            acknowledgeHrChange(io, db, config.governance, flags, now()) === 'printed'
          )
            return setExit(EXIT.clean);
          const result = await executeQueue(db, {
            apply: Boolean(flags.apply),
            max,
            actor,
            now,
            sources: config.sources,
            settings: guardSettings(config, announceVerdict),
            signal: io.signal,
            onEvent: flags.json ? undefined : (event) => io.stdout.write(`${renderExecutorEvent(event)}\n`),
          });
          if (flags.json) {
            io.stdout.write(
              `${JSON.stringify(
                {
                  applied: result.applied,
                  refused: result.refused,
                  guards: result.guards,
                  counts: result.counts,
                  actions: result.actions.map((action) => ({
                    requestId: action.request.id,
                    credentialUid: action.request.credentialUid,
                    step: action.step.step,
                    recovering: action.recovering,
                  })),
                  due: result.plan.due.length,
                  scheduled: result.plan.scheduled.map((item) => ({
                    requestId: item.request.id,
                    step: item.step.step,
                    notBefore: item.notBefore,
                  })),
                  held: result.plan.held.map((item) => ({
                    requestId: item.request.id,
                    credentialUid: item.request.credentialUid,
                    step: item.step.step,
                    reason: item.reason,
                    ...(item.notBefore ? { notBefore: item.notBefore } : {}),
                  })),
                  awaitingApproval: result.plan.awaitingApproval.map((request) => request.id),
                  awaitingConfirmation: result.plan.awaitingConfirmation.map((request) => request.id),
                },
                null,
                2,
              )}\n`,
            );
          } else {
            io.stdout.write(renderExecuteSummary(result, Boolean(flags.apply)));
          }
          if (flags.apply && result.refused) {
            for (const verdict of result.guards.filter((item) => !item.ok))
              io.stderr.write(`nhiscan: refused by guard ${verdict.guard}: ${verdict.message}\n`);
            setExit(EXIT.input);
          } else if (result.counts.failed > 0) setExit(EXIT.incomplete);
          else setExit(EXIT.clean);
        } finally {
          db.close();
        }
      },
    );

  addDatabaseOptions(queue.command('verify'))
    .description(
      'Re-read the provider for every step reported done; a credential still usable is a propagation gap.',
    )
    .option('--by <who>', 'who runs it (default: NHISCAN_USER, git user.email, or the OS user)')
    .option('--json', 'print the checks as JSON')
    .addHelpText(
      'after',
      '\nExit codes: 0 every step holds; 1 a propagation gap is open; 3 a re-read failed.',
    )
    .action(async (flags: DatabaseFlags & { by?: string; json?: boolean }) => {
      const { config, db } = await configAndDb(io, flags);
      try {
        const checks = await verifyRequests(db, {
          sources: config.sources,
          now: io.now,
          actor: governedActor(db, resolveActor(io, flags.by), {
            settings: config.governance,
            purpose: 'verify',
            decision: 'verify',
            target: null,
            now: io.now(),
          }).id,
          signal: io.signal,
        });
        if (flags.json) io.stdout.write(`${JSON.stringify(checks, null, 2)}\n`);
        else if (checks.length === 0) io.stdout.write('Nothing to verify: no step has been reported done.\n');
        else
          for (const check of checks)
            io.stdout.write(
              `#${check.requestId} ${check.step} ${check.credentialUid}: ${check.verdict}${check.detail ? ` (${check.detail})` : ''}\n`,
            );
        const gaps = checks.some((check) => check.verdict === 'gap' || check.verdict === 'still-gap');
        setExit(
          gaps
            ? EXIT.findings
            : checks.some((check) => check.verdict === 'unknown')
              ? EXIT.incomplete
              : EXIT.clean,
        );
      } finally {
        db.close();
      }
    });
}
