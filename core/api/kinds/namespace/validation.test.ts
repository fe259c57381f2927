import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { defaultNamespace } from './defaults.ts';
import { validateNamespace, validateNamespaceUpdate } from './validation.ts';

function ns(name: string, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, ...extra };
}

const summary = (errs: { type: string; field: string }[]) => errs.map((e) => [e.type, e.field]);

describe('validateNamespace', () => {
  it.each([
    ['a docs namespace', ns('development', { metadata: { name: 'development', labels: { name: 'development' } } })],
    ['a qualified finalizer', ns('prod', { spec: { finalizers: ['kubernetes', 'example.com/cleanup'] } })],
    ['a generateName', { metadata: { generateName: 'e2e-' } }],
  ])('accepts %s', (_, obj) => {
    defaultNamespace(obj);
    expect(validateNamespace(obj)).toEqual([]);
  });

  it.each([
    ['an uppercase name', ns('Dev'), 'FieldValueInvalid', 'metadata.name'],
    ['a dotted name (labels only)', ns('dev.example'), 'FieldValueInvalid', 'metadata.name'],
    ['a namespace on a namespace', { metadata: { name: 'a', namespace: 'b' } }, 'FieldValueForbidden', 'metadata.namespace'],
    ['an unqualified finalizer', ns('a', { spec: { finalizers: ['cleanup'] } }), 'FieldValueInvalid', 'spec.finalizers'],
    ['finalizers of the wrong type', ns('a', { spec: { finalizers: 'kubernetes' } }), 'FieldValueTypeInvalid', 'spec.finalizers'],
    ['a numeric phase', ns('a', { status: { phase: 1 } }), 'FieldValueTypeInvalid', 'status.phase'],
  ])('rejects %s', (_, obj, type, field) => {
    expect(summary(validateNamespace(obj))).toEqual([[type, field]]);
  });

  it('words the finalizer error as Kubernetes does', () => {
    const [err] = validateNamespace(ns('a', { spec: { finalizers: ['cleanup'] } }));
    expect(err?.message).toBe('Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified');
  });
});

describe('validateNamespaceUpdate', () => {
  const stored = ns('dev', { metadata: { name: 'dev', resourceVersion: '5', uid: 'u1' } });

  it('accepts a label change', () => {
    const next = ns('dev', { metadata: { name: 'dev', resourceVersion: '5', uid: 'u1', labels: { env: 'dev' } } });
    expect(validateNamespaceUpdate(next, stored)).toEqual([]);
  });

  it('refuses a rename', () => {
    const next = ns('prod', { metadata: { name: 'prod', resourceVersion: '5', uid: 'u1' } });
    expect(summary(validateNamespaceUpdate(next, stored))).toEqual([['FieldValueInvalid', 'metadata.name']]);
  });
});
