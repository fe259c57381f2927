import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from 'undici';
import { SERVER_NODE_FLAGS } from '../../../core/cli/server-node-flags.ts';
import { freePort } from './ports.ts';
import { progress } from './progress.ts';

const KUBERNEL_BIN = fileURLToPath(new URL('../../../bin/kubernel.js', import.meta.url));
/** how much of the server's output to keep for the error message when it fails to start */
const OUTPUT_TAIL_CHARS = 8192;

export interface ApiTarget {
  /** https://127.0.0.1:PORT */
  url: string;
  token: string;
  caPem: string;
}

export interface ControlPlaneProcess extends ApiTarget {
  pid: number;
  dataDir: string;
  /** SIGTERM, wait for the exit (SIGKILL after a grace period), then remove the data directory */
  stop(): Promise<void>;
}

export interface StartControlPlaneOptions {
  /** extra YAML appended to the generated kubernel.yaml (top-level sections only) */
  extraConfig?: string;
  /** node flags for the server process, e.g. ['--cpu-prof']; also read from KUBERNEL_BENCH_SERVER_NODE_ARGS */
  nodeArgs?: string[];
  readyTimeoutMs?: number;
}

/**
 * Starts `kubernel up` as a child process on a fresh data directory with the
 * SQLite store and quiet logs, on a free loopback port, and waits until
 * /readyz answers. Measuring a child keeps the server's CPU and memory apart
 * from the load generator's.
 */
export async function startControlPlane(options: StartControlPlaneOptions = {}): Promise<ControlPlaneProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kubernel-bench-'));
  const port = await freePort();
  const configPath = join(dataDir, 'kubernel.yaml');
  await writeFile(
    configPath,
    [
      'apiVersion: kubernel.dev/v1alpha1',
      'kind: KubernelConfig',
      'store:',
      '  backend: sqlite',
      'api:',
      '  address: 127.0.0.1',
      `  port: ${port}`,
      'logging:',
      '  level: warn',
      options.extraConfig ?? '',
    ].join('\n'),
  );
  // As `npm start` runs it; flags from the environment come after, so they win.
  const nodeArgs = [...SERVER_NODE_FLAGS, ...(options.nodeArgs ?? envNodeArgs())];
  const child = spawn(process.execPath, [...nodeArgs, KUBERNEL_BIN, 'up', '--config', configPath, '--data-dir', dataDir, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // A run that dies or is interrupted must not leave a server or its data behind.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);
  const pid = child.pid;

  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const grace = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(grace);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    if (pid === undefined) throw new Error('the control plane process did not start');
    const url = `https://127.0.0.1:${port}`;
    const caPem = await waitForReady(url, join(dataDir, 'pki', 'ca.crt'), exited, options.readyTimeoutMs ?? 120_000);
    const token = (await readFile(join(dataDir, 'admin-token'), 'utf8')).trim();
    progress(`control plane pid ${pid} ready at ${url} (data ${dataDir})`);
    return { url, token, caPem, pid, dataDir, stop };
  } catch (error) {
    await stop();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n--- kubernel up output (tail) ---\n${output()}`);
  }
}

function envNodeArgs(): string[] {
  const raw = process.env['KUBERNEL_BENCH_SERVER_NODE_ARGS'] ?? '';
  return raw.split(/\s+/).filter((arg) => arg.length > 0);
}

/** The server's output, its tail kept for errors; all of it also goes to KUBERNEL_BENCH_SERVER_OUTPUT when set (e.g. with --trace-gc). */
function collectOutput(child: ChildProcess): () => string {
  let tail = '';
  const file = process.env['KUBERNEL_BENCH_SERVER_OUTPUT'];
  const copy = file === undefined || file === '' ? undefined : createWriteStream(file);
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
    copy?.write(chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => tail;
}

/** Polls /readyz until it answers 200; returns the cluster CA, which is written before the server listens. */
async function waitForReady(url: string, caPath: string, exited: Promise<number | null>, timeoutMs: number): Promise<string> {
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`the control plane exited with code ${String(exitCode)} before it was ready`);
    const caPem = await readFile(caPath, 'utf8').catch(() => undefined);
    if (caPem !== undefined) {
      const client = new Client(url, { connect: { ca: caPem }, headersTimeout: 2_000, bodyTimeout: 2_000 });
      try {
        const response = await client.request({ method: 'GET', path: '/readyz' });
        const text = await response.body.text();
        if (response.statusCode === 200) return caPem;
        lastProblem = `/readyz answered ${response.statusCode}: ${text}`;
      } catch (error) {
        lastProblem = error instanceof Error ? error.message : String(error);
      } finally {
        await client.close().catch(() => undefined);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the control plane was not ready within ${timeoutMs} ms: ${lastProblem}`);
}
