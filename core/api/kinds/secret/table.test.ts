import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { secretTable } from './table.ts';

const now = new Date('2024-06-01T12:00:00Z');
const meta = { name: 'creds', namespace: 'default', creationTimestamp: '2024-06-01T11:30:00Z' };

describe('secretTable', () => {
  it('has printSecret columns', () => {
    expect(secretTable.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Type', 0],
      ['Data', 0],
      ['Age', 0],
    ]);
  });

  it.each<[string, KubeObject, unknown[]]>([
    ['opaque', { apiVersion: 'v1', kind: 'Secret', metadata: meta, type: 'Opaque', data: { user: 'YQ==', pass: 'Yg==' } }, ['creds', 'Opaque', 2, '30m']],
    [
      'tls',
      { apiVersion: 'v1', kind: 'Secret', metadata: meta, type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==', 'tls.key': 'eQ==', 'ca.crt': 'eg==' } },
      ['creds', 'kubernetes.io/tls', 3, '30m'],
    ],
    ['no data', { apiVersion: 'v1', kind: 'Secret', metadata: meta, type: 'Opaque' }, ['creds', 'Opaque', 0, '30m']],
  ])('%s', (_name, obj, cells) => {
    expect(secretTable.cells(obj, now)).toEqual(cells);
  });
});
