import { performance } from 'node:perf_hooks';

/** A 1 KiB ConfigMap, the shape the store benchmark writes. */
const SAMPLE = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'x', namespace: 'bench', labels: { a: 'b' } },
  data: { k: 'v'.repeat(900) },
};

/** Round trips in one measurement: about one second on the machines these benchmarks run on. */
export const SPEED_INDEX_ROUNDS = 200_000;

/**
 * The machine's speed index: milliseconds for a fixed CPU workload (JSON
 * serialise and parse of a 1 KiB object, `rounds` times) in this process,
 * after one unmeasured pass to warm the engine. The machines are shared, and
 * the same commit runs a third slower in one minute than in the next; a
 * figure is read beside the index of its run (lower is faster). Returns the
 * milliseconds and a checksum of the work, which keeps it from being optimised away.
 */
export function speedIndex(rounds: number = SPEED_INDEX_ROUNDS): { ms: number; checksum: number } {
  const sample = structuredClone(SAMPLE);
  let ms = 0;
  let checksum = 0;
  for (let pass = 0; pass < 2; pass++) {
    const began = performance.now();
    checksum = 0;
    for (let i = 0; i < rounds; i++) {
      sample.metadata.name = `x${i}`;
      const parsed = JSON.parse(JSON.stringify(sample)) as typeof SAMPLE;
      checksum += parsed.metadata.name.length;
    }
    ms = performance.now() - began;
  }
  return { ms: Math.round(ms), checksum };
}
