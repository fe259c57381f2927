import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { summary } from '../support/test-helpers.ts';
import { defaultNodePool } from './defaults.ts';
import { generalPool } from './test-fixtures.ts';
import { validateNodePool, validateNodePoolUpdate } from './validation.ts';

function defaulted(spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject {
  const pool = generalPool(spec, meta);
  defaultNodePool(pool);
  return pool;
}

const requirement = (req: Record<string, unknown>): Record<string, unknown> => ({ template: { spec: { requirements: [req] } } });
const budgets = (...nodes: string[]): Record<string, unknown> => ({ disruption: { budgets: nodes.map((n) => ({ nodes: n })) } });

describe('validateNodePool', () => {
  it.each<[string, KubeObject]>([
    ['the general pool', defaulted()],
    ['a bare pool', defaulted({ template: undefined, limits: undefined, min: undefined, max: undefined, options: undefined })],
    ['an out-of-tree provider', defaulted({ provider: 'acme/metal-2' })],
    ['min equal to max', defaulted({ min: 3, max: 3 })],
    ['weight 1', defaulted({ weight: 1 })],
    ['weight 100', defaulted({ weight: 100 })],
    ['a Lt requirement', defaulted(requirement({ key: 'example.com/cores', operator: 'Lt', values: ['-2'] }))],
    ['a NotIn requirement', defaulted(requirement({ key: 'topology.kubernetes.io/zone', operator: 'NotIn', values: ['us-east-1c'] }))],
    ['an Exists requirement', defaulted(requirement({ key: 'kubernetes.io/arch', operator: 'Exists' }))],
    ['consolidation never', defaulted({ disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: 'Never' } })],
    ['consolidation after 1m30s', defaulted({ disruption: { consolidateAfter: '1m30s' } })],
    ['budgets of 0%, 100% and 5', defaulted(budgets('0%', '100%', '5'))],
    ['millicore and numeric limits', defaulted({ limits: { cpu: '1500m', memory: 1073741824 } })],
  ])('accepts %s', (_, pool) => {
    expect(validateNodePool(pool)).toEqual([]);
  });

  it('accepts a status the provisioner reported', () => {
    const pool = defaulted();
    pool['status'] = {
      resources: { cpu: '8', memory: '32Gi', pods: '220', nodes: '2' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: '', lastTransitionTime: '2024-05-01T10:00:00Z' }],
    };
    expect(validateNodePool(pool)).toEqual([]);
  });

  it.each<[string, KubeObject, string, string]>([
    ['no provider', defaulted({ provider: undefined }), 'FieldValueRequired', 'spec.provider'],
    ['an uppercase provider', defaulted({ provider: 'AWS' }), 'FieldValueInvalid', 'spec.provider'],
    ['a provider ending in /', defaulted({ provider: 'acme/' }), 'FieldValueInvalid', 'spec.provider'],
    ['an unknown operator', defaulted(requirement({ key: 'k', operator: 'Within', values: ['a'] })), 'FieldValueNotSupported', 'spec.template.spec.requirements[0].operator'],
    ['no operator', defaulted(requirement({ key: 'k' })), 'FieldValueRequired', 'spec.template.spec.requirements[0].operator'],
    ['In without values', defaulted(requirement({ key: 'k', operator: 'In' })), 'FieldValueRequired', 'spec.template.spec.requirements[0].values'],
    ['NotIn with an empty list', defaulted(requirement({ key: 'k', operator: 'NotIn', values: [] })), 'FieldValueRequired', 'spec.template.spec.requirements[0].values'],
    ['Exists with values', defaulted(requirement({ key: 'k', operator: 'Exists', values: ['a'] })), 'FieldValueForbidden', 'spec.template.spec.requirements[0].values'],
    ['Gt with two values', defaulted(requirement({ key: 'k', operator: 'Gt', values: ['1', '2'] })), 'FieldValueRequired', 'spec.template.spec.requirements[0].values'],
    ['Lt with a word', defaulted(requirement({ key: 'k', operator: 'Lt', values: ['four'] })), 'FieldValueInvalid', 'spec.template.spec.requirements[0].values[0]'],
    ['a bad requirement key', defaulted(requirement({ key: 'bad key', operator: 'Exists' })), 'FieldValueInvalid', 'spec.template.spec.requirements[0].key'],
    ['a bad In value', defaulted(requirement({ key: 'k', operator: 'In', values: ['a b'] })), 'FieldValueInvalid', 'spec.template.spec.requirements[0].values[0]'],
    ['an unknown taint effect', defaulted({ template: { spec: { taints: [{ key: 'k', effect: 'NoAdmit' }] } } }), 'FieldValueNotSupported', 'spec.template.spec.taints[0].effect'],
    ['a taint without effect', defaulted({ template: { spec: { taints: [{ key: 'k' }] } } }), 'FieldValueRequired', 'spec.template.spec.taints[0].effect'],
    ['a bad label key', defaulted({ template: { metadata: { labels: { 'bad key': 'x' } } } }), 'FieldValueInvalid', 'spec.template.metadata.labels'],
    ['a bad label value', defaulted({ template: { metadata: { labels: { team: 'a b' } } } }), 'FieldValueInvalid', 'spec.template.metadata.labels'],
    ['a bad annotation key', defaulted({ template: { metadata: { annotations: { '/x': 'y' } } } }), 'FieldValueInvalid', 'spec.template.metadata.annotations'],
    ['a malformed cpu limit', defaulted({ limits: { cpu: 'lots' } }), 'FieldValueInvalid', 'spec.limits.cpu'],
    ['a negative memory limit', defaulted({ limits: { memory: '-1Gi' } }), 'FieldValueInvalid', 'spec.limits.memory'],
    ['min above max', defaulted({ min: 5, max: 3 }), 'FieldValueInvalid', 'spec.max'],
    ['a negative min', defaulted({ min: -1, max: undefined }), 'FieldValueInvalid', 'spec.min'],
    ['a negative max', defaulted({ min: undefined, max: -1 }), 'FieldValueInvalid', 'spec.max'],
    ['weight 0', defaulted({ weight: 0 }), 'FieldValueInvalid', 'spec.weight'],
    ['weight 101', defaulted({ weight: 101 }), 'FieldValueInvalid', 'spec.weight'],
    ['an unknown policy', defaulted({ disruption: { consolidationPolicy: 'Always' } }), 'FieldValueNotSupported', 'spec.disruption.consolidationPolicy'],
    ['a duration without unit', defaulted({ disruption: { consolidateAfter: '30' } }), 'FieldValueInvalid', 'spec.disruption.consolidateAfter'],
    ['a negative duration', defaulted({ disruption: { consolidateAfter: '-1m' } }), 'FieldValueInvalid', 'spec.disruption.consolidateAfter'],
    ['a budget above 100%', defaulted(budgets('101%')), 'FieldValueInvalid', 'spec.disruption.budgets[0].nodes'],
    ['a negative budget', defaulted(budgets('-1')), 'FieldValueInvalid', 'spec.disruption.budgets[0].nodes'],
    ['an empty budget', defaulted(budgets('')), 'FieldValueRequired', 'spec.disruption.budgets[0].nodes'],
    ['a fractional budget', defaulted(budgets('2.5')), 'FieldValueInvalid', 'spec.disruption.budgets[0].nodes'],
    ['a namespace', defaulted({}, { namespace: 'default' }), 'FieldValueForbidden', 'metadata.namespace'],
    ['an uppercase name', defaulted({}, { name: 'General' }), 'FieldValueInvalid', 'metadata.name'],
    ['a name too long for a label', defaulted({}, { name: 'p'.repeat(64) }), 'FieldValueInvalid', 'metadata.name'],
    ['min as text', generalPool({ min: '1' }), 'FieldValueTypeInvalid', 'spec.min'],
    ['options as a list', generalPool({ options: ['a'] }), 'FieldValueTypeInvalid', 'spec.options'],
  ])('rejects %s', (_, pool, type, field) => {
    expect(summary(validateNodePool(pool))).toEqual([[type, field]]);
  });

  it('rejects a status condition without type or with an odd status', () => {
    const pool = defaulted();
    pool['status'] = { conditions: [{ status: 'True' }, { type: 'Ready', status: 'Yes' }] };
    expect(summary(validateNodePool(pool))).toEqual([
      ['FieldValueRequired', 'status.conditions[0].type'],
      ['FieldValueNotSupported', 'status.conditions[1].status'],
    ]);
  });

  it.each<[string, KubeObject, string]>([
    ['min above max', defaulted({ min: 5, max: 3 }), 'Invalid value: 3: must be greater than or equal to `min`'],
    [
      'an unknown operator',
      defaulted(requirement({ key: 'k', operator: 'Within', values: ['a'] })),
      'Unsupported value: "Within": supported values: "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"',
    ],
    ['In without values', defaulted(requirement({ key: 'k', operator: 'In' })), "Required value: must be specified when `operator` is 'In' or 'NotIn'"],
    ['Lt with a word', defaulted(requirement({ key: 'k', operator: 'Lt', values: ['four'] })), 'Invalid value: "four": must be an integer'],
    ['a bad duration', defaulted({ disruption: { consolidateAfter: '5 minutes' } }), 'Invalid value: "5 minutes": must be a duration such as "30s" or "1m30s", or "Never"'],
    ['a budget above 100%', defaulted(budgets('150%')), 'Invalid value: "150%": must be a non-negative integer or a percentage from "0%" to "100%"'],
    ['weight 0', defaulted({ weight: 0 }), 'Invalid value: 0: must be between 1 and 100, inclusive'],
    [
      'an uppercase provider',
      defaulted({ provider: 'AWS' }),
      "Invalid value: \"AWS\": a provider name must consist of lower case alphanumeric characters, '-' or '/', and must start and end with an alphanumeric character (e.g. 'aws',  or 'example/cloud', regex used for validation is '[a-z0-9]([-a-z0-9/]*[a-z0-9])?')",
    ],
  ])('words %s as Kubernetes would', (_, pool, message) => {
    expect(validateNodePool(pool)[0]?.message).toBe(message);
  });
});

describe('validateNodePoolUpdate', () => {
  const meta = { resourceVersion: '7', uid: 'u-1', creationTimestamp: '2024-05-01T10:00:00Z' };

  it('lets the spec change: a pool is reconfigured in place', () => {
    const next = defaulted({ provider: 'aws', max: 20, weight: 50, disruption: { consolidationPolicy: 'WhenEmpty' } }, meta);
    expect(validateNodePoolUpdate(next, defaulted({}, meta))).toEqual([]);
  });

  it('still applies the create rules', () => {
    expect(summary(validateNodePoolUpdate(defaulted({ min: 4, max: 2 }, meta), defaulted({}, meta)))).toEqual([['FieldValueInvalid', 'spec.max']]);
  });

  it('refuses a rename', () => {
    expect(summary(validateNodePoolUpdate(defaulted({}, { ...meta, name: 'other' }), defaulted({}, meta)))).toEqual([
      ['FieldValueInvalid', 'metadata.name'],
    ]);
  });
});
