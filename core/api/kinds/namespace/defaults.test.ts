import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { defaultNamespace } from './defaults.ts';
import { prepareNamespaceForCreate } from './prepare-create.ts';

function ns(name: string, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, ...extra };
}

describe('defaultNamespace', () => {
  it('adds the name label, the kubernetes finalizer and the Active phase', () => {
    const obj = ns('development', { metadata: { name: 'development', labels: { team: 'a' } } });
    defaultNamespace(obj);
    expect(obj).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'development', labels: { team: 'a', 'kubernetes.io/metadata.name': 'development' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  });

  it('keeps explicit finalizers and phase', () => {
    const obj = ns('x', { spec: { finalizers: [] }, status: { phase: 'Terminating' } });
    defaultNamespace(obj);
    expect(obj['spec']).toEqual({ finalizers: [] });
    expect(obj['status']).toEqual({ phase: 'Terminating' });
  });

  it('does not put the finalizer back on a namespace being deleted', () => {
    const obj: KubeObject = { metadata: { name: 'x', deletionTimestamp: '2024-01-01T00:00:00Z' }, spec: {} };
    defaultNamespace(obj);
    expect(obj['spec']).toEqual({});
  });

  it('leaves a generateName-only namespace unlabelled', () => {
    const obj: KubeObject = { metadata: { generateName: 'test-' } };
    defaultNamespace(obj);
    expect(obj.metadata.labels).toBeUndefined();
  });
});

describe('prepareNamespaceForCreate', () => {
  it.each([
    ['no spec', undefined, ['kubernetes']],
    ['client finalizers', { finalizers: ['example.com/cleanup'] }, ['example.com/cleanup', 'kubernetes']],
    ['the finalizer already there', { finalizers: ['kubernetes'] }, ['kubernetes']],
    ['an empty list', { finalizers: [] }, ['kubernetes']],
  ])('adds the kubernetes finalizer to %s', (_, spec, finalizers) => {
    const obj = ns('x', spec === undefined ? {} : { spec });
    prepareNamespaceForCreate(obj);
    expect(obj['spec']).toEqual({ finalizers });
  });
});
