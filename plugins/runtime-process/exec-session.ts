import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { PassThrough } from 'node:stream';
import type { ExecOptions, ExecSession } from '../../core/index.ts';
import type { Launch } from './records.ts';

/**
 * Runs a command "in" a process container: on the host, with the
 * container's environment and working directory. There is no terminal: with
 * `tty` the command's stderr is merged into stdout (a TTY has one output
 * stream) and resize does nothing.
 */
export function spawnExec(launch: Launch, options: ExecOptions): { session: ExecSession; child: ChildProcess } {
  const [file = '', ...args] = options.command;
  const child = spawn(file, args, {
    cwd: launch.cwd,
    env: launch.env,
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  const stdout = new PassThrough();
  const stderr = options.tty ? undefined : new PassThrough();
  let openOutputs = 2;
  const outputEnded = (): void => {
    if (--openOutputs === 0 && stderr === undefined) stdout.end();
  };
  child.stdout?.pipe(stdout, { end: stderr !== undefined });
  child.stdout?.once('end', outputEnded);
  child.stderr?.pipe(stderr ?? stdout, { end: stderr !== undefined });
  child.stderr?.once('end', outputEnded);

  const exitCode = new Promise<number>((resolve) => {
    child.once('error', (error) => {
      if (child.pid !== undefined) return;
      // As runc: 127 when the command is not found, 126 when it cannot be run; the reason on stderr.
      const missing = 'code' in error && error.code === 'ENOENT';
      const reason = `exec: "${file}": ${missing ? 'executable file not found in $PATH' : error.message}\n`;
      const errorOutput = stderr ?? stdout;
      if (!errorOutput.writableEnded) errorOutput.end(reason);
      if (!stdout.writableEnded) stdout.end();
      resolve(missing ? 127 : 126);
    });
    child.once('close', (code, signal) => resolve(code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0))));
  });
  // A caller that writes after the command ended must not crash the agent with EPIPE.
  child.stdin?.on('error', () => undefined);

  const session: ExecSession = {
    stdin: child.stdin ?? undefined,
    stdout,
    stderr,
    resize: () => Promise.resolve(),
    exitCode,
  };
  return { session, child };
}
