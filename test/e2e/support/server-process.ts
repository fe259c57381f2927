import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../../bin/kubernel.js', import.meta.url));

export { freePort } from '../../bench/support/ports.ts';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  token: string;
  ca: string;
  /** what the process printed, for failure messages */
  output(): string;
}

/** `kubernel up` as a real child process, resolved once it prints that it serves. */
export async function startServerProcess(args: { dataDir: string; port: number; config: string }): Promise<ServerProcess> {
  const child = spawn(process.execPath, [CLI, 'up', '--data-dir', args.dataDir, '--port', String(args.port), '--config', args.config], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kubernel up did not start in time:\n${output}`)), 60_000);
    const check = (): void => {
      if (output.includes('serving the Kubernetes API')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kubernel up exited with ${code}:\n${output}`));
    });
  });
  const [token, ca] = await Promise.all([readFile(join(args.dataDir, 'admin-token'), 'utf8'), readFile(join(args.dataDir, 'pki', 'ca.crt'), 'utf8')]);
  return { child, url: `https://127.0.0.1:${args.port}`, token: token.trim(), ca, output: () => output };
}

/** Resolves when the process has exited, including when it already had before the call. */
export function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
