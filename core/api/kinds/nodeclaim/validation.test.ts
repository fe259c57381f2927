import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { generalClaim } from '../nodepool/test-fixtures.ts';
import { summary } from '../support/test-helpers.ts';
import { defaultNodeClaim } from './defaults.ts';
import { validateNodeClaim, validateNodeClaimUpdate } from './validation.ts';

function defaulted(spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}, status?: Record<string, unknown>): KubeObject {
  const claim = generalClaim(spec, meta);
  if (status !== undefined) claim['status'] = status;
  defaultNodeClaim(claim);
  return claim;
}

describe('validateNodeClaim', () => {
  it.each<[string, KubeObject]>([
    ['the provisioner’s claim', defaulted()],
    ['a claim without resources or taints', defaulted({ resources: undefined, taints: undefined })],
    ['an extended resource request', defaulted({ resources: { requests: { 'example.com/gpu': '1' } } })],
    ['a termination grace period', defaulted({ terminationGracePeriod: '1h30m' })],
    [
      'a launched claim’s status',
      defaulted({}, {}, {
        providerID: 'aws:///us-east-1a/i-0abc',
        nodeName: 'ip-10-0-1-7',
        capacity: { cpu: '2', memory: '8Gi', pods: '29' },
        allocatable: { cpu: '1930m', memory: '7Gi', pods: '29' },
        conditions: [{ type: 'Launched', status: 'True', reason: 'Launched', message: '', lastTransitionTime: '2024-05-01T10:00:00Z' }],
      }),
    ],
  ])('accepts %s', (_, claim) => {
    expect(validateNodeClaim(claim)).toEqual([]);
  });

  it.each<[string, KubeObject, string, string]>([
    ['no requirements', defaulted({ requirements: undefined }), 'FieldValueRequired', 'spec.requirements'],
    ['an empty requirement list', defaulted({ requirements: [] }), 'FieldValueRequired', 'spec.requirements'],
    ['an unknown operator', defaulted({ requirements: [{ key: 'k', operator: 'Has' }] }), 'FieldValueNotSupported', 'spec.requirements[0].operator'],
    ['In without values', defaulted({ requirements: [{ key: 'k', operator: 'In' }] }), 'FieldValueRequired', 'spec.requirements[0].values'],
    ['Gt with a fraction', defaulted({ requirements: [{ key: 'k', operator: 'Gt', values: ['1.5'] }] }), 'FieldValueInvalid', 'spec.requirements[0].values[0]'],
    ['a malformed request', defaulted({ resources: { requests: { cpu: 'two' } } }), 'FieldValueInvalid', 'spec.resources.requests[cpu]'],
    ['a negative request', defaulted({ resources: { requests: { memory: '-1Gi' } } }), 'FieldValueInvalid', 'spec.resources.requests[memory]'],
    ['fractional pods', defaulted({ resources: { requests: { pods: '1.5' } } }), 'FieldValueInvalid', 'spec.resources.requests[pods]'],
    ['a bad resource name', defaulted({ resources: { requests: { 'bad name': '1' } } }), 'FieldValueInvalid', 'spec.resources.requests[bad name]'],
    ['a termination grace period that is no duration', defaulted({ terminationGracePeriod: 'soon' }), 'FieldValueInvalid', 'spec.terminationGracePeriod'],
    ['an unknown taint effect', defaulted({ taints: [{ key: 'k', effect: 'Never' }] }), 'FieldValueNotSupported', 'spec.taints[0].effect'],
    ['a duplicate taint', defaulted({ taints: [{ key: 'k', effect: 'NoSchedule' }, { key: 'k', value: 'v', effect: 'NoSchedule' }] }), 'FieldValueDuplicate', 'spec.taints[1]'],
    ['negative capacity', defaulted({}, {}, { capacity: { cpu: '-2' } }), 'FieldValueInvalid', 'status.capacity.cpu'],
    ['a condition without status', defaulted({}, {}, { conditions: [{ type: 'Ready' }] }), 'FieldValueRequired', 'status.conditions[0].status'],
    ['a namespace', defaulted({}, { namespace: 'default' }), 'FieldValueForbidden', 'metadata.namespace'],
    ['a name with an underscore', defaulted({}, { name: 'general_1' }), 'FieldValueInvalid', 'metadata.name'],
    ['requirements as a map', generalClaim({ requirements: { key: 'k' } }), 'FieldValueTypeInvalid', 'spec.requirements'],
  ])('rejects %s', (_, claim, type, field) => {
    expect(summary(validateNodeClaim(claim))).toEqual([[type, field]]);
  });
});

describe('validateNodeClaimUpdate', () => {
  const meta = { resourceVersion: '12', uid: 'u-1', creationTimestamp: '2024-05-01T10:00:00Z' };
  const stored = defaulted({}, meta);

  it.each<[string, KubeObject]>([
    ['a new label and finalizer', defaulted({}, { ...meta, labels: { extra: 'yes' }, finalizers: ['kubernel.dev/termination'] })],
    ['a status the lifecycle controller wrote', defaulted({}, meta, { nodeName: 'ip-10-0-1-7', conditions: [{ type: 'Registered', status: 'True' }] })],
    ['the same requests, written differently', defaulted({ resources: { requests: { cpu: '1.5', memory: '2048Mi', pods: 3 } } }, meta)],
  ])('accepts %s', (_, next) => {
    expect(validateNodeClaimUpdate(next, stored)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['another instance type', { requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6i.2xlarge'] }] }],
    ['more CPU', { resources: { requests: { cpu: '2', memory: '2Gi', pods: '3' } } }],
    ['no taints', { taints: [] }],
  ])('refuses %s: the spec is immutable', (_, spec) => {
    const errs = validateNodeClaimUpdate(defaulted(spec, meta), stored);
    expect(summary(errs)).toEqual([['FieldValueInvalid', 'spec']]);
    expect(errs[0]?.message).toMatch(/^Invalid value: \{"requirements":.*\}: field is immutable$/);
  });
});
