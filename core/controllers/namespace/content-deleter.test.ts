import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types/meta.ts';
import { Resources } from '../../client/resources.ts';
import { gvrString, podTerminationEstimate, summarizeRemaining, type ResourceDeletion } from './content-deleter.ts';

const cm = (name: string, finalizers?: string[]): KubeObject => ({ metadata: { name, namespace: 'x', ...(finalizers === undefined ? {} : { finalizers }) } });
const pod = (grace: number | undefined, phase = 'Running'): KubeObject => ({
  metadata: { name: 'p', namespace: 'x' },
  spec: grace === undefined ? {} : { terminationGracePeriodSeconds: grace },
  status: { phase },
});

describe('gvrString', () => {
  it.each([
    [Resources.configMaps, '/v1, Resource=configmaps'],
    [Resources.deployments, 'apps/v1, Resource=deployments'],
  ])('%j', (resource, text) => {
    expect(gvrString(resource)).toBe(text);
  });
});

describe('summarizeRemaining', () => {
  it.each<[string, KubeObject[], number, ResourceDeletion]>([
    ['all gone', [], 30, { estimateSeconds: 0, remaining: 0, finalizers: new Map() }],
    ['held by finalizers: the default estimate', [cm('a', ['example.com/hold']), cm('b', ['example.com/hold', 'orphan'])], 0, {
      estimateSeconds: 15,
      remaining: 2,
      finalizers: new Map([['example.com/hold', 2], ['orphan', 1]]),
    }],
    ['a running estimate wins', [cm('a', ['example.com/hold'])], 30, { estimateSeconds: 30, remaining: 1, finalizers: new Map([['example.com/hold', 1]]) }],
    ['left without a reason: an error', [cm('a')], 0, {
      estimateSeconds: 0,
      remaining: 1,
      finalizers: new Map(),
      error: 'unexpected items still remain in namespace: x for gvr: /v1, Resource=configmaps',
    }],
  ])('%s', (_name, items, estimate, expected) => {
    expect(summarizeRemaining(Resources.configMaps, 'x', items, estimate)).toEqual(expected);
  });
});

describe('podTerminationEstimate', () => {
  const deletedAt = new Date('2024-01-01T00:00:00Z');
  const at = (seconds: number): Date => new Date(deletedAt.getTime() + seconds * 1000);
  it.each<[string, KubeObject[], Date, number]>([
    ['no pods', [], at(0), 0],
    ['the longest grace period of running pods', [pod(30), pod(60), pod(10)], at(5), 60],
    ['finished pods do not count', [pod(30, 'Succeeded'), pod(90, 'Failed'), pod(5)], at(1), 5],
    ['no grace period set', [pod(undefined)], at(0), 0],
    ['none once that long has passed', [pod(30)], at(30), 0],
  ])('%s', (_name, pods, now, expected) => {
    expect(podTerminationEstimate(pods, deletedAt, now)).toBe(expected);
  });
});
