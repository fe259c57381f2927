/**
 * What a node keeps for itself (the agent, the OS, the container runtime)
 * and so does not offer to pods: GKE's documented reservations
 * (cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes), which
 * Kubernetes users on GCE already size their pods against.
 *
 * CPU: 6% of the first core, 1% of the second, 0.5% of the next two, 0.25% of
 * any above four. Memory: 255 MiB below 1 GiB; else 25% of the first 4 GiB,
 * 20% of the next 4, 10% of the next 8, 6% of the next 112, 2% above 128 GiB;
 * plus the 100 MiB hard eviction threshold.
 */

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
const EVICTION_THRESHOLD_BYTES = 100 * MIB;

/** [up to this many cores, share of each core in the band] */
const CPU_BANDS: ReadonlyArray<readonly [number, number]> = [
  [1, 0.06],
  [2, 0.01],
  [4, 0.005],
  [Number.POSITIVE_INFINITY, 0.0025],
];

/** [up to this many GiB, share of each GiB in the band] */
const MEMORY_BANDS: ReadonlyArray<readonly [number, number]> = [
  [4, 0.25],
  [8, 0.2],
  [16, 0.1],
  [128, 0.06],
  [Number.POSITIVE_INFINITY, 0.02],
];

function banded(amount: number, bands: ReadonlyArray<readonly [number, number]>): number {
  let reserved = 0;
  let lower = 0;
  for (const [upper, share] of bands) {
    if (amount <= lower) break;
    reserved += (Math.min(amount, upper) - lower) * share;
    lower = upper;
  }
  return reserved;
}

export function reservedCpuMillis(cores: number): number {
  return Math.ceil(banded(cores, CPU_BANDS) * 1000);
}

/** memory kept from pods, the eviction threshold included */
export function reservedMemoryBytes(memoryBytes: number): number {
  const kept = memoryBytes < GIB ? 255 * MIB : Math.ceil(banded(memoryBytes / GIB, MEMORY_BANDS) * GIB);
  return kept + EVICTION_THRESHOLD_BYTES;
}

export function allocatableCpuMillis(cores: number): number {
  return Math.max(0, cores * 1000 - reservedCpuMillis(cores));
}

export function allocatableMemoryBytes(memoryMb: number): number {
  const total = memoryMb * MIB;
  return Math.max(0, total - reservedMemoryBytes(total));
}
