import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiTarget, ControlPlaneProcess } from './control-plane-process.ts';
import { freePort } from './ports.ts';

const ENTRY = fileURLToPath(new URL('./bare-https-server.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface BareServer extends ApiTarget {
  stop(): Promise<void>;
}

/**
 * Starts the bare fastify reference server with the control plane's serving
 * certificate (so the same CA verifies it), answering GETs with `body`.
 */
export async function startBareServer(plane: ControlPlaneProcess, body: string): Promise<BareServer> {
  const port = await freePort();
  const bodyFile = join(plane.dataDir, 'bare-body.json');
  await writeFile(bodyFile, body);
  const pki = join(plane.dataDir, 'pki');
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, String(port), join(pki, 'apiserver.crt'), join(pki, 'apiserver.key'), bodyFile], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const exited = once(child, 'exit');
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString('utf8').includes('ready')) resolve();
    });
    void exited.then(([code]) => reject(new Error(`the bare reference server exited with code ${String(code)}`)));
  });
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `https://127.0.0.1:${port}`, token: plane.token, caPem: plane.caPem, stop };
}
