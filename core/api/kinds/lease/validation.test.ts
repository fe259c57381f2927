import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { summary } from '../support/test-helpers.ts';
import { defaultLease } from './defaults.ts';
import { validateLease, validateLeaseUpdate } from './validation.ts';

function lease(spec: Record<string, unknown> | undefined, meta: Record<string, unknown> = {}): KubeObject {
  const obj: KubeObject = {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'kube-controller-manager', namespace: 'kube-system', ...meta },
  };
  if (spec !== undefined) obj['spec'] = spec;
  return obj;
}

/** A leader-election lease as kube-controller-manager keeps it. */
const leaderLease = {
  holderIdentity: 'control-plane_7b3c1f6e-2a4d-4c55-9a8f-2c1d1f3e4b5a',
  leaseDurationSeconds: 15,
  acquireTime: '2024-05-01T10:00:00.000000Z',
  renewTime: '2024-05-01T10:05:00.123456Z',
  leaseTransitions: 3,
};

describe('defaultLease', () => {
  it('changes nothing', () => {
    const obj = lease(leaderLease);
    defaultLease(obj);
    expect(obj).toEqual(lease(leaderLease));
  });
});

describe('validateLease', () => {
  it.each([
    ['a leader-election lease', lease(leaderLease)],
    ['a node heartbeat lease', lease({ holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2024-05-01T10:05:00Z' }, { name: 'node-1', namespace: 'kube-node-lease' })],
    ['an empty lease', lease(undefined)],
    ['a coordinated lease', lease({ strategy: 'OldestEmulationVersion', preferredHolder: 'apiserver-a' })],
    ['a vendor strategy', lease({ strategy: 'example.com/newest' })],
  ])('accepts %s', (_, obj) => {
    expect(validateLease(obj)).toEqual([]);
  });

  it.each([
    ['a zero duration', lease({ leaseDurationSeconds: 0 }), 'FieldValueInvalid', 'spec.leaseDurationSeconds'],
    ['negative transitions', lease({ leaseTransitions: -1 }), 'FieldValueInvalid', 'spec.leaseTransitions'],
    ['a duration as text', lease({ leaseDurationSeconds: '15' }), 'FieldValueTypeInvalid', 'spec.leaseDurationSeconds'],
    ['a renewTime that is no time', lease({ renewTime: 'yesterday' }), 'FieldValueTypeInvalid', 'spec.renewTime'],
    ['a numeric holder', lease({ holderIdentity: 42 }), 'FieldValueTypeInvalid', 'spec.holderIdentity'],
    ['an unknown strategy', lease({ strategy: 'Newest' }), 'FieldValueNotSupported', 'spec.strategy.strategy'],
    ['a preferred holder without strategy', lease({ preferredHolder: 'a' }), 'FieldValueForbidden', 'spec.preferredHolder'],
    ['no namespace', lease({}, { namespace: '' }), 'FieldValueRequired', 'metadata.namespace'],
  ])('rejects %s', (_, obj, type, field) => {
    expect(summary(validateLease(obj))).toEqual([[type, field]]);
  });

  it('words the duration error as Kubernetes does', () => {
    expect(validateLease(lease({ leaseDurationSeconds: -5 }))[0]?.message).toBe('Invalid value: -5: must be greater than 0');
  });
});

describe('validateLeaseUpdate', () => {
  const meta = { resourceVersion: '10', uid: 'u' };

  it('accepts a renewal', () => {
    const next = lease({ ...leaderLease, renewTime: '2024-05-01T10:05:10Z' }, meta);
    expect(validateLeaseUpdate(next, lease(leaderLease, meta))).toEqual([]);
  });

  it('still applies the spec rules', () => {
    const next = lease({ ...leaderLease, leaseTransitions: -2 }, meta);
    expect(summary(validateLeaseUpdate(next, lease(leaderLease, meta)))).toEqual([['FieldValueInvalid', 'spec.leaseTransitions']]);
  });
});
