/** `inferwall signatures list|show|validate|lint`: inspect the catalog and check custom files. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { lintExamples, lintRedos } from '../catalog/lint';
import { buildCatalog, CatalogLoadError, formatIssue, readSourcesFromDir, validateSignatures, type CatalogIssue } from '../catalog/load';
import { CLASSIFIER_ID } from '../engine/classifier';
import { classifierDetail, signatureSummaries } from '../modules/signatures';
import { EXIT, UsageError, type CliIO, type Command } from './command';
import { loadEngineForCli } from './engine';

function printIssues(io: CliIO, issues: readonly CatalogIssue[], what: string): number {
  for (const i of issues) io.stderr(`${formatIssue(i)}\n`);
  io.stderr(`${issues.length} problem${issues.length === 1 ? '' : 's'} in ${what}\n`);
  return EXIT.FAILURE;
}

const list: Command = {
  name: 'list',
  summary: 'list signatures',
  usage: 'signatures list [--category C] [--json]',
  options: { category: { type: 'string' }, json: { type: 'boolean', default: false } },
  async run({ values }, io) {
    const loaded = loadEngineForCli(io, EXIT.CONFIG);
    if (typeof loaded === 'number') return loaded;
    const items = signatureSummaries(loaded.state, { category: typeof values.category === 'string' ? values.category : undefined });
    if (values.json === true) io.stdout(JSON.stringify(items, null, 2) + '\n');
    else {
      for (const s of items) {
        io.stdout(`${s.id.padEnd(11)}${s.category.padEnd(23)}${s.severity.padEnd(9)}${s.direction.padEnd(7)}${s.enabled ? '' : '[disabled] '}${s.name}\n`);
      }
      io.stdout(`${items.length} signatures\n`);
    }
    return EXIT.OK;
  },
};

const show: Command = {
  name: 'show',
  summary: 'show one signature as JSON',
  usage: 'signatures show ID',
  allowPositionals: true,
  async run({ positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('give one signature id, e.g. INJ-D-001');
    const loaded = loadEngineForCli(io, EXIT.CONFIG);
    if (typeof loaded === 'number') return loaded;
    if (positionals[0] === CLASSIFIER_ID) {
      io.stdout(JSON.stringify(classifierDetail(loaded.state), null, 2) + '\n');
      return EXIT.OK;
    }
    const sig = loaded.state.catalog.byId.get(positionals[0] as string);
    if (!sig) {
      io.stderr(`inferwall: no signature with id ${positionals[0]}\n`);
      return EXIT.FAILURE;
    }
    io.stdout(JSON.stringify({ ...sig.def, source: sig.file }, null, 2) + '\n');
    return EXIT.OK;
  },
};

const validate: Command = {
  name: 'validate',
  summary: 'check a folder of custom signatures exactly as the server would load them',
  usage: 'signatures validate DIR',
  help: `Checks every .yaml/.yml file under DIR: schema, id prefix, regex compilation, a ReDoS
probe, and that every example matches (or not) as declared, merged over the shipped catalog.
Exit 0 when all is well, 1 with one "file: signature: field: problem" line per problem.`,
  allowPositionals: true,
  async run({ positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('give one folder');
    const dir = resolve(io.cwd, positionals[0] as string);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a folder`);
    const sources = readSourcesFromDir(dir);
    const { defs, issues } = validateSignatures(sources);
    if (issues.length > 0) return printIssues(io, issues, dir);
    let catalog;
    try {
      catalog = buildCatalog(sources);
    } catch (err) {
      if (err instanceof CatalogLoadError) return printIssues(io, err.issues, dir);
      throw err;
    }
    const ids = new Set(defs.map((d) => d.def.id));
    const lint = [...lintExamples(catalog, ids), ...lintRedos(catalog, 100, ids)];
    if (lint.length > 0) return printIssues(io, lint, dir);
    io.stdout(`${defs.length} signature${defs.length === 1 ? '' : 's'} in ${dir}: OK\n`);
    return EXIT.OK;
  },
};

const lint: Command = {
  name: 'lint',
  summary: 'lint the whole loaded catalog (examples and ReDoS probe)',
  usage: 'signatures lint',
  async run(_args, io) {
    const loaded = loadEngineForCli(io, EXIT.CONFIG);
    if (typeof loaded === 'number') return loaded;
    const catalog = loaded.state.catalog;
    const issues = [...lintExamples(catalog), ...lintRedos(catalog)];
    if (issues.length > 0) return printIssues(io, issues, 'the catalog');
    io.stdout(`${catalog.signatures.length} signatures: OK (catalog ${catalog.version})\n`);
    return EXIT.OK;
  },
};

export const signaturesCommand: Command = {
  name: 'signatures',
  summary: 'list, show, validate and lint signatures',
  usage: 'signatures <list|show|validate|lint> [options]',
  subcommands: [list, show, validate, lint],
};
