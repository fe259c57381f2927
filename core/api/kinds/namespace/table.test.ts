import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { namespaceTable } from './table.ts';

const now = new Date('2024-06-01T12:00:00Z');

describe('namespaceTable', () => {
  it('has printNamespace columns', () => {
    expect(namespaceTable.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Status', 0],
      ['Age', 0],
    ]);
  });

  it.each<[string, KubeObject, unknown[]]>([
    [
      'active',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', creationTimestamp: '2024-05-01T12:00:00Z' }, status: { phase: 'Active' } },
      ['default', 'Active', '31d'],
    ],
    [
      'terminating',
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'old', creationTimestamp: '2024-06-01T04:00:00Z', deletionTimestamp: '2024-06-01T11:59:00Z' },
        status: { phase: 'Terminating' },
      },
      ['old', 'Terminating', '8h'],
    ],
    ['no status', { metadata: { name: 'bare' } }, ['bare', '', '<unknown>']],
  ])('%s', (_name, obj, cells) => {
    expect(namespaceTable.cells(obj, now)).toEqual(cells);
  });
});
