import { PassThrough, Writable, type Duplex } from 'node:stream';
import type Docker from 'dockerode';
import type { ExecOptions, ExecSession } from '../../core/index.ts';
import { orNotFound } from './docker-errors.ts';
import { FrameParser } from './frames.ts';
import type { DockerRuntimeSettings } from './settings.ts';

/**
 * `docker exec` over a hijacked connection: the engine's socket carries
 * stdin one way and (multiplexed unless a TTY) stdout and stderr the other.
 * Ending stdin half-closes the socket, which closes the command's stdin.
 */
export async function execInContainer(settings: DockerRuntimeSettings, id: string, options: ExecOptions): Promise<ExecSession> {
  const container = settings.docker.getContainer(id);
  const exec = await orNotFound(`container ${id}`, () =>
    container.exec({ Cmd: options.command, AttachStdin: options.stdin, AttachStdout: true, AttachStderr: true, Tty: options.tty }),
  );
  const socket = await exec.start({ hijack: true, stdin: options.stdin, Tty: options.tty });
  const stdout = new PassThrough();
  const stderr = options.tty ? undefined : new PassThrough();
  const parser = new FrameParser();
  socket.on('data', (chunk: Buffer) => {
    if (stderr === undefined) {
      stdout.write(chunk);
      return;
    }
    for (const frame of parser.push(chunk)) (frame.stream === 'stderr' ? stderr : stdout).write(frame.payload);
  });
  const ended = new Promise<void>((resolve) => {
    const finish = (): void => {
      stdout.end();
      stderr?.end();
      resolve();
    };
    socket.once('end', finish);
    socket.once('close', finish);
    socket.on('error', finish);
  });
  const exitCode = ended.then(() => exitCodeOf(exec));
  // a caller that never asks for the exit code must not crash the process when the container vanished meanwhile
  exitCode.catch(() => undefined);
  return {
    stdin: options.stdin ? stdinOf(socket) : undefined,
    stdout,
    stderr,
    resize: async (columns, rows) => {
      await exec.resize({ w: columns, h: rows });
    },
    exitCode,
  };
}

function stdinOf(socket: Duplex): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      socket.write(chunk, (error) => callback(error ?? null));
    },
    final(callback) {
      socket.end();
      callback();
    },
  });
}

/** The engine records the exit code a moment after the output ends; ask until it has. */
async function exitCodeOf(exec: Docker.Exec): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const info = await exec.inspect();
    if (!info.Running && info.ExitCode !== null) return info.ExitCode;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`exec ${exec.id} ended its output but reports no exit code`);
}
