/** The command table's shape and the small I/O surface commands use (so tests can capture it). */
import type { ParseArgsConfig } from 'node:util';

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly isTTY: boolean;
  /** Reads all of standard input (for `-` arguments). */
  readonly readStdin: () => Promise<string>;
}

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  readonly positionals: string[];
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** The usage line(s) after `inferwall `. */
  readonly usage: string;
  /** Extra help text: options and examples. */
  readonly help?: string;
  readonly options?: Options;
  readonly allowPositionals?: boolean;
  readonly subcommands?: readonly Command[];
  /** Exit code for usage errors; `scan` uses 64 because 2 means "block" there. */
  readonly usageExitCode?: number;
  run?(args: Parsed, io: CliIO): Promise<number>;
}

/** A usage error: the CLI prints it with the command's usage on stderr. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2, CONFIG: 78 } as const;
