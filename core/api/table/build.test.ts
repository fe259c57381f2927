import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types/meta.ts';
import { buildTable, createdAtTableConvertor, defaultTableConvertor } from './build.ts';
import type { TableConvertor } from './table.ts';

const now = new Date('2024-06-01T12:00:00Z');

const cm: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'default', resourceVersion: '42', creationTimestamp: '2024-06-01T11:00:00Z' },
  data: { a: '1' },
};

const nameOnly: TableConvertor = {
  columns: [{ name: 'Name', type: 'string', format: 'name', description: 'name', priority: 0 }],
  cells: (obj) => [obj.metadata.name ?? ''],
};

describe('buildTable', () => {
  it.each([
    ['Metadata', { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: cm.metadata }],
    ['Object', cm],
  ] as const)('includeObject=%s puts the right object in each row', (includeObject, expected) => {
    const table = buildTable(nameOnly, [cm], now, { includeObject });
    expect(table.rows).toEqual([{ cells: ['settings'], object: expected }]);
  });

  it('includeObject=None leaves object out', () => {
    const table = buildTable(nameOnly, [cm], now, { includeObject: 'None' });
    expect(table.rows).toEqual([{ cells: ['settings'] }]);
    expect('object' in (table.rows[0] ?? {})).toBe(false);
  });

  it('is a meta.k8s.io/v1 Table with list metadata and the convertor columns', () => {
    const table = buildTable(nameOnly, [cm, { ...cm, metadata: { name: 'other' } }], now, {
      includeObject: 'Metadata',
      resourceVersion: '99',
      continue: 'tok',
      remainingItemCount: 3,
    });
    expect(table.kind).toBe('Table');
    expect(table.apiVersion).toBe('meta.k8s.io/v1');
    expect(table.metadata).toEqual({ resourceVersion: '99', continue: 'tok', remainingItemCount: 3 });
    expect(table.columnDefinitions).toEqual(nameOnly.columns);
    expect(table.rows.map((r) => r.cells)).toEqual([['settings'], ['other']]);
  });

  it('omits unset list metadata and handles no objects', () => {
    const table = buildTable(nameOnly, [], now, { includeObject: 'Metadata' });
    expect(table.metadata).toEqual({});
    expect(table.rows).toEqual([]);
  });
});

describe('default convertors', () => {
  it('defaultTableConvertor prints NAME and AGE', () => {
    expect(defaultTableConvertor.columns.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Age', 'date', '', 0],
    ]);
    expect(defaultTableConvertor.cells(cm, now)).toEqual(['settings', '60m']);
    expect(defaultTableConvertor.cells({ metadata: {} }, now)).toEqual(['', '<unknown>']);
  });

  it.each([
    ['2024-06-01T11:00:00Z', '2024-06-01T11:00:00Z'],
    ['2024-06-01T11:00:00.250Z', '2024-06-01T11:00:00Z'],
    [undefined, '0001-01-01T00:00:00Z'],
  ])('createdAtTableConvertor prints %s as %s', (creationTimestamp, expected) => {
    const obj: KubeObject = { metadata: { name: 'admin', ...(creationTimestamp ? { creationTimestamp } : {}) } };
    expect(createdAtTableConvertor.columns.map((c) => c.name)).toEqual(['Name', 'Created At']);
    expect(createdAtTableConvertor.cells(obj, now)).toEqual(['admin', expected]);
  });
});
