import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { nodePoolTable } from './table.ts';

const now = new Date('2024-06-01T12:00:00Z');

function pool(status?: Record<string, unknown>, spec: Record<string, unknown> = { provider: 'aws' }): KubeObject {
  const obj: KubeObject = {
    apiVersion: 'kubernel.dev/v1alpha1',
    kind: 'NodePool',
    metadata: { name: 'general', creationTimestamp: '2024-06-01T11:55:00Z' },
    spec,
  };
  if (status !== undefined) obj['status'] = status;
  return obj;
}

describe('nodePoolTable', () => {
  it('prints NAME, PROVIDER, NODES, READY and AGE, none of them wide', () => {
    expect(nodePoolTable.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Provider', 0],
      ['Nodes', 0],
      ['Ready', 0],
      ['Age', 0],
    ]);
  });

  it.each<[string, KubeObject, unknown[]]>([
    ['a new pool', pool(), ['general', 'aws', '0', 'Unknown', '5m']],
    [
      'a ready pool with nodes',
      pool({ resources: { nodes: '3', cpu: '12' }, conditions: [{ type: 'Ready', status: 'True' }] }),
      ['general', 'aws', '3', 'True', '5m'],
    ],
    [
      'a pool whose provider is failing',
      pool({ conditions: [{ type: 'ProviderReady', status: 'False' }, { type: 'Ready', status: 'False' }] }),
      ['general', 'aws', '0', 'False', '5m'],
    ],
    ['a pool with odd stored data', pool({ resources: { nodes: 3 }, conditions: 'Ready' }, {}), ['general', '', '0', 'Unknown', '5m']],
  ])('%s', (_, obj, cells) => {
    expect(nodePoolTable.cells(obj, now)).toEqual(cells);
  });
});
