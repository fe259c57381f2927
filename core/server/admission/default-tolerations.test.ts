import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types/meta.ts';
import { admitDefaultTolerationSeconds } from './default-tolerations.ts';

const pods = { group: '', plural: 'pods' };
const notReady = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
const unreachable = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };

function pod(tolerations?: unknown[]): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [], ...(tolerations === undefined ? {} : { tolerations }) } };
}

function tolerationsAfter(obj: KubeObject, subresource?: string): unknown {
  admitDefaultTolerationSeconds(pods, obj, subresource);
  return (obj['spec'] as { tolerations?: unknown }).tolerations;
}

describe('DefaultTolerationSeconds admission', () => {
  const custom = { key: 'gpu', operator: 'Exists', effect: 'NoSchedule' };
  it.each<[string, unknown[] | undefined, unknown]>([
    ['a pod without tolerations gets both', undefined, [notReady, unreachable]],
    ['other tolerations are kept, the defaults appended', [custom], [custom, notReady, unreachable]],
    ['a not-ready NoExecute toleration keeps its own seconds', [{ ...notReady, tolerationSeconds: 10 }], [{ ...notReady, tolerationSeconds: 10 }, unreachable]],
    ['a toleration of the key for every effect counts', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists' }], [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists' }, notReady]],
    ['a toleration of every key counts for both', [{ operator: 'Exists', effect: 'NoExecute' }], [{ operator: 'Exists', effect: 'NoExecute' }]],
    ['a NoSchedule toleration of the key does not count', [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }], [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' },
      notReady,
      unreachable,
    ]],
  ])('%s', (_what, tolerations, expected) => {
    expect(tolerationsAfter(pod(tolerations))).toEqual(expected);
  });

  it('gives every pod the same frozen toleration objects, which no write changes in place', () => {
    const [first, second] = [tolerationsAfter(pod()), tolerationsAfter(pod())] as unknown[][];
    expect(first?.[0]).toBe(second?.[0]);
    expect(first?.[1]).toBe(second?.[1]);
    expect(Object.isFrozen(first?.[0])).toBe(true);
    expect(first).not.toBe(second);
  });

  it('uses the configured seconds', () => {
    const obj = pod();
    admitDefaultTolerationSeconds(pods, obj, undefined, { notReady: 30, unreachable: 60 });
    expect(obj['spec']).toMatchObject({ tolerations: [{ ...notReady, tolerationSeconds: 30 }, { ...unreachable, tolerationSeconds: 60 }] });
  });

  it('leaves subresources and other kinds alone', () => {
    expect(tolerationsAfter(pod(), 'status')).toBeUndefined();
    const deployment = pod();
    admitDefaultTolerationSeconds({ group: 'apps', plural: 'deployments' }, deployment, undefined);
    expect(deployment['spec']).not.toHaveProperty('tolerations');
  });
});
