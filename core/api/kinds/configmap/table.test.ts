import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { configMapTable } from './table.ts';

const now = new Date('2024-06-01T12:00:00Z');
const meta = { name: 'kube-root-ca.crt', namespace: 'default', creationTimestamp: '2024-05-25T12:00:00Z' };

describe('configMapTable', () => {
  it('has printConfigMap columns', () => {
    expect(configMapTable.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Data', 0],
      ['Age', 0],
    ]);
  });

  it.each<[string, KubeObject, unknown[]]>([
    ['data only', { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data: { 'ca.crt': '---' } }, ['kube-root-ca.crt', 1, '7d']],
    [
      'data and binaryData',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } },
      ['kube-root-ca.crt', 3, '7d'],
    ],
    ['empty', { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta }, ['kube-root-ca.crt', 0, '7d']],
  ])('%s', (_name, obj, cells) => {
    expect(configMapTable.cells(obj, now)).toEqual(cells);
  });
});
