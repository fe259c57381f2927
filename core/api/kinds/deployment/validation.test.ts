import { describe, expect, it } from 'vitest';
import { nginxDeployment, summarize, withChanges } from '../pod/test-fixtures.ts';
import { defaultDeployment } from './defaults.ts';
import { validateDeployment, validateDeploymentUpdate } from './validation.ts';

type Case = [name: string, changes: Array<[string, unknown]>, field: string, type: string, message?: string];

const RU = 'spec.strategy.rollingUpdate';

describe('validateDeployment', () => {
  it('accepts the nginx Deployment from the Kubernetes docs, raw and defaulted', () => {
    expect(validateDeployment(nginxDeployment())).toEqual([]);
    const stored = nginxDeployment();
    defaultDeployment(stored);
    expect(validateDeployment(stored)).toEqual([]);
  });

  it('leaves the validated object untouched', () => {
    const deployment = nginxDeployment();
    validateDeployment(deployment);
    expect(deployment).toEqual(nginxDeployment());
  });

  it.each<Case>([
    ['negative replicas', [['spec.replicas', -1]], 'spec.replicas', 'FieldValueInvalid', 'Invalid value: -1: must be greater than or equal to 0'],
    ['missing selector', [['spec.selector', undefined]], 'spec.selector', 'FieldValueRequired', 'Required value'],
    ['missing selector also selects no template', [['spec.selector', undefined]], 'spec.template.metadata.labels', 'FieldValueInvalid'],
    ['empty selector', [['spec.selector', {}]], 'spec.selector', 'FieldValueInvalid', 'Invalid value: {}: empty selector is invalid for deployment'],
    ['selector not matching the template', [['spec.selector', { matchLabels: { app: 'nginx2' } }]], 'spec.template.metadata.labels', 'FieldValueInvalid', 'Invalid value: {"app":"nginx"}: `selector` does not match template `labels`'],
    ['selector label value invalid', [['spec.selector', { matchLabels: { app: 'not valid' } }]], 'spec.selector.matchLabels', 'FieldValueInvalid'],
    ['template restartPolicy Never', [['spec.template.spec.restartPolicy', 'Never']], 'spec.template.spec.restartPolicy', 'FieldValueNotSupported', 'Unsupported value: "Never": supported values: "Always"'],
    ['maxSurge and maxUnavailable both 0', [['spec.strategy', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }]], `${RU}.maxUnavailable`, 'FieldValueInvalid', 'Invalid value: 0: may not be 0 when `maxSurge` is 0'],
    ['both 0%', [['spec.strategy', { rollingUpdate: { maxSurge: '0%', maxUnavailable: '0%' } }]], `${RU}.maxUnavailable`, 'FieldValueInvalid'],
    ['maxSurge not a percentage', [['spec.strategy', { rollingUpdate: { maxSurge: '25' } }]], `${RU}.maxSurge`, 'FieldValueInvalid', "Invalid value: \"25\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"],
    ['negative maxUnavailable', [['spec.strategy', { rollingUpdate: { maxUnavailable: -1 } }]], `${RU}.maxUnavailable`, 'FieldValueInvalid'],
    ['maxUnavailable over 100%', [['spec.strategy', { rollingUpdate: { maxUnavailable: '150%' } }]], `${RU}.maxUnavailable`, 'FieldValueInvalid', 'Invalid value: "150%": must not be greater than 100%'],
    ['Recreate with rollingUpdate', [['spec.strategy', { type: 'Recreate', rollingUpdate: { maxSurge: 1 } }]], `${RU}`, 'FieldValueForbidden', "Forbidden: may not be specified when strategy `type` is 'Recreate'"],
    ['unknown strategy type', [['spec.strategy', { type: 'BlueGreen' }]], 'spec.strategy', 'FieldValueNotSupported'],
    ['negative minReadySeconds', [['spec.minReadySeconds', -5]], 'spec.minReadySeconds', 'FieldValueInvalid'],
    ['negative revisionHistoryLimit', [['spec.revisionHistoryLimit', -1]], 'spec.revisionHistoryLimit', 'FieldValueInvalid'],
    ['progressDeadlineSeconds not above minReadySeconds', [['spec.minReadySeconds', 600], ['spec.progressDeadlineSeconds', 600]], 'spec.progressDeadlineSeconds', 'FieldValueInvalid', 'Invalid value: 600: must be greater than minReadySeconds'],
    ['default progressDeadlineSeconds below minReadySeconds', [['spec.minReadySeconds', 900]], 'spec.progressDeadlineSeconds', 'FieldValueInvalid'],
    ['template container port invalid', [['spec.template.spec.containers[0].ports[0].containerPort', 0]], 'spec.template.spec.containers[0].ports[0].containerPort', 'FieldValueRequired'],
    ['missing namespace', [['metadata.namespace', undefined]], 'metadata.namespace', 'FieldValueRequired'],
    ['maxSurge a boolean', [['spec.strategy', { rollingUpdate: { maxSurge: true } }]], `${RU}.maxSurge`, 'FieldValueTypeInvalid', 'Invalid value: true: must be an integer or a string'],
  ])('rejects %s', (_name, changes, field, type, message) => {
    const errors = validateDeployment(withChanges(nginxDeployment(), changes));
    expect(summarize(errors)).toContain(`${field}: ${type}`);
    if (message !== undefined) expect(errors.find((e) => e.field === field && e.type === type)?.message).toBe(message);
  });

  it('accepts Recreate, integer surge and zero replicas', () => {
    expect(validateDeployment(withChanges(nginxDeployment(), [['spec.strategy', { type: 'Recreate' }], ['spec.replicas', 0]]))).toEqual([]);
    expect(validateDeployment(withChanges(nginxDeployment(), [['spec.strategy', { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }]]))).toEqual([]);
  });
});

describe('validateDeploymentUpdate', () => {
  const stored = (): ReturnType<typeof nginxDeployment> => {
    const deployment = withChanges(nginxDeployment(), [['metadata.resourceVersion', '12']]);
    defaultDeployment(deployment);
    return deployment;
  };

  it('allows a rolling update of the image and a scale', () => {
    const updated = withChanges(stored(), [['spec.template.spec.containers[0].image', 'nginx:1.16.1'], ['spec.replicas', 5]]);
    expect(validateDeploymentUpdate(updated, stored())).toEqual([]);
  });

  it('forbids changing the selector in apps/v1', () => {
    const updated = withChanges(stored(), [
      ['spec.selector', { matchLabels: { app: 'nginx', tier: 'web' } }],
      ['spec.template.metadata.labels', { app: 'nginx', tier: 'web' }],
    ]);
    const errors = validateDeploymentUpdate(updated, stored());
    expect(summarize(errors)).toEqual(['spec.selector: FieldValueInvalid']);
    expect(errors[0]?.message).toBe('Invalid value: {"matchLabels":{"app":"nginx","tier":"web"}}: field is immutable');
  });

  it('still validates the new spec', () => {
    const updated = withChanges(stored(), [['spec.replicas', -2]]);
    expect(summarize(validateDeploymentUpdate(updated, stored()))).toEqual(['spec.replicas: FieldValueInvalid']);
  });
});
