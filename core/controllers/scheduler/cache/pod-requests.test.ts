import { describe, expect, it } from 'vitest';
import { computePodRequests, DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST } from './pod-requests.ts';

const ctr = (name: string, requests?: Record<string, string>, restartPolicy?: string) => ({
  name,
  image: 'x',
  ...(requests === undefined ? {} : { resources: { requests } }),
  ...(restartPolicy === undefined ? {} : { restartPolicy }),
});

const Mi = 1024 * 1024;

describe('computePodRequests', () => {
  it.each<[string, Record<string, unknown>, { milliCPU: number; memory: number }]>([
    ['sums app containers', { containers: [ctr('a', { cpu: '100m', memory: '100Mi' }), ctr('b', { cpu: '200m', memory: '50Mi' })] }, { milliCPU: 300, memory: 150 * Mi }],
    [
      'takes the larger of the apps and each init container (the documentation example: init 2/1G and 2/3G, apps 2+1 / 1G+1G → 3, 3G)',
      {
        initContainers: [ctr('ic1', { cpu: '2', memory: '1G' }), ctr('ic2', { cpu: '2', memory: '3G' })],
        containers: [ctr('c1', { cpu: '2', memory: '1G' }), ctr('c2', { cpu: '1', memory: '1G' })],
      },
      { milliCPU: 3000, memory: 3e9 },
    ],
    [
      'sidecars run beside the apps and beside later init containers',
      {
        initContainers: [ctr('sidecar', { cpu: '500m' }, 'Always'), ctr('migrate', { cpu: '1' })],
        containers: [ctr('app', { cpu: '200m' })],
      },
      { milliCPU: 1500, memory: 0 },
    ],
    ['overhead comes on top', { containers: [ctr('a', { cpu: '100m' })], overhead: { cpu: '250m', memory: '120Mi' } }, { milliCPU: 350, memory: 120 * Mi }],
    ['pod-level requests win for cpu and memory', { resources: { requests: { cpu: '1' } }, containers: [ctr('a', { cpu: '100m', memory: '1Mi' })] }, { milliCPU: 1000, memory: Mi }],
  ])('%s', (_name, spec, expected) => {
    expect(computePodRequests(spec, false)).toMatchObject(expected);
  });

  it('counts missing cpu and memory requests as 100m and 200Mi per container when asked (non-zero requests)', () => {
    const spec = { containers: [ctr('a'), ctr('b', { cpu: '0' }), ctr('c', { memory: '1Gi' })] };
    expect(computePodRequests(spec, true)).toMatchObject({ milliCPU: 2 * DEFAULT_MILLI_CPU_REQUEST, memory: 2 * DEFAULT_MEMORY_REQUEST + 1024 * Mi });
    expect(computePodRequests(spec, false)).toMatchObject({ milliCPU: 0, memory: 1024 * Mi });
  });

  it('keeps extended resources and ephemeral storage', () => {
    const r = computePodRequests({ containers: [ctr('a', { 'example.com/gpu': '2', 'ephemeral-storage': '1Gi', 'not-scalar': '3' })] }, false);
    expect(r.scalar.get('example.com/gpu')).toBe(2);
    expect(r.ephemeralStorage).toBe(1024 * Mi);
    expect(r.scalar.has('not-scalar')).toBe(false);
  });
});
