import { describe, expect, it } from 'vitest';
import { dominantShare, firstFitDecreasing, limitPerNode } from './pod-order.ts';
import { HOSTNAME, hostnameAntiAffinity, pending, ZONE, zoneSpread } from './test-fixtures.ts';

const GI = 2 ** 30;
const SCALE = { milliCPU: 8000, memory: 32 * GI };

const hostnameSpread = (app: string, whenUnsatisfiable = 'DoNotSchedule') => ({
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: HOSTNAME, whenUnsatisfiable, labelSelector: { matchLabels: { app } } }],
});

describe('dominantShare', () => {
  it.each<[string, string, number]>([
    ['2', '1Gi', 0.25],
    ['500m', '8Gi', 0.25],
    ['8', '32Gi', 1],
    ['0', '0', 0],
  ])('cpu %s and memory %s take %d of the largest node', (cpu, memory, share) => {
    expect(dominantShare(pending('p', cpu, { memory }).requests, SCALE)).toBe(share);
  });
});

describe('limitPerNode', () => {
  it.each<[string, Record<string, unknown>, ReturnType<typeof limitPerNode>]>([
    ['no constraint', {}, undefined],
    ['a hostname spread selecting itself', hostnameSpread('web'), 'self'],
    ['a hostname spread selecting other pods', hostnameSpread('db'), 'others'],
    ['a soft hostname spread', hostnameSpread('web', 'ScheduleAnyway'), undefined],
    ['a zone spread', zoneSpread('web'), undefined],
    ['hostname anti-affinity to itself', hostnameAntiAffinity('web'), 'self'],
    ['hostname anti-affinity to other pods', hostnameAntiAffinity('db'), 'others'],
  ])('%s', (_what, spec, limit) => {
    expect(limitPerNode(pending('p', '1', { labels: { app: 'web' }, spec }))).toBe(limit);
  });
});

describe('firstFitDecreasing', () => {
  const order = (pods: Parameters<typeof firstFitDecreasing>[0]) => firstFitDecreasing(pods, false, SCALE).map((q) => q.info.name);

  it('takes pods limited per node first, those that count themselves before those that count others, grouped by constraints', () => {
    const pods = [
      pending('big', '4'),
      pending('others-db-small', '100m', { labels: { app: 'web' }, spec: hostnameSpread('db') }),
      pending('others-cache', '1', { labels: { app: 'web' }, spec: hostnameSpread('cache') }),
      pending('self', '100m', { labels: { app: 'web' }, spec: hostnameSpread('web') }),
      pending('others-db-large', '2', { labels: { app: 'web' }, spec: hostnameSpread('db') }),
    ];
    expect(order(pods)).toEqual(['self', 'others-cache', 'others-db-large', 'others-db-small', 'big']);
  });

  it('alternates cpu-heavy and memory-heavy pods so that what is requested stays in the proportion nodes offer', () => {
    const pods = [
      pending('cpu-large', '2', { memory: '1Gi' }),
      pending('cpu-small', '1500m', { memory: '1Gi' }),
      pending('memory-large', '100m', { memory: '8Gi' }),
      pending('memory-small', '100m', { memory: '6Gi' }),
    ];
    expect(order(pods)).toEqual(['cpu-large', 'memory-large', 'cpu-small', 'memory-small']);
  });

  it('orders the same pods the same whatever order they come in', () => {
    const pods = ['300m', '1500m', '700m', '1500m'].map((cpu, i) => pending(`p${i}`, cpu, { memory: `${i + 1}Gi` }));
    expect(order([...pods].reverse())).toEqual(order(pods));
  });

  it('keeps zone-spread pods among the rest, by size', () => {
    const pods = [pending('small', '100m', { labels: { app: 'web' }, spec: zoneSpread('web') }), pending('large', '2')];
    expect(order(pods)).toEqual(['large', 'small']);
  });
});
