/**
 * The nhiscan command line. Each verb lives in commands/; this file wires them into commander,
 * maps errors to exit codes (docs/ci.md "Exit codes") and keeps stdout for results and stderr
 * for messages.
 */
import { Command, CommanderError } from 'commander';
import { isInputError } from '../core/errors.js';
import { TOOL_VERSION } from '../core/version.js';
import { CreatedDatabases } from '../store/created-databases.js';
import { errorLine, inputErrorLine } from './error-line.js';
import { EXIT } from './exit-codes.js';
import { type CliIo, processIo, writeLine } from './io.js';
import { terminalSafeIo } from './safe-output.js';

export type CommandResult = { exitCode: number };

type Register = (program: Command, io: CliIo, setExit: (code: number) => void) => void;

/**
 * The top-level commands in help order, each with the modules that register it. A command's module
 * (and so its dependencies: SQLite, zod, the SDKs…) is imported only when that command runs, or
 * when every command is listed (help, a mistyped command); `--version` imports none.
 */
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<Register[]>]> = [
  ['scan', async () => [(await import('./commands/scan.js')).registerScanCommand]],
  ['findings', async () => [(await import('./commands/findings.js')).registerFindingsCommand]],
  ['report', async () => [(await import('./commands/report.js')).registerReportCommand]],
  [
    'queue',
    async () => {
      const [queue, hold] = await Promise.all([
        import('./commands/queue.js'),
        import('./commands/queue-hold.js'),
      ]);
      // Order matters: the hold verbs are added to the queue command registered first.
      return [queue.registerQueueCommand, hold.registerQueueHoldCommands];
    },
  ],
  ['review', async () => [(await import('./commands/review.js')).registerReviewCommand]],
  ['baseline', async () => [(await import('./commands/baseline.js')).registerBaselineCommand]],
  ['recertify', async () => [(await import('./commands/recertify.js')).registerRecertifyCommand]],
  ['notify', async () => [(await import('./commands/notify.js')).registerNotifyCommand]],
  ['hr', async () => [(await import('./commands/hr.js')).registerHrCommand]],
  ['audit', async () => [(await import('./commands/audit.js')).registerAuditCommand]],
  ['db', async () => [(await import('./commands/db.js')).registerDbCommand]],
  ['demo', async () => [(await import('./commands/demo.js')).registerDemoCommand]],
  ['emulate', async () => [(await import('./commands/emulate.js')).registerEmulateCommand]],
];

/**
 * The commands argv needs: the one it names; none for a lone --version; all of them otherwise
 * (help, no command, an unknown one: commander lists them or suggests the nearest).
 */
function commandsFor(argv: readonly string[]): ReadonlyArray<(typeof COMMANDS)[number]> {
  const named = COMMANDS.find(([name]) => name === argv[0]);
  if (named) return [named];
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) return [];
  return COMMANDS;
}

/** The program with the commands `argv` needs (every command when argv is not given). */
export async function buildProgram(
  io: CliIo,
  result: CommandResult,
  argv?: readonly string[],
): Promise<Command> {
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
  const registers = await Promise.all((argv ? commandsFor(argv) : COMMANDS).map(([, load]) => load()));
  for (const register of registers.flat()) register(program, io, setExit);
  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput());
  return program;
}

export async function runCli(argv: string[], io?: CliIo): Promise<number> {
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error('interrupted'));
  // Data never drives the terminal: every write is neutralised (src/cli/safe-output.ts).
  const ownIo = terminalSafeIo(io ?? processIo(controller.signal));
  if (!io) process.once('SIGINT', onSignal);
  const result: CommandResult = { exitCode: EXIT.clean };
  // A refusal (exit 2) writes nothing: the database files this run created are taken away again.
  const created = new CreatedDatabases();
  try {
    const program = await buildProgram(ownIo, result, argv);
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.input;
    }
    await created.during(() => program.parseAsync(argv, { from: 'user' }));
    return result.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.clean;
      if (error.code === 'commander.help') return EXIT.clean;
      created.discard();
      return EXIT.input;
    }
    if (isInputError(error)) {
      created.discard();
      writeLine(ownIo.stderr, inputErrorLine(error));
      return EXIT.input;
    }
    writeLine(
      ownIo.stderr,
      errorLine(`nhiscan: failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    if (ownIo.env.NHISCAN_DEBUG && error instanceof Error && error.stack)
      writeLine(ownIo.stderr, errorLine(error.stack));
    return EXIT.incomplete;
  } finally {
    if (!io) process.off('SIGINT', onSignal);
  }
}
