/**
 * The exec probe (kubelet's pkg/probe/exec over the runtime's ExecSync):
 * success when the command exits 0; the event shows what it printed (at most
 * 10 KiB). A command still running at the timeout fails the probe with the
 * CRI's `command "..." timed out`; a command that could not be started at all
 * is an error, which kubelet retries and then discards.
 */
import { MAX_PROBE_OUTPUT_BYTES, type ProbeRun } from './probe-run.ts';
import type { ProbeExec } from './types.ts';

export const EXEC_UNSUPPORTED = 'exec probes are not supported by this node\'s container runtime';

export async function execProbe(
  exec: ProbeExec | undefined,
  containerId: string,
  command: string[],
  timeoutMs: number,
): Promise<ProbeRun> {
  if (exec === undefined) return { result: 'unknown', output: '', error: EXEC_UNSUPPORTED };
  const timedOut: ProbeRun = { result: 'failure', output: `command ${JSON.stringify(command.join(' '))} timed out` };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([exec(containerId, command, timeoutMs), deadline]);
    if (outcome === 'timeout') return timedOut;
    const output = truncate(outcome.output);
    return { result: outcome.exitCode === 0 ? 'success' : 'failure', output };
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') return timedOut;
    return { result: 'unknown', output: '', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

function truncate(output: string): string {
  const bytes = Buffer.from(output, 'utf8');
  return bytes.length <= MAX_PROBE_OUTPUT_BYTES ? output : bytes.subarray(0, MAX_PROBE_OUTPUT_BYTES).toString('utf8');
}
