import { describe, expect, it } from 'vitest';
import { lowerBound, MIXED_SHAPES, mixedMix, nodesUsed, prng, uniformMix, type NodeSize, type PodSize } from './packing-mix.ts';

const NODE: NodeSize = { cpuMilli: 4000, memoryMi: 32768, pods: 110 };

describe('lowerBound', () => {
  it.each<{ name: string; pods: PodSize[]; expected: number }>([
    { name: 'cpu decides', pods: Array.from({ length: 9 }, () => ({ cpuMilli: 1000, memoryMi: 100 })), expected: 3 },
    { name: 'memory decides', pods: Array.from({ length: 5 }, () => ({ cpuMilli: 100, memoryMi: 16384 })), expected: 3 },
    { name: 'pod count decides', pods: Array.from({ length: 221 }, () => ({ cpuMilli: 1, memoryMi: 1 })), expected: 3 },
    { name: 'an exact fit needs no extra node', pods: Array.from({ length: 8 }, () => ({ cpuMilli: 1000, memoryMi: 8192 })), expected: 2 },
    { name: 'no pods need no node', pods: [], expected: 0 },
  ])('$name: $expected', ({ pods, expected }) => {
    expect(lowerBound(pods, NODE)).toBe(expected);
  });
});

describe('the mixes', () => {
  it('are the same for the same seed and differ between seeds', () => {
    expect(uniformMix(50, 1)).toEqual(uniformMix(50, 1));
    expect(uniformMix(50, 1)).not.toEqual(uniformMix(50, 2));
    expect(mixedMix(50, 3)).toEqual(mixedMix(50, 3));
  });

  it('uniform stays within 100m..1000m and 512Mi..8Gi and covers the range', () => {
    const pods = uniformMix(2000, 7);
    expect(Math.min(...pods.map((p) => p.cpuMilli))).toBeLessThan(150);
    expect(Math.max(...pods.map((p) => p.cpuMilli))).toBeGreaterThan(950);
    expect(pods.every((p) => p.cpuMilli >= 100 && p.cpuMilli <= 1000 && p.memoryMi >= 512 && p.memoryMi <= 8192)).toBe(true);
  });

  it('mixed draws only its shapes, each about as often as its weight says', () => {
    const pods = mixedMix(10_000, 11);
    for (const shape of MIXED_SHAPES) {
      const share = pods.filter((p) => p.cpuMilli === shape.cpuMilli && p.memoryMi === shape.memoryMi).length / pods.length;
      expect(Math.abs(share - shape.weight)).toBeLessThan(0.03);
    }
  });

  it('prng gives numbers in [0, 1)', () => {
    const random = prng(5);
    const values = Array.from({ length: 1000 }, random);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});

describe('nodesUsed', () => {
  it.each([
    { names: ['a', 'b', 'a'], expected: 2 },
    { names: ['a', '', ''], expected: 1 },
    { names: [], expected: 0 },
  ])('$names use $expected nodes', ({ names, expected }) => {
    expect(nodesUsed(names)).toBe(expected);
  });
});
