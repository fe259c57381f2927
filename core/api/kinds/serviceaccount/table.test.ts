import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { serviceAccountTable } from './table.ts';

const now = new Date('2024-06-01T12:00:00Z');
const meta = { name: 'default', namespace: 'default', creationTimestamp: '2024-06-01T07:30:00Z' };

describe('serviceAccountTable', () => {
  it('has printServiceAccount columns', () => {
    expect(serviceAccountTable.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Secrets', 0],
      ['Age', 0],
    ]);
  });

  it.each<[string, KubeObject, unknown[]]>([
    ['no secrets', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta }, ['default', 0, '4h30m']],
    [
      'legacy token secret',
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta, secrets: [{ name: 'default-token-abcde' }] },
      ['default', 1, '4h30m'],
    ],
  ])('%s', (_name, obj, cells) => {
    expect(serviceAccountTable.cells(obj, now)).toEqual(cells);
  });
});
