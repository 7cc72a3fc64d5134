/**
 * `inferwall scan`: the engine from the command line, same catalog and policies as the server.
 * Exit codes are the decision (0 allow, 1 flag, 2 block) so shell scripts and CI can gate on it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ScanService, type ScanResult } from '../modules/scan/service';
import { ApiError } from '../server/errors';
import { silentLogger } from '../server/log';
import { UsageError, type CliIO, type Command, type Parsed } from './command';
import { loadEngineForCli } from './engine';

export const SCAN_EXIT = { allow: 0, flag: 1, block: 2, usage: 64, input: 65, config: 78 } as const;

/** Reads the text to scan from exactly one of: TEXT, `-` (stdin), --file. */
export async function inputText({ values, positionals }: Parsed, io: CliIO): Promise<string> {
  const file = typeof values.file === 'string' ? values.file : undefined;
  if (positionals.length > 1) throw new UsageError('give the text as one argument (quote it), or use - for stdin');
  const arg = positionals[0];
  if ((arg !== undefined) === (file !== undefined)) throw new UsageError('give exactly one of TEXT, - (stdin) or --file FILE');
  if (file !== undefined) {
    try {
      return readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (err) {
      throw new UsageError(`--file: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  return arg === '-' ? io.readStdin() : (arg as string);
}

function table(r: ScanResult): string {
  const lines = [`decision: ${r.decision.toUpperCase()}   score: ${r.score}   policy: ${r.policy}   direction: ${r.direction}`];
  if (r.reason) lines.push(`reason: ${r.reason}`);
  if (r.preprocessing.length) lines.push(`preprocessing: ${r.preprocessing.map((p) => `${p.step}×${p.count}`).join(', ')}`);
  if (r.matches.length === 0) lines.push('no signature matched');
  else {
    lines.push('', `  ${'SIGNATURE'.padEnd(11)}${'SEVERITY'.padEnd(10)}${'CONF'.padEnd(8)}${'SCORE'.padEnd(7)}${'ACTION'.padEnd(9)}${'VIEW'.padEnd(18)}MATCHED`);
    for (const m of r.matches) {
      const shown = JSON.stringify(m.matched_text.length > 60 ? m.matched_text.slice(0, 60) + '…' : m.matched_text);
      lines.push(`  ${m.signature_id.padEnd(11)}${m.severity.padEnd(10)}${m.confidence.padEnd(8)}${String(m.score).padEnd(7)}${m.action.padEnd(9)}${m.view.padEnd(18)}${shown}  @${m.offset}  ${m.name}`);
    }
  }
  return lines.join('\n') + '\n';
}

export const scanCommand: Command = {
  name: 'scan',
  summary: 'scan text from the command line (exit code = decision)',
  usage: 'scan [--output] [--policy P] [--json] [TEXT | - | --file FILE]',
  help: `Scans TEXT (or stdin with -, or a file) as user input, or as model output with --output,
using the shipped catalog plus IW_SIGNATURES_DIR and the policies the server would load.

Options:
  --output        scan as model output (default: input)
  --policy P      policy to use (default: IW_POLICY or "default")
  --json          print the full result as JSON
  --file FILE     read the text from FILE

Exit codes: 0 allow, 1 flag, 2 block, 64 usage error, 65 input too large, 78 configuration error.`,
  options: {
    output: { type: 'boolean', default: false },
    policy: { type: 'string' },
    json: { type: 'boolean', default: false },
    file: { type: 'string' },
  },
  allowPositionals: true,
  usageExitCode: SCAN_EXIT.usage,
  async run(args, io) {
    const text = await inputText(args, io);
    const loaded = loadEngineForCli(io, SCAN_EXIT.config);
    if (typeof loaded === 'number') return loaded;
    const scanner = new ScanService({ state: () => loaded.state, failMode: loaded.config.failMode, maxInputBytes: loaded.config.maxInputBytes, log: silentLogger });
    let result: ScanResult;
    try {
      result = scanner.scan({ text, policy: typeof args.values.policy === 'string' ? args.values.policy : undefined }, args.values.output === true ? 'output' : 'input');
    } catch (err) {
      if (err instanceof ApiError) {
        io.stderr(`inferwall: ${err.detail}\n`);
        return err.code === 'PAYLOAD_TOO_LARGE' ? SCAN_EXIT.input : SCAN_EXIT.usage;
      }
      throw err;
    }
    io.stdout(args.values.json === true ? JSON.stringify(result, null, 2) + '\n' : table(result));
    return SCAN_EXIT[result.decision];
  },
};
