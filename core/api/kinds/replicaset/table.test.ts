import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { replicaSetTable } from './table.ts';

const now = new Date('2024-06-01T12:00:00Z');

function replicaSet(spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-5d4f8c7b9', namespace: 'default', creationTimestamp: '2024-06-01T11:57:30Z' },
    spec: {
      selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d4f8c7b9' } },
      template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } },
      ...spec,
    },
    status,
  };
}

describe('replicaSetTable', () => {
  it('has printReplicaSet columns', () => {
    expect(replicaSetTable.columns.map((c) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0],
      ['Desired', 'integer', 0],
      ['Current', 'integer', 0],
      ['Ready', 'integer', 0],
      ['Age', 'string', 0],
      ['Containers', 'string', 1],
      ['Images', 'string', 1],
      ['Selector', 'string', 1],
    ]);
  });

  it.each<[string, KubeObject, unknown[]]>([
    [
      'steady',
      replicaSet({ replicas: 2 }, { replicas: 2, readyReplicas: 2 }),
      ['web-5d4f8c7b9', 2, 2, 2, '2m30s', 'nginx', 'nginx:1.25', 'app=web,pod-template-hash=5d4f8c7b9'],
    ],
    [
      'new, nothing ready, replicas defaulted',
      replicaSet({}, {}),
      ['web-5d4f8c7b9', 1, 0, 0, '2m30s', 'nginx', 'nginx:1.25', 'app=web,pod-template-hash=5d4f8c7b9'],
    ],
    [
      'empty selector prints <none>',
      replicaSet({ replicas: 0, selector: {} }, { replicas: 0 }),
      ['web-5d4f8c7b9', 0, 0, 0, '2m30s', 'nginx', 'nginx:1.25', '<none>'],
    ],
  ])('%s', (_name, obj, cells) => {
    expect(replicaSetTable.cells(obj, now)).toEqual(cells);
  });
});
