import { describe, expect, it } from 'vitest';
import type { NodeClaimObject } from '../../../api/kinds/nodepool/types.ts';
import { poolReadyCondition, poolResources } from './pool-status.ts';
import type { KubeObject } from '../../../api/types/meta.ts';
import type { PoolProviderState } from './pool-providers.ts';
import { stubProvider } from './testing/stub-provider.ts';

const provider = stubProvider();

function claim(capacity?: Record<string, string>): NodeClaimObject {
  return { metadata: { name: 'c' }, spec: { requirements: [] }, status: capacity === undefined ? {} : { capacity } };
}

describe('poolReadyCondition', () => {
  it.each<[string, PoolProviderState, { status: string; reason: string; message: string }]>([
    [
      'a running provider',
      { ready: true, poolName: 'p', pool: { metadata: {}, spec: { provider: 'x' } }, provider },
      { status: 'True', reason: 'Ready', message: '' },
    ],
    [
      'an unknown provider',
      { ready: false, poolName: 'p', reason: 'ProviderNotFound', message: 'spec.provider: unknown node provider "nope"; available: aws' },
      { status: 'False', reason: 'ProviderNotFound', message: 'spec.provider: unknown node provider "nope"; available: aws' },
    ],
    [
      'options the schema refuses',
      { ready: false, poolName: 'p', reason: 'InvalidOptions', message: 'spec.options.count: Expected number' },
      { status: 'False', reason: 'InvalidOptions', message: 'spec.options.count: Expected number' },
    ],
  ])('%s', (_what, state, expected) => {
    expect(poolReadyCondition(state)).toMatchObject({ type: 'Ready', ...expected });
  });
});

describe('poolResources', () => {
  it.each<[string, NodeClaimObject[], Record<string, string>]>([
    ['no claims', [], { cpu: '0', memory: '0', pods: '0', nodes: '0' }],
    [
      'the launched claims added up; an unlaunched one counts for nothing',
      [claim({ cpu: '2', memory: '8Gi', pods: '29' }), claim({ cpu: '500m', memory: '16Gi', pods: '58' }), claim()],
      { cpu: '2500m', memory: '24Gi', pods: '87', nodes: '2' },
    ],
  ])('%s', (_what, claims, expected) => {
    expect(poolResources(claims)).toEqual(expected);
  });

  it('adds the pool’s nodes that no claim stands for, and counts a claimed node once', () => {
    const launched: NodeClaimObject = { metadata: { name: 'burst-a' }, spec: { requirements: [] }, status: { nodeName: 'burst-a', capacity: { cpu: '2', memory: '4Gi', pods: '20' } } };
    const node = (name: string, cpu: string): KubeObject => ({ metadata: { name }, status: { capacity: { cpu, memory: '4Gi', pods: '110' } } });
    expect(poolResources([launched], [node('burst-a', '2'), node('burst-0', '4')])).toEqual({ cpu: '6', memory: '8Gi', pods: '130', nodes: '2' });
  });
});
