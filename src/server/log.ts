/**
 * Structured logging: one JSON object per line on stderr (stdout stays free for command output).
 * Callers pass facts, never secrets or scanned text.
 */
import type { LogLevel } from '../config';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** One line for a person at a terminal: time, level, message, then key=value pairs (undefined left out, as in JSON). */
function prettyLine(time: string, lvl: LogLevel, msg: string, fields?: Record<string, unknown>): string {
  const kv = Object.entries(fields ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `${time.slice(11, 23)} ${lvl.toUpperCase().padEnd(5)} ${msg}${kv ? '  ' + kv : ''}\n`;
}

let lastMs = 0;
let lastIso = '';
/** The current time as ISO 8601; under load many lines share a millisecond, and one string. */
function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

/**
 * A logger writing lines at or above `level` to `write` (stderr by default): JSON lines, or a
 * human-readable format when `pretty` (a terminal). `write` is told each line's level (a batching
 * sink sends warnings and errors at once).
 */
export function createLogger(
  level: LogLevel,
  write: (line: string, level: LogLevel) => void = (l) => process.stderr.write(l),
  opts: { pretty?: boolean } = {},
): Logger {
  const min = ORDER[level];
  const emit = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (ORDER[lvl] < min) return;
    const time = isoNow();
    if (opts.pretty) {
      write(prettyLine(time, lvl, msg, fields), lvl);
      return;
    }
    // The fields object is serialized as is and spliced after time, level and msg: no merged copy
    // per line (the request log writes one per request). Fields must not reuse those three names.
    const rest = fields === undefined ? '{}' : JSON.stringify(fields);
    write(`{"time":"${time}","level":"${lvl}","msg":${JSON.stringify(msg)}${rest.length > 2 ? ',' : ''}${rest.slice(1)}\n`, lvl);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

/** How long a batched line may wait, and how much may wait, before the batch is written. */
export const BATCH_MS = 20;
export const BATCH_CHARS = 64 * 1024;

/**
 * A sink that gathers lines for up to BATCH_MS (or BATCH_CHARS) and hands them to `write` in one
 * piece: under load the request log line would otherwise be a write call per request or per
 * event-loop turn (several µs of server CPU each, measured with bench:http's CPU column). It writes
 * through until `batch()` is called (the server does once it listens, so startup lines keep their
 * order with other output); `flush` writes what is pending at once, and on process exit nothing is
 * left behind. A warning or an error goes out at once with whatever waited before it: they are
 * rare, and an operator (or the process dying next) must not miss them.
 */
export function batchedWriter(write: (text: string) => void): { write: (line: string, level?: LogLevel) => void; flush: () => void; batch: () => void } {
  let pending: string[] = [];
  let pendingChars = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let batching = false;
  const flush = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    pendingChars = 0;
    write(text);
  };
  process.on('exit', flush);
  return {
    write: (line, level) => {
      if (!batching) {
        write(line);
        return;
      }
      pending.push(line);
      pendingChars += line.length;
      if (pendingChars >= BATCH_CHARS || level === 'warn' || level === 'error') flush();
      // Unref'd: a pending batch never keeps the process alive (exit flushes it).
      else if (timer === undefined) timer = setTimeout(flush, BATCH_MS).unref();
    },
    flush,
    batch: () => {
      batching = true;
    },
  };
}

/** A logger that drops everything, for tests that do not look at logs. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
