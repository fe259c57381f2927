import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { leaseTable } from './table.ts';

const now = new Date('2024-06-01T12:00:00Z');
const meta = { name: 'kube-scheduler', namespace: 'kube-system', creationTimestamp: '2024-06-01T10:00:00Z' };

describe('leaseTable', () => {
  it('has printLease columns', () => {
    expect(leaseTable.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Holder', 0],
      ['Age', 0],
    ]);
  });

  it.each<[string, KubeObject, unknown[]]>([
    [
      'held',
      {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: meta,
        spec: { holderIdentity: 'control-plane_1b2c3d', leaseDurationSeconds: 15 },
      },
      ['kube-scheduler', 'control-plane_1b2c3d', '120m'],
    ],
    ['unheld', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: meta, spec: {} }, ['kube-scheduler', '', '120m']],
  ])('%s', (_name, obj, cells) => {
    expect(leaseTable.cells(obj, now)).toEqual(cells);
  });
});
