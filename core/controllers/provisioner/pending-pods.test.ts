import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types/meta.ts';
import { isProvisionable } from './pending-pods.ts';

const unschedulable = { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available' }] };

function pod(overrides: Partial<KubeObject> & { spec?: Record<string, unknown>; status?: Record<string, unknown> } = {}): KubeObject {
  return { metadata: { name: 'web-1', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox' }] }, status: { phase: 'Pending', ...unschedulable }, ...overrides };
}

describe('isProvisionable', () => {
  it.each<[string, KubeObject, boolean]>([
    ['a pod the scheduler found no node for', pod(), true],
    ['a pod not yet tried by the scheduler', pod({ status: { phase: 'Pending' } }), false],
    ['a pod with no node at all to go to', pod({ status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulerError', message: 'no nodes available to schedule pods' }] } }), true],
    ['a pod that failed scheduling for another reason', pod({ status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulerError' }] } }), false],
    ['a bound pod', pod({ spec: { nodeName: 'n1', containers: [] } }), false],
    ['a terminating pod', pod({ metadata: { name: 'web-1', namespace: 'default', deletionTimestamp: '2026-01-01T00:00:00Z' } }), false],
    ['a finished pod', pod({ status: { phase: 'Failed', ...unschedulable } }), false],
    [
      'a DaemonSet pod',
      pod({ metadata: { name: 'ds-1', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds', uid: 'u', controller: true }] } }),
      false,
    ],
  ])('%s → %s', (_name, object, expected) => {
    expect(isProvisionable(object)).toBe(expected);
  });
});
