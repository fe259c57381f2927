import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { cpuTimeMs } from './process-cpu.ts';
import { peakRssMiB } from './process-memory.ts';
import { round } from './progress.ts';

/** The resident set (VmRSS) of a process now, in MiB; undefined without /proc. */
export async function currentRssMiB(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
    return match?.[1] === undefined ? undefined : Number(match[1]) / 1024;
  } catch {
    return undefined;
  }
}

/** For the JSON line: a rounded figure, or null where /proc could not say. */
export function figure(value: number | undefined): number | null {
  return value === undefined || !Number.isFinite(value) ? null : round(value);
}

export function loadAverage1m(): number {
  return round(loadavg()[0] ?? 0);
}

/**
 * The server's CPU time over a phase: `start()` before, `perOp(n)` after,
 * giving µs of server CPU per operation (null without /proc).
 */
export class ServerCpu {
  private startMs: number | undefined;

  constructor(private readonly pid: number) {}

  async start(): Promise<void> {
    this.startMs = await cpuTimeMs(this.pid);
  }

  /** CPU ms used since start() */
  async usedMs(): Promise<number | undefined> {
    const now = await cpuTimeMs(this.pid);
    return now === undefined || this.startMs === undefined ? undefined : now - this.startMs;
  }

  async usPerOp(ops: number): Promise<number | null> {
    const used = await this.usedMs();
    return used === undefined || ops === 0 ? null : round((used * 1000) / ops);
  }
}

/** The server's peak and current RSS for the JSON line. */
export async function rssFigures(pid: number): Promise<{ rssMiB: number | null; peakRssMiB: number | null }> {
  const [current, peak] = await Promise.all([currentRssMiB(pid), peakRssMiB(pid)]);
  return { rssMiB: figure(current), peakRssMiB: figure(peak) };
}
