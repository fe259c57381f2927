import { describe, expect, it } from 'vitest';
import { frontendReplicaSet, summarize, withChanges } from '../pod/test-fixtures.ts';
import { defaultReplicaSet } from './defaults.ts';
import { validateReplicaSet, validateReplicaSetUpdate } from './validation.ts';

type Case = [name: string, changes: Array<[string, unknown]>, field: string, type: string, message?: string];

describe('validateReplicaSet', () => {
  it('accepts the frontend ReplicaSet from the Kubernetes docs, raw and defaulted', () => {
    expect(validateReplicaSet(frontendReplicaSet())).toEqual([]);
    const stored = frontendReplicaSet();
    defaultReplicaSet(stored);
    expect(validateReplicaSet(stored)).toEqual([]);
  });

  it.each<Case>([
    ['negative replicas', [['spec.replicas', -1]], 'spec.replicas', 'FieldValueInvalid', 'Invalid value: -1: must be greater than or equal to 0'],
    ['negative minReadySeconds', [['spec.minReadySeconds', -1]], 'spec.minReadySeconds', 'FieldValueInvalid'],
    ['missing selector', [['spec.selector', undefined]], 'spec.selector', 'FieldValueRequired'],
    ['empty selector (Kubernetes says deployment here too)', [['spec.selector', {}]], 'spec.selector', 'FieldValueInvalid', 'Invalid value: {}: empty selector is invalid for deployment'],
    ['selector not matching the template', [['spec.selector', { matchLabels: { tier: 'backend' } }]], 'spec.template.metadata.labels', 'FieldValueInvalid', 'Invalid value: {"tier":"frontend"}: `selector` does not match template `labels`'],
    ['selector with an invalid operator', [['spec.selector', { matchExpressions: [{ key: 'tier', operator: 'Is', values: ['x'] }] }]], 'spec.selector', 'FieldValueInvalid'],
    ['restartPolicy Never', [['spec.template.spec.restartPolicy', 'Never']], 'spec.template.spec.restartPolicy', 'FieldValueNotSupported', 'Unsupported value: "Never": supported values: "Always"'],
    ['activeDeadlineSeconds in the template', [['spec.template.spec.activeDeadlineSeconds', 10]], 'spec.template.spec.activeDeadlineSeconds', 'FieldValueForbidden', 'Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported'],
    ['template container without image', [['spec.template.spec.containers[0].image', undefined]], 'spec.template.spec.containers[0].image', 'FieldValueRequired'],
    ['template label key invalid', [['spec.template.metadata.labels', { tier: 'frontend', 'bad key': 'x' }]], 'spec.template.labels', 'FieldValueInvalid'],
    ['name not a subdomain', [['metadata.name', 'Frontend']], 'metadata.name', 'FieldValueInvalid'],
    ['replicas a string', [['spec.replicas', 'three']], 'spec.replicas', 'FieldValueTypeInvalid', 'Invalid value: "three": must be of type integer'],
  ])('rejects %s', (_name, changes, field, type, message) => {
    const errors = validateReplicaSet(withChanges(frontendReplicaSet(), changes));
    expect(summarize(errors)).toContain(`${field}: ${type}`);
    if (message !== undefined) expect(errors.find((e) => e.field === field && e.type === type)?.message).toBe(message);
  });

  it('matches set-based selectors against the template labels', () => {
    const rs = withChanges(frontendReplicaSet(), [['spec.selector', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'web'] }] }]]);
    expect(validateReplicaSet(rs)).toEqual([]);
  });
});

describe('validateReplicaSetUpdate', () => {
  const stored = (): ReturnType<typeof frontendReplicaSet> => withChanges(frontendReplicaSet(), [['metadata.resourceVersion', '3']]);

  it('allows scaling and template changes', () => {
    const updated = withChanges(stored(), [['spec.replicas', 10], ['spec.template.spec.containers[0].image', 'gb-frontend:v6']]);
    expect(validateReplicaSetUpdate(updated, stored())).toEqual([]);
  });

  it('forbids changing the selector', () => {
    const updated = withChanges(stored(), [
      ['spec.selector', { matchLabels: { tier: 'frontend', track: 'stable' } }],
      ['spec.template.metadata.labels', { tier: 'frontend', track: 'stable' }],
    ]);
    const errors = validateReplicaSetUpdate(updated, stored());
    expect(summarize(errors)).toEqual(['spec.selector: FieldValueInvalid']);
    expect(errors[0]?.message).toMatch(/: field is immutable$/);
  });
});
