/**
 * `inferwall analyze`: find and redact personal data and secrets. The redacted text goes to stdout
 * (so it pipes), the list of entities to stderr; --json prints the whole result instead.
 */
import { AnalyzeService } from '../modules/analyze/service';
import { ScanService } from '../modules/scan/service';
import { ApiError } from '../server/errors';
import { silentLogger } from '../server/log';
import { UsageError, type Command } from './command';
import { loadEngineForCli } from './engine';
import { inputText, SCAN_EXIT } from './scan';

const STYLES = ['mask', 'placeholder', 'hash'] as const;

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'find and redact personal data and secrets',
  usage: 'analyze [--output] [--redact mask|placeholder|hash] [--json] [TEXT | - | --file FILE]',
  help: `Prints the text with every entity found (EMAIL, PHONE, CREDIT_CARD, API_KEY, …) redacted on
stdout, and the entities on stderr. --json prints the whole result (entities with offsets,
redacted text, the scan decision).

Options:
  --output            analyze model output (default: input)
  --redact STYLE      mask (****, default), placeholder (<EMAIL_1>) or hash (<EMAIL_3f9a…>)
  --json              print the full result as JSON
  --file FILE         read the text from FILE

Exit codes: 0 nothing found, 1 entities found, 64 usage error, 65 input too large, 78 configuration error.`,
  options: {
    output: { type: 'boolean', default: false },
    redact: { type: 'string', default: 'mask' },
    json: { type: 'boolean', default: false },
    file: { type: 'string' },
  },
  allowPositionals: true,
  usageExitCode: SCAN_EXIT.usage,
  async run(args, io) {
    const style = args.values.redact as string;
    if (!(STYLES as readonly string[]).includes(style)) throw new UsageError(`--redact must be mask, placeholder or hash, got "${style}"`);
    const text = await inputText(args, io);
    const loaded = loadEngineForCli(io, SCAN_EXIT.config);
    if (typeof loaded === 'number') return loaded;
    const state = () => loaded.state;
    const scanner = new ScanService({ state, failMode: loaded.config.failMode, maxInputBytes: loaded.config.maxInputBytes, log: silentLogger });
    const analyzer = new AnalyzeService({ state, scanner, redactionKey: loaded.config.redactionKey });
    let result;
    try {
      result = analyzer.analyze({ text, redact: style as (typeof STYLES)[number] }, args.values.output === true ? 'output' : 'input');
    } catch (err) {
      if (err instanceof ApiError) {
        io.stderr(`inferwall: ${err.detail}\n`);
        return err.code === 'PAYLOAD_TOO_LARGE' ? SCAN_EXIT.input : SCAN_EXIT.usage;
      }
      throw err;
    }
    if (args.values.json === true) io.stdout(JSON.stringify(result, null, 2) + '\n');
    else {
      io.stdout(result.redacted_text + (result.redacted_text.endsWith('\n') ? '' : '\n'));
      for (const e of result.entities) {
        io.stderr(`${e.type}${e.provider ? ` (${e.provider})` : ''} at ${e.start}-${e.end}, confidence ${e.confidence}${e.validator ? `, ${e.validator} ✓` : ''}\n`);
      }
      io.stderr(`${result.entities.length} entit${result.entities.length === 1 ? 'y' : 'ies'}; scan decision: ${result.decision}\n`);
    }
    return result.entities.length > 0 ? 1 : 0;
  },
};
