import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { summary } from '../support/test-helpers.ts';
import { isValidPathSegmentName, validatePodDisruptionBudget, validatePodDisruptionBudgetUpdate } from './validation.ts';

function budget(spec: Record<string, unknown>, meta: Record<string, unknown> = {}, status?: Record<string, unknown>): KubeObject {
  const obj: KubeObject = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web-pdb', namespace: 'default', ...meta },
    spec,
  };
  if (status !== undefined) obj['status'] = status;
  return obj;
}

const selector = { matchLabels: { app: 'web' } };

describe('validatePodDisruptionBudget', () => {
  it.each([
    ['minAvailable as a count', { minAvailable: 2, selector }],
    ['minAvailable as a percentage', { minAvailable: '50%', selector }],
    ['maxUnavailable 0', { maxUnavailable: 0, selector }],
    ['maxUnavailable 100%', { maxUnavailable: '100%', selector }],
    ['an empty selector (every pod)', { minAvailable: 1, selector: {} }],
    ['no selector at all', { minAvailable: 1 }],
    ['a set-based selector', { maxUnavailable: 1, selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] } }],
    ['AlwaysAllow', { minAvailable: 1, selector, unhealthyPodEvictionPolicy: 'AlwaysAllow' }],
    ['IfHealthyBudget', { minAvailable: 1, selector, unhealthyPodEvictionPolicy: 'IfHealthyBudget' }],
    ['neither bound (no disruption allowed)', { selector }],
  ])('accepts %s', (_, spec) => {
    expect(validatePodDisruptionBudget(budget(spec))).toEqual([]);
  });

  it.each([
    ['both bounds', { minAvailable: 1, maxUnavailable: 1, selector }, [['FieldValueInvalid', 'spec']]],
    ['a negative minAvailable', { minAvailable: -1, selector }, [['FieldValueInvalid', 'spec.minAvailable']]],
    ['a negative maxUnavailable', { maxUnavailable: -3, selector }, [['FieldValueInvalid', 'spec.maxUnavailable']]],
    ['minAvailable over 100%', { minAvailable: '101%', selector }, [['FieldValueInvalid', 'spec.minAvailable']]],
    ['maxUnavailable as text', { maxUnavailable: 'two', selector }, [['FieldValueInvalid', 'spec.maxUnavailable']]],
    ['a negative percentage', { minAvailable: '-5%', selector }, [['FieldValueInvalid', 'spec.minAvailable']]],
    ['a bad selector operator', { minAvailable: 1, selector: { matchExpressions: [{ key: 'a', operator: 'Is' }] } }, [['FieldValueInvalid', 'spec.selector.matchExpressions[0].operator']]],
    ['a bad selector label value', { minAvailable: 1, selector: { matchLabels: { app: 'no spaces' } } }, [['FieldValueInvalid', 'spec.selector.matchLabels']]],
    ['an unknown eviction policy', { minAvailable: 1, selector, unhealthyPodEvictionPolicy: 'Never' }, [['FieldValueNotSupported', 'spec.unhealthyPodEvictionPolicy']]],
    ['a boolean minAvailable', { minAvailable: true, selector }, [['FieldValueTypeInvalid', 'spec.minAvailable']]],
  ])('rejects %s', (_, spec, expected) => {
    expect(summary(validatePodDisruptionBudget(budget(spec)))).toEqual(expected);
  });

  it('words the both-bounds error as Kubernetes does', () => {
    const [error] = validatePodDisruptionBudget(budget({ minAvailable: 1, maxUnavailable: '10%', selector }));
    expect(error?.message).toMatch(/^Invalid value: .*: minAvailable and maxUnavailable cannot be both set$/);
  });

  it.each([
    ['over 100%', { maxUnavailable: '150%' }, 'Invalid value: "150%": must not be greater than 100%'],
    ['negative', { minAvailable: -2 }, 'Invalid value: -2: must be greater than or equal to 0'],
    ['not a percentage', { minAvailable: 'half' }, `Invalid value: "half": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`],
    ['an unknown policy', { unhealthyPodEvictionPolicy: 'Never' }, 'Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"'],
  ])('words %s as Kubernetes does', (_, spec, message) => {
    expect(validatePodDisruptionBudget(budget({ selector, ...spec }))[0]?.message).toBe(message);
  });

  it('requires a namespace and takes any name that fits in a URL path', () => {
    expect(summary(validatePodDisruptionBudget(budget({ selector }, { namespace: '' })))).toEqual([['FieldValueRequired', 'metadata.namespace']]);
    expect(validatePodDisruptionBudget(budget({ selector }, { name: 'Web_PDB' }))).toEqual([]);
    expect(summary(validatePodDisruptionBudget(budget({ selector }, { name: 'a/b' })))).toEqual([['FieldValueInvalid', 'metadata.name']]);
  });
});

