/**
 * The nhiscan command line. Each verb lives in commands/; this file wires them into commander,
 * maps errors to exit codes (DESIGN) and keeps stdout for results and stderr for messages.
 */
import { Command, CommanderError } from 'commander';
import { isInputError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import { registerAuditCommand } from './commands/audit.js';
import { registerBaselineCommand } from './commands/baseline.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerEmulateCommand } from './commands/emulate.js';
import { registerFindingsCommand } from './commands/findings.js';
import { registerHrCommand } from './commands/hr.js';
import { registerNotifyCommand } from './commands/notify.js';
import { registerQueueCommand } from './commands/queue.js';
import { registerQueueHoldCommands } from './commands/queue-hold.js';
import { registerRecertifyCommand } from './commands/recertify.js';
import { registerReportCommand } from './commands/report.js';
import { registerReviewCommand } from './commands/review.js';
import { registerScanCommand } from './commands/scan.js';
import { EXIT } from './exit-codes.js';
import { type CliIo, processIo, writeLine } from './io.js';
import { TOOL_VERSION } from './version.js';

export type CommandResult = { exitCode: number };

export function buildProgram(io: CliIo, result: CommandResult): Command {
  const program = new Command('nhiscan')
    .description(
      'Inventory non-human-identity credentials, tie each to the human who owns it using HR data, and flag what leavers, movers and contractors leave behind.',
    )
    .version(TOOL_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride();
  program.addHelpText(
    'after',
    `
Exit codes:
  0  clean: nothing at or above --fail-on after the baseline
  1  findings at or above --fail-on
  2  usage, config or input error (nothing written)
  3  scan incomplete: a source failed or was partial (never reported as clean)

Start with: nhiscan demo`,
  );
  const setExit = (code: number) => {
    result.exitCode = code;
  };
  registerScanCommand(program, io, setExit);
  registerFindingsCommand(program, io, setExit);
  registerReportCommand(program, io, setExit);
  registerQueueCommand(program, io, setExit);
  registerQueueHoldCommands(program, io, setExit);
  registerReviewCommand(program, io, setExit);
  registerBaselineCommand(program, io, setExit);
  registerRecertifyCommand(program, io, setExit);
  registerNotifyCommand(program, io, setExit);
  registerHrCommand(program, io, setExit);
  registerAuditCommand(program, io, setExit);
  registerDemoCommand(program, io, setExit);
  registerEmulateCommand(program, io, setExit);
  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput());
  return program;
}

export async function runCli(argv: string[], io?: CliIo): Promise<number> {
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error('interrupted'));
  const ownIo = io ?? processIo(controller.signal);
  if (!io) process.once('SIGINT', onSignal);
  const result: CommandResult = { exitCode: EXIT.clean };
  try {
    const program = buildProgram(ownIo, result);
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.input;
    }
    await program.parseAsync(argv, { from: 'user' });
    return result.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.clean;
      if (error.code === 'commander.help') return EXIT.clean;
      return EXIT.input;
    }
    if (isInputError(error)) {
      writeLine(ownIo.stderr, `nhiscan: error: ${error.message}`);
      return EXIT.input;
    }
    writeLine(
      ownIo.stderr,
      `nhiscan: failed: ${redact(error instanceof Error ? error.message : String(error))}`,
    );
    if (ownIo.env.NHISCAN_DEBUG && error instanceof Error && error.stack)
      writeLine(ownIo.stderr, error.stack);
    return EXIT.incomplete;
  } finally {
    if (!io) process.off('SIGINT', onSignal);
  }
}
