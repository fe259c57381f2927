import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { prepareNamespaceForUpdate } from './prepare-update.ts';

const ns = (spec?: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' }, ...(spec === undefined ? {} : { spec }) });

describe('prepareNamespaceForUpdate', () => {
  it.each<[string, KubeObject, KubeObject, unknown]>([
    ['a dropped finalizer comes back', ns({ finalizers: [] }), ns({ finalizers: ['kubernetes'] }), { finalizers: ['kubernetes'] }],
    ['a missing spec gets the stored finalizers', ns(), ns({ finalizers: ['kubernetes'] }), { finalizers: ['kubernetes'] }],
    ['an added finalizer is ignored', ns({ finalizers: ['kubernetes', 'example.com/x'] }), ns({ finalizers: ['kubernetes'] }), { finalizers: ['kubernetes'] }],
    ['a finalized namespace stays finalized', ns({ finalizers: ['kubernetes'] }), ns({}), {}],
  ])('%s', (_name, obj, old, spec) => {
    prepareNamespaceForUpdate(obj, old);
    expect(obj['spec']).toEqual(spec);
  });
});
