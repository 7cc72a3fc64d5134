/** Entry point: argv → CLI → exit code. The only place that calls process.exit. */
import { runCli } from './cli';

const io = {
  stdout: (t: string) => void process.stdout.write(t),
  stderr: (t: string) => void process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
  isTTY: process.stdout.isTTY === true,
  readStdin: () => Bun.stdin.text(),
};

try {
  const code = await runCli(process.argv.slice(2), io);
  process.exit(code);
} catch (err) {
  // A fault, not an expected outcome: say so briefly; the stack only with IW_DEBUG=1.
  process.stderr.write(`inferwall: internal error: ${(err as Error).message}\n`);
  if (process.env.IW_DEBUG === '1') process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(70);
}
