/**
 * A ContainerRuntime for the node server's tests while no real runtime is at
 * hand: "containers" are log buffers the test writes to, and exec runs the
 * command as a real local process (no TTY: a TTY session merges stderr into
 * stdout and records resizes). Only logs and exec work; the rest throws.
 */
import { spawn } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { RuntimeError, type ContainerRuntime, type ExecOptions, type ExecSession, type LogOptions } from '../../../contracts/runtime.ts';

interface LogLine {
  at: Date;
  text: string;
}

interface FakeContainer {
  lines: LogLine[];
  running: boolean;
  followers: Set<(line: LogLine | undefined) => void>;
}

export class ProcessExecRuntime implements ContainerRuntime {
  readonly name = 'process-exec-double';
  readonly capabilities = { podNetwork: false, hostPorts: false, resourceLimits: false, mounts: false, images: false, exec: true, stats: false };
  /** what each logs() call was asked, in order */
  readonly logCalls: { id: string; options: LogOptions; signal: AbortSignal | undefined }[] = [];
  /** every resize of every exec session, in order */
  readonly resizes: { columns: number; rows: number }[] = [];
  private readonly containers = new Map<string, FakeContainer>();

  addContainer(id: string, lines: string[] = []): void {
    this.containers.set(id, { lines: lines.map((text) => ({ at: new Date(), text })), running: true, followers: new Set() });
  }

  /** a line the container writes now; followers see it at once */
  write(id: string, text: string, at = new Date()): void {
    const container = this.get(id);
    const line = { at, text };
    container.lines.push(line);
    for (const follower of container.followers) follower(line);
  }

  /** the container exits: following streams end */
  exit(id: string): void {
    const container = this.get(id);
    container.running = false;
    for (const follower of container.followers) follower(undefined);
  }

  async version(): Promise<string> {
    return 'process-exec-double://0';
  }

  async logs(id: string, options: LogOptions, signal?: AbortSignal): Promise<Readable> {
    const container = this.get(id);
    this.logCalls.push({ id, options, signal });
    const render = (line: LogLine): string => `${options.timestamps ? `${line.at.toISOString()} ` : ''}${line.text}\n`;
    const since = options.sinceSeconds === undefined ? 0 : Date.now() - options.sinceSeconds * 1000;
    let lines = container.lines.filter((l) => l.at.getTime() >= since);
    if (options.tailLines !== undefined) lines = options.tailLines === 0 ? [] : lines.slice(-options.tailLines);
    const out = new PassThrough();
    for (const line of lines) out.write(render(line));
    if (!options.follow || !container.running) {
      out.end();
      return out;
    }
    const follower = (line: LogLine | undefined): void => {
      if (line === undefined) out.end();
      else out.write(render(line));
    };
    container.followers.add(follower);
    const stop = (): void => {
      container.followers.delete(follower);
      out.end();
    };
    signal?.addEventListener('abort', stop, { once: true });
    out.on('close', () => container.followers.delete(follower));
    return out;
  }

  async exec(id: string, options: ExecOptions): Promise<ExecSession> {
    this.get(id);
    const [file, ...args] = options.command;
    if (file === undefined) throw new RuntimeError('RUNTIME_ERR_CREATE', 'no command');
    const child = spawn(file, args, { stdio: 'pipe' });
    // A spawn failure (no such file) surfaces here, as a runtime's exec would refuse to start.
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', reject);
    });
    const exitCode = new Promise<number>((resolve) => {
      child.once('close', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
    });
    if (!options.stdin) child.stdin.end();
    let stdout: Readable = child.stdout;
    let stderr: Readable | undefined = child.stderr;
    if (options.tty) {
      const merged = new PassThrough();
      let open = 2;
      for (const source of [child.stdout, child.stderr]) {
        source.on('data', (chunk: Buffer) => merged.write(chunk));
        source.on('end', () => {
          open -= 1;
          if (open === 0) merged.end();
        });
      }
      stdout = merged;
      stderr = undefined;
    }
    return {
      stdin: options.stdin ? child.stdin : undefined,
      stdout,
      stderr,
      resize: async (columns, rows) => {
        this.resizes.push({ columns, rows });
      },
      exitCode,
    };
  }

  async ensureImage(): Promise<never> {
    throw unsupported();
  }
  async runPodSandbox(): Promise<never> {
    throw unsupported();
  }
  async stopPodSandbox(): Promise<never> {
    throw unsupported();
  }
  async removePodSandbox(): Promise<never> {
    throw unsupported();
  }
  async listPodSandboxes(): Promise<never> {
    throw unsupported();
  }
  async createContainer(): Promise<never> {
    throw unsupported();
  }
  async startContainer(): Promise<never> {
    throw unsupported();
  }
  async stopContainer(): Promise<never> {
    throw unsupported();
  }
  async removeContainer(): Promise<never> {
    throw unsupported();
  }
  async listContainers(): Promise<never> {
    throw unsupported();
  }
  async inspectContainer(): Promise<never> {
    throw unsupported();
  }

  private get(id: string): FakeContainer {
    const container = this.containers.get(id);
    if (container === undefined) throw new RuntimeError('RUNTIME_ERR_NOT_FOUND', `container ${id} not found`);
    return container;
  }
}

function unsupported(): Error {
  return new Error('not part of the test double');
}
