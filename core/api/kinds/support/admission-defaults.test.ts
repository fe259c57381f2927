import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { admissionDefaults, defaultedView } from './admission-defaults.ts';

/** a stand-in kind's defaulting: replicas 1 when unset */
const defaultReplicas = (obj: KubeObject): void => {
  const spec = (obj['spec'] ??= {}) as Record<string, unknown>;
  spec['replicas'] ??= 1;
};
const admit = admissionDefaults(defaultReplicas);
const manifest = (): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: {} });

describe('defaultedView', () => {
  it('reads the object admission has just defaulted as it is, without a copy', () => {
    const admitted = manifest();
    admit(admitted);
    expect(defaultedView(admitted, defaultReplicas)).toBe(admitted);
  });

  it('judges anything else by a defaulted copy and leaves the object alone', () => {
    const raw = manifest();
    const view = defaultedView(raw, defaultReplicas);
    expect(view).not.toBe(raw);
    expect(view['spec']).toEqual({ replicas: 1 });
    expect(raw['spec']).toEqual({});
  });

  it('gives an object defaulted before the last one a copy with the same verdict', () => {
    const first = manifest();
    admit(first);
    admit(manifest());
    const view = defaultedView(first, defaultReplicas);
    expect(view).not.toBe(first);
    expect(view).toEqual(first);
  });
});
