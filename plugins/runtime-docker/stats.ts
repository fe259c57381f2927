import { isRecord, type ContainerStats } from '../../core/index.ts';
import { orNotFound } from './docker-errors.ts';
import type { DockerRuntimeSettings } from './settings.ts';

function numberAt(value: unknown, ...path: string[]): number | undefined {
  let current: unknown = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return typeof current === 'number' && Number.isFinite(current) ? current : undefined;
}

/**
 * Turns one `docker stats --no-stream` sample into kubelet's figures. CPU
 * is the usage rate between the sample's two readings (as cadvisor derives
 * it); the working set is usage minus inactive file pages (cgroup v1 names
 * them total_inactive_file, v2 inactive_file).
 */
export function containerStatsOf(sample: unknown): ContainerStats {
  const read = isRecord(sample) && typeof sample.read === 'string' ? new Date(sample.read) : new Date();
  const preread = isRecord(sample) && typeof sample.preread === 'string' ? new Date(sample.preread) : undefined;
  const usage = numberAt(sample, 'cpu_stats', 'cpu_usage', 'total_usage') ?? 0;
  const previous = numberAt(sample, 'precpu_stats', 'cpu_usage', 'total_usage');
  let cpuUsageNanoCores = 0;
  if (previous !== undefined && previous > 0 && usage >= previous) {
    const elapsedNs = preread !== undefined && preread.getTime() > 0 ? (read.getTime() - preread.getTime()) * 1e6 : 0;
    const system = numberAt(sample, 'cpu_stats', 'system_cpu_usage');
    const previousSystem = numberAt(sample, 'precpu_stats', 'system_cpu_usage');
    const cpus = numberAt(sample, 'cpu_stats', 'online_cpus') ?? 1;
    if (elapsedNs > 0) cpuUsageNanoCores = ((usage - previous) / elapsedNs) * 1e9;
    else if (system !== undefined && previousSystem !== undefined && system > previousSystem) cpuUsageNanoCores = ((usage - previous) / (system - previousSystem)) * cpus * 1e9;
  }
  const memoryUsage = numberAt(sample, 'memory_stats', 'usage') ?? 0;
  const inactiveFile = numberAt(sample, 'memory_stats', 'stats', 'total_inactive_file') ?? numberAt(sample, 'memory_stats', 'stats', 'inactive_file') ?? 0;
  return {
    timestamp: Number.isNaN(read.getTime()) ? new Date() : read,
    cpuUsageNanoCores: Math.round(cpuUsageNanoCores),
    memoryWorkingSetBytes: Math.max(0, memoryUsage - inactiveFile),
  };
}

export async function containerStats(settings: DockerRuntimeSettings, id: string): Promise<ContainerStats> {
  const sample: unknown = await orNotFound(`container ${id}`, () => settings.docker.getContainer(id).stats({ stream: false }));
  return containerStatsOf(sample);
}
