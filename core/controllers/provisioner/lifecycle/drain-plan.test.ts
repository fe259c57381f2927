import { describe, expect, it } from 'vitest';
import type { KubeObject, ObjectMeta } from '../../../api/types/meta.ts';
import { drainPlan } from './drain-plan.ts';

function pod(name: string, meta: Partial<ObjectMeta> = {}, phase = 'Running'): KubeObject {
  return { metadata: { name, namespace: 'default', ...meta }, spec: { nodeName: 'n1' }, status: { phase } };
}

describe('drainPlan', () => {
  it.each<[string, KubeObject, 'evict' | 'terminating' | 'stays']>([
    ['a ReplicaSet pod is evicted', pod('web', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'u', controller: true }] }), 'evict'],
    ['a DaemonSet pod stays', pod('ds', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds', uid: 'u', controller: true }] }), 'stays'],
    ['a mirror pod stays', pod('static', { annotations: { 'kubernetes.io/config.mirror': 'abc' } }), 'stays'],
    ['a finished pod has nothing to move', pod('job', {}, 'Succeeded'), 'stays'],
    ['a terminating pod is waited for', pod('going', { deletionTimestamp: '2025-01-01T00:00:00Z' }), 'terminating'],
  ])('%s', (_what, p, expected) => {
    const plan = drainPlan([p]);
    expect({ evict: plan.evict.length, terminating: plan.terminating.length }).toEqual({
      evict: expected === 'evict' ? 1 : 0,
      terminating: expected === 'terminating' ? 1 : 0,
    });
  });
});
