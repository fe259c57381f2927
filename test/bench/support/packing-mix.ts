/**
 * The pod mixes of the `packing` benchmark and the bound it is judged
 * against; pure and seeded, so every run packs the same pods.
 */

export interface PodSize {
  cpuMilli: number;
  memoryMi: number;
}

export interface NodeSize extends PodSize {
  pods: number;
}

/** A small deterministic PRNG (mulberry32): the same seed gives the same mix on every run. */
export function prng(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function between(random: () => number, low: number, high: number, step: number): number {
  return low + step * Math.floor(random() * (Math.floor((high - low) / step) + 1));
}

/**
 * Uniform: CPU and memory each drawn uniformly and independently, 100m to
 * 1000m and 512 Mi to 8 Gi, so that on a 4 CPU / 32 Gi node neither resource
 * dominates on average.
 */
export function uniformMix(count: number, seed: number): PodSize[] {
  const random = prng(seed);
  return Array.from({ length: count }, () => ({ cpuMilli: between(random, 100, 1000, 10), memoryMi: between(random, 512, 8192, 64) }));
}

/** Mixed: distinct shapes that pull against each other (CPU-heavy, memory-heavy, small and large), drawn by weight. */
export const MIXED_SHAPES: readonly (PodSize & { weight: number })[] = [
  { cpuMilli: 100, memoryMi: 256, weight: 0.35 },
  { cpuMilli: 500, memoryMi: 2048, weight: 0.15 },
  { cpuMilli: 1500, memoryMi: 2048, weight: 0.2 },
  { cpuMilli: 250, memoryMi: 12288, weight: 0.2 },
  { cpuMilli: 2000, memoryMi: 8192, weight: 0.1 },
];

export function mixedMix(count: number, seed: number): PodSize[] {
  const random = prng(seed);
  const total = MIXED_SHAPES.reduce((sum, s) => sum + s.weight, 0);
  return Array.from({ length: count }, () => {
    let pick = random() * total;
    for (const shape of MIXED_SHAPES) {
      pick -= shape.weight;
      if (pick < 0) return { cpuMilli: shape.cpuMilli, memoryMi: shape.memoryMi };
    }
    const last = MIXED_SHAPES[MIXED_SHAPES.length - 1];
    return { cpuMilli: last?.cpuMilli ?? 100, memoryMi: last?.memoryMi ?? 256 };
  });
}

/** The fewest nodes that could hold the pods: max over cpu, memory and pod count of ceil(total requests ÷ node capacity). */
export function lowerBound(pods: readonly PodSize[], node: NodeSize): number {
  const cpu = pods.reduce((sum, p) => sum + p.cpuMilli, 0);
  const memory = pods.reduce((sum, p) => sum + p.memoryMi, 0);
  return Math.max(Math.ceil(cpu / node.cpuMilli), Math.ceil(memory / node.memoryMi), Math.ceil(pods.length / node.pods));
}

/** How many distinct nodes the placements use (unplaced pods, '', count for none). */
export function nodesUsed(nodeNames: Iterable<string>): number {
  const used = new Set<string>();
  for (const name of nodeNames) if (name !== '') used.add(name);
  return used.size;
}
