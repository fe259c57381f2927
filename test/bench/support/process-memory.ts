import { readFile } from 'node:fs/promises';

/**
 * The peak resident set (VmHWM) of a process in MiB, from /proc on Linux;
 * undefined where /proc is missing or the process is gone.
 */
export async function peakRssMiB(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
    return match?.[1] === undefined ? undefined : Number(match[1]) / 1024;
  } catch {
    return undefined;
  }
}
