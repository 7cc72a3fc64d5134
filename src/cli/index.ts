/**
 * The command table and its dispatcher: `inferwall <command> [subcommand] [options]`. Every level
 * has --help; an unknown command or option prints usage on stderr and exits 2.
 */
import { parseArgs } from 'node:util';
import { COMMIT, VERSION } from '../version';
import { adminCommand } from './admin';
import { EXIT, UsageError, type CliIO, type Command } from './command';
import { analyzeCommand } from './analyze';
import { scanCommand } from './scan';
import { serveCommand } from './serve';
import { signaturesCommand } from './signatures';

const versionText = (): string => `inferwall ${VERSION} (commit ${COMMIT}, bun ${Bun.version})\n`;

const versionCommand: Command = {
  name: 'version',
  summary: 'print the version, commit and Bun version',
  usage: 'version',
  async run(_args, io) {
    io.stdout(versionText());
    return EXIT.OK;
  },
};

export const COMMANDS: readonly Command[] = [serveCommand, adminCommand, scanCommand, analyzeCommand, signaturesCommand, versionCommand];

function helpText(cmd: Command | undefined, path: string[]): string {
  if (!cmd) {
    return (
      `inferwall ${VERSION}: an AI application firewall\n\n` +
      `Usage: inferwall <command> [options]\n\nCommands:\n` +
      COMMANDS.map((c) => `  ${c.name.padEnd(14)}${c.summary}`).join('\n') +
      `\n\nGlobal options:\n  -h, --help      show help (also after any command)\n  -v, --version   print the version\n`
    );
  }
  let text = `Usage: inferwall ${cmd.usage}\n\n${cmd.summary}\n`;
  if (cmd.subcommands) {
    text += `\nSubcommands:\n` + cmd.subcommands.map((s) => `  ${s.name.padEnd(16)}${s.summary}`).join('\n') + '\n';
    text += `\nRun \`inferwall ${[...path, '<subcommand>'].join(' ')} --help\` for details.\n`;
  }
  if (cmd.help) text += `\n${cmd.help}\n`;
  return text;
}

/** Runs the CLI for `argv` (without the executable) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const args = [...argv];
  if (args.length === 0 || args[0] === '-h' || args[0] === '--help' || args[0] === 'help') {
    const out = args.length === 0 ? io.stderr : io.stdout;
    out(helpText(undefined, []));
    return args.length === 0 ? EXIT.USAGE : EXIT.OK;
  }
  if (args[0] === '-v' || args[0] === '--version') {
    io.stdout(versionText());
    return EXIT.OK;
  }

  let table: readonly Command[] = COMMANDS;
  let cmd: Command | undefined;
  const path: string[] = [];
  while (args.length > 0 && !args[0]?.startsWith('-')) {
    const name = args[0] as string;
    const next = table.find((c) => c.name === name);
    if (!next) {
      if (cmd?.run) break; // positional argument of a runnable command
      io.stderr(`inferwall: unknown ${cmd ? `subcommand "${path.join(' ')} ${name}"` : `command "${name}"`}\n\n${helpText(cmd, path)}`);
      return cmd?.usageExitCode ?? EXIT.USAGE;
    }
    cmd = next;
    path.push(name);
    args.shift();
    if (!cmd.subcommands) break;
    table = cmd.subcommands;
  }
  if (!cmd) {
    io.stderr(`inferwall: unknown option "${args[0]}"\n\n${helpText(undefined, [])}`);
    return EXIT.USAGE;
  }
  const usageCode = cmd.usageExitCode ?? EXIT.USAGE;
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(helpText(cmd, path));
    return EXIT.OK;
  }
  if (!cmd.run) {
    io.stderr(`inferwall: ${path.join(' ')} needs a subcommand\n\n${helpText(cmd, path)}`);
    return usageCode;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: cmd.options ?? {},
      allowPositionals: cmd.allowPositionals ?? false,
      strict: true,
    });
  } catch (err) {
    io.stderr(`inferwall: ${(err as Error).message.split('\n')[0]}\n\n${helpText(cmd, path)}`);
    return usageCode;
  }
  try {
    return await cmd.run({ values: parsed.values, positionals: parsed.positionals }, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`inferwall: ${err.message}\n\n${helpText(cmd, path)}`);
      return usageCode;
    }
    throw err;
  }
}
