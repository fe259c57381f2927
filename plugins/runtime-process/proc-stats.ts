import { readdir, readFile } from 'node:fs/promises';
import { procStatFields } from './host-process.ts';

/**
 * CPU and memory of a container's processes from Linux /proc. A container is
 * the session its command leads (the supervisor starts it with setsid), so
 * its children count too, unless they left the session. Approximate: CPU
 * time has clock-tick resolution (USER_HZ, 100 on every mainstream Linux),
 * and memory is the resident set (no cgroup to give the working set).
 */

const USER_HZ = 100;
const NS_PER_TICK = 1e9 / USER_HZ;

/** stat fields after the command name: field N of proc(5) is fields[N - 3] */
const SESSION = 3;
const UTIME = 11;
const STIME = 12;
const CUTIME = 13;
const CSTIME = 14;

export interface SessionUsage {
  /** monotonic time of the sample, in ns */
  sampledAtNs: bigint;
  /** CPU time of the live processes and of the children they reaped, in ns */
  cpuNs: number;
  residentBytes: number;
}

export async function sampleSession(sessionId: number): Promise<SessionUsage> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  let ticks = 0;
  let residentBytes = 0;
  await Promise.all(
    pids.map(async (pid) => {
      const fields = await procStatFields(pid).catch(() => undefined);
      if (fields === undefined || Number(fields[SESSION]) !== sessionId) return;
      ticks += [UTIME, STIME, CUTIME, CSTIME].reduce((sum, index) => sum + Number(fields[index] ?? 0), 0);
      residentBytes += await residentSetBytes(pid);
    }),
  );
  return { sampledAtNs: process.hrtime.bigint(), cpuNs: ticks * NS_PER_TICK, residentBytes };
}

/** VmRSS of /proc/<pid>/status, which is in kB whatever the page size */
async function residentSetBytes(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match?.[1] === undefined ? 0 : Number(match[1]) * 1024;
  } catch {
    return 0;
  }
}

/** CPU use between two samples in nanocores (1e9 = one core busy), as CRI's usageNanoCores. */
export function nanoCoresBetween(earlier: SessionUsage, later: SessionUsage): number {
  const elapsedNs = Number(later.sampledAtNs - earlier.sampledAtNs);
  if (elapsedNs <= 0) return 0;
  return Math.max(0, Math.round(((later.cpuNs - earlier.cpuNs) / elapsedNs) * 1e9));
}
