import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SUPERVISOR = fileURLToPath(new URL('./supervisor.mjs', import.meta.url));

export interface SupervisorHandle {
  /** how the supervisor ended or failed to spawn; undefined while it runs */
  failure(): string | undefined;
}

/**
 * Starts supervisor.mjs for the container in `containerDir`: in a session of
 * its own (detached), with no pipe to the agent and the agent's PATH only
 * (no NODE_OPTIONS or loaders), so that it outlives the agent and starts
 * fast. Its own errors go to supervisor.log.
 */
export function launchSupervisor(containerDir: string): SupervisorHandle {
  let failure: string | undefined;
  const log = openSync(join(containerDir, 'supervisor.log'), 'a');
  try {
    const supervisor = spawn(process.execPath, [SUPERVISOR, containerDir], {
      detached: true,
      cwd: containerDir,
      env: { PATH: process.env['PATH'] ?? '' },
      stdio: ['ignore', 'ignore', log],
    });
    supervisor.once('error', (error) => (failure = error.message));
    supervisor.once('exit', (code, signal) => (failure ??= `the supervisor ended with exit code ${String(code)}, signal ${String(signal)}`));
    supervisor.unref();
  } finally {
    closeSync(log);
  }
  return { failure: () => failure };
}

/** the end of what the supervisor wrote to its stderr, for an error message */
export async function supervisorLogTail(containerDir: string): Promise<string> {
  const text = await readFile(join(containerDir, 'supervisor.log'), 'utf8').catch(() => '');
  return text.trim().slice(-2000);
}
