import type Docker from 'dockerode';
import type { ContainerResources } from '../../core/index.ts';

/** kubelet's bounds for cgroup cpu.shares */
const MIN_SHARES = 2;
const MAX_SHARES = 262_144;
/** the smallest CPU limit kubelet sets (its minimum CFS quota of 1 ms per 100 ms period) */
const MIN_CPU_LIMIT_MILLIS = 10;

/** kubelet's milliCPUToShares: a request of 0 (BestEffort) still gets 2 shares. */
export function cpuSharesOf(requestMillis: number | undefined): number {
  if (requestMillis === undefined || requestMillis <= 0) return MIN_SHARES;
  const shares = Math.floor((requestMillis * 1024) / 1000);
  return Math.min(MAX_SHARES, Math.max(MIN_SHARES, shares));
}

/** The HostConfig fields that enforce requests and limits: shares from the request, a CPU quota and a memory cap (no swap) from the limits. */
export function resourceHostConfig(resources: ContainerResources): Pick<Docker.HostConfig, 'CpuShares' | 'NanoCpus' | 'Memory' | 'MemorySwap'> {
  const config: Pick<Docker.HostConfig, 'CpuShares' | 'NanoCpus' | 'Memory' | 'MemorySwap'> = { CpuShares: cpuSharesOf(resources.cpuRequestMillis) };
  if (resources.cpuLimitMillis !== undefined && resources.cpuLimitMillis > 0) {
    config.NanoCpus = Math.max(MIN_CPU_LIMIT_MILLIS, resources.cpuLimitMillis) * 1_000_000;
  }
  if (resources.memoryLimitBytes !== undefined && resources.memoryLimitBytes > 0) {
    config.Memory = resources.memoryLimitBytes;
    config.MemorySwap = resources.memoryLimitBytes;
  }
  return config;
}
