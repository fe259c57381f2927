import { readFile } from 'node:fs/promises';

/** Linux reports process times in clock ticks; 100 per second on every mainstream kernel build. */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, ms) a process has used so far, from
 * /proc/PID/stat; undefined where /proc is missing or the process is gone.
 * Divided by the operations of a phase, it is the server's cost per request,
 * a figure that the load generator sharing the cores does not distort.
 */
export async function cpuTimeMs(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const user = Number(fields[11]);
    const system = Number(fields[12]);
    if (!Number.isFinite(user) || !Number.isFinite(system)) return undefined;
    return ((user + system) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Runs `phase` and reports the server's CPU time per operation in µs (undefined without /proc). */
export async function measureCpuPerOp<T extends { done: number }>(pid: number, phase: () => Promise<T>): Promise<T & { serverCpuUsPerOp: number | undefined }> {
  const before = await cpuTimeMs(pid);
  const result = await phase();
  const after = await cpuTimeMs(pid);
  const perOp = before === undefined || after === undefined || result.done === 0 ? undefined : ((after - before) * 1000) / result.done;
  return { ...result, serverCpuUsPerOp: perOp };
}