describe('isValidPathSegmentName', () => {
  it.each([
    ['web', []],
    ['.', ["may not be '.'"]],
    ['..', ["may not be '..'"]],
    ['a/b%c', ["may not contain '/'", "may not contain '%'"]],
  ])('%s', (name, problems) => {
    expect(isValidPathSegmentName(name)).toEqual(problems);
  });
});

describe('validatePodDisruptionBudgetUpdate', () => {
  const meta = { resourceVersion: '7', uid: 'u-1', generation: 1 };
  const status = { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 };

  it('lets the spec change, as policy/v1 does', () => {
    const old = budget({ minAvailable: 2, selector }, meta, status);
    expect(validatePodDisruptionBudgetUpdate(budget({ maxUnavailable: '25%', selector }, meta, status), old)).toEqual([]);
  });

  it('keeps accepting a selector value the stored budget already had', () => {
    const odd = { matchExpressions: [{ key: 'app', operator: 'In', values: ['not valid!'] }] };
    const old = budget({ minAvailable: 1, selector: odd }, meta, status);
    expect(validatePodDisruptionBudgetUpdate(budget({ minAvailable: 2, selector: odd }, meta, status), old)).toEqual([]);
    expect(summary(validatePodDisruptionBudget(budget({ minAvailable: 2, selector: odd })))).toEqual([['FieldValueInvalid', 'spec.selector.matchExpressions[0].values[0]']]);
  });

  it.each([
    ['a negative disruptionsAllowed', { ...status, disruptionsAllowed: -1 }, [['FieldValueInvalid', 'status.disruptionsAllowed']]],
    ['a negative expectedPods', { ...status, expectedPods: -1 }, [['FieldValueInvalid', 'status.expectedPods']]],
    [
      'a condition without reason or time',
      { ...status, conditions: [{ type: 'DisruptionAllowed', status: 'True', message: '' }] },
      [['FieldValueRequired', 'status.conditions[0].lastTransitionTime'], ['FieldValueRequired', 'status.conditions[0].reason']],
    ],
    [
      'a condition with an odd status and reason',
      { ...status, conditions: [{ type: 'DisruptionAllowed', status: 'Yes', reason: 'no spaces', lastTransitionTime: '2024-06-01T12:00:00Z' }] },
      [['FieldValueNotSupported', 'status.conditions[0].status'], ['FieldValueInvalid', 'status.conditions[0].reason']],
    ],
    [
      'a repeated condition type',
      {
        ...status,
        conditions: [
          { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', lastTransitionTime: '2024-06-01T12:00:00Z' },
          { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', lastTransitionTime: '2024-06-01T12:00:00Z' },
        ],
      },
      [['FieldValueDuplicate', 'status.conditions[1].type']],
    ],
    ['a disruptedPods time that is no time', { ...status, disruptedPods: { 'web-1': 'soon' } }, [['FieldValueTypeInvalid', 'status.disruptedPods[web-1]']]],
  ])('rejects a status write with %s', (_, next, expected) => {
    const old = budget({ minAvailable: 2, selector }, meta, status);
    expect(summary(validatePodDisruptionBudgetUpdate(budget({ minAvailable: 2, selector }, meta, next), old))).toEqual(expected);
  });

  it('accepts the status the disruption controller writes', () => {
    const old = budget({ minAvailable: 2, selector }, meta, status);
    const next = {
      ...status,
      observedGeneration: 1,
      disruptedPods: { 'web-1': '2024-06-01T12:00:00Z' },
      conditions: [{ type: 'DisruptionAllowed', status: 'True', observedGeneration: 1, reason: 'SufficientPods', message: '', lastTransitionTime: '2024-06-01T12:00:00Z' }],
    };
    expect(validatePodDisruptionBudgetUpdate(budget({ minAvailable: 2, selector }, meta, next), old)).toEqual([]);
  });
});
