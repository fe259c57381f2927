import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { nodeClaimTable } from './table.ts';

const now = new Date('2024-06-01T12:00:00Z');

function claim(labels: Record<string, string>, status?: Record<string, unknown>): KubeObject {
  const obj: KubeObject = {
    apiVersion: 'kubernel.dev/v1alpha1',
    kind: 'NodeClaim',
    metadata: { name: 'general-x7k2p', labels, creationTimestamp: '2024-06-01T11:58:00Z' },
    spec: { requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6i.large'] }] },
  };
  if (status !== undefined) obj['status'] = status;
  return obj;
}

const launched = {
  'kubernel.dev/node-pool': 'general',
  'node.kubernetes.io/instance-type': 'm6i.large',
  'kubernel.dev/capacity-type': 'spot',
  'topology.kubernetes.io/zone': 'us-east-1a',
};

describe('nodeClaimTable', () => {
  it('prints Karpenter’s columns, ID and NodePool only with -o wide', () => {
    expect(nodeClaimTable.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Type', 0],
      ['Capacity', 0],
      ['Zone', 0],
      ['Node', 0],
      ['Ready', 0],
      ['Age', 0],
      ['ID', 1],
      ['NodePool', 1],
    ]);
  });

  it.each<[string, KubeObject, unknown[]]>([
    ['a claim not launched yet', claim({ 'kubernel.dev/node-pool': 'general' }), ['general-x7k2p', '', '', '', '', 'Unknown', '2m', '', 'general']],
    [
      'a launched claim whose node has not registered',
      claim(launched, { providerID: 'aws:///us-east-1a/i-0abc', conditions: [{ type: 'Launched', status: 'True' }] }),
      ['general-x7k2p', 'm6i.large', 'spot', 'us-east-1a', '', 'Unknown', '2m', 'aws:///us-east-1a/i-0abc', 'general'],
    ],
    [
      'a ready claim',
      claim(launched, {
        providerID: 'aws:///us-east-1a/i-0abc',
        nodeName: 'ip-10-0-1-7',
        conditions: [
          { type: 'Launched', status: 'True' },
          { type: 'Ready', status: 'True' },
        ],
      }),
      ['general-x7k2p', 'm6i.large', 'spot', 'us-east-1a', 'ip-10-0-1-7', 'True', '2m', 'aws:///us-east-1a/i-0abc', 'general'],
    ],
  ])('%s', (_, obj, cells) => {
    expect(nodeClaimTable.cells(obj, now)).toEqual(cells);
  });
});
