import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/types/meta.ts';
import type { Condition } from '../../../api/kinds/nodepool/types.ts';
import { missingLabels, registeredConditions, registrationTimeLeft } from './registration-state.ts';

function node(ready: 'True' | 'False' | undefined, labels: Record<string, string> = {}): KubeObject {
  const conditions = ready === undefined ? [] : [{ type: 'Ready', status: ready }];
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels }, status: { conditions } };
}

const statusOf = (updates: ReturnType<typeof registeredConditions>): Record<string, string> => Object.fromEntries(updates.map((u) => [u.type, u.status]));

describe('registeredConditions', () => {
  it.each<[string, 'True' | 'False' | undefined, Condition[], Record<string, string>]>([
    ['a node not Ready yet: registered, not initialized', 'False', [], { Registered: 'True', Initialized: 'Unknown', Ready: 'False' }],
    ['a node reporting nothing yet', undefined, [], { Registered: 'True', Initialized: 'Unknown', Ready: 'Unknown' }],
    ['a Ready node: initialized and Ready', 'True', [], { Registered: 'True', Initialized: 'True', Ready: 'True' }],
    [
      'a node that was Ready and is no more: stays initialized, Ready follows the node',
      'False',
      [{ type: 'Initialized', status: 'True' }],
      { Registered: 'True', Initialized: 'True', Ready: 'False' },
    ],
  ])('%s', (_what, ready, current, expected) => {
    expect(statusOf(registeredConditions(node(ready), current))).toEqual(expected);
  });
});

describe('missingLabels', () => {
  it.each<[string, Record<string, string>, Record<string, string> | undefined]>([
    ['adds the labels the node lacks', { a: '1' }, { b: '2' }],
    ['leaves a label the node has, whatever its value', { a: 'x', b: '2' }, undefined],
  ])('%s', (_what, labels, expected) => {
    expect(missingLabels(node('True', labels), { a: '1', b: '2' })).toEqual(expected);
  });
});

describe('registrationTimeLeft', () => {
  const claim = (created: string): KubeObject => ({ metadata: { name: 'c', creationTimestamp: created } });
  it.each([
    ['time left within the TTL', '2025-01-01T00:00:00Z', 60_000, 45_000],
    ['none left after it', '2025-01-01T00:00:00Z', 10_000, -5_000],
  ])('%s', (_what, created, ttl, left) => {
    expect(registrationTimeLeft(claim(created), ttl, new Date('2025-01-01T00:00:15Z'))).toBe(left);
  });
});
