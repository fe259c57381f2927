import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { defaultPod } from './defaults.ts';
import { nginxPod, summarize, withChanges } from './test-fixtures.ts';
import { validatePodStatusUpdate, validatePodUpdate } from './validation.ts';

/** A pod as stored: defaulted, with a resourceVersion. */
function storedPod(changes: Array<[string, unknown]> = []): KubeObject {
  const pod = withChanges(nginxPod(), [['metadata.resourceVersion', '7'], ...changes]);
  defaultPod(pod);
  return pod;
}

type Case = [name: string, changes: Array<[string, unknown]>, field: string, type: string, message?: string];

describe('validatePodUpdate', () => {
  it('accepts an unchanged pod, raw or defaulted', () => {
    const old = storedPod();
    expect(validatePodUpdate(storedPod(), old)).toEqual([]);
    expect(validatePodUpdate(withChanges(nginxPod(), [['metadata.resourceVersion', '7']]), old)).toEqual([]);
  });

  it.each<[string, Array<[string, unknown]>]>([
    ['container image', [['spec.containers[0].image', 'nginx:1.25']]],
    ['init container image', [['spec.initContainers[0].image', 'busybox:1.37']]],
    ['activeDeadlineSeconds set', [['spec.activeDeadlineSeconds', 300]]],
    ['a new toleration', [['spec.tolerations', [{ key: 'a', operator: 'Exists' }]]]],
    ['labels and annotations', [['metadata.labels', { app: 'nginx', tier: 'web' }], ['metadata.annotations', { note: 'x' }]]],
  ])('allows changing %s', (_name, changes) => {
    const old = storedPod([['spec.initContainers', [{ name: 'init', image: 'busybox:1.36' }]]]);
    const updated = withChanges(old, changes);
    expect(validatePodUpdate(updated, old)).toEqual([]);
  });

  it('forbids other spec changes with the message Kubernetes uses', () => {
    const old = storedPod();
    const errors = validatePodUpdate(withChanges(old, [['spec.containers[0].ports[0].containerPort', 8080]]), old);
    expect(summarize(errors)).toEqual(['spec: FieldValueForbidden']);
    expect(errors[0]?.message).toMatch(
      /^Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`,`spec.initContainers\[\*\].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` \(only additions to existing tolerations\),`spec.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n/,
    );
    expect(errors[0]?.message).toContain('containers[0].ports[0].containerPort');
  });

  it.each<Case>([
    ['adding a container', [['spec.containers[1]', { name: 'sidecar', image: 'busybox' }]], 'spec.containers', 'FieldValueForbidden', 'Forbidden: pod updates may not add or remove containers'],
    ['clearing an image', [['spec.containers[0].image', '']], 'spec.containers[0].image', 'FieldValueRequired'],
    ['raising activeDeadlineSeconds', [['spec.activeDeadlineSeconds', 600]], 'spec.activeDeadlineSeconds', 'FieldValueInvalid', 'Invalid value: 600: must be less than or equal to previous value'],
    ['removing activeDeadlineSeconds', [['spec.activeDeadlineSeconds', undefined]], 'spec.activeDeadlineSeconds', 'FieldValueInvalid', 'Invalid value: null: must not update from a positive integer to nil value'],
    ['changing a toleration', [['spec.tolerations', [{ key: 'a', operator: 'Exists', effect: 'NoSchedule' }]]], 'spec.tolerations', 'FieldValueForbidden', 'Forbidden: existing toleration can not be modified except its tolerationSeconds'],
    ['adding a scheduling gate', [['spec.schedulingGates', [{ name: 'example.com/new' }]]], 'spec.schedulingGates[0].name', 'FieldValueForbidden'],
    ['changing the name', [['metadata.name', 'other']], 'metadata.name', 'FieldValueInvalid', 'Invalid value: "other": field is immutable'],
    ['adding the mirror annotation', [['metadata.annotations', { 'kubernetes.io/config.mirror': 'x' }], ['spec.nodeName', 'n1']], 'metadata.annotations[kubernetes.io/config.mirror]', 'FieldValueForbidden'],
  ])('rejects %s', (_name, changes, field, type, message) => {
    const old = storedPod([['spec.activeDeadlineSeconds', 300], ['spec.tolerations', [{ key: 'a', operator: 'Exists' }]]]);
    const errors = validatePodUpdate(withChanges(old, changes), old);
    expect(summarize(errors)).toContain(`${field}: ${type}`);
    if (message !== undefined) expect(errors.find((e) => e.field === field && e.type === type)?.message).toBe(message);
  });

  it('allows tolerationSeconds of an existing toleration to change', () => {
    const toleration = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
    const old = storedPod([['spec.tolerations', [toleration]]]);
    const updated = withChanges(old, [['spec.tolerations', [{ ...toleration, tolerationSeconds: 10 }]]]);
    expect(validatePodUpdate(updated, old)).toEqual([]);
  });

  it('allows a negative grace period to be raised to 1 only', () => {
    const old = storedPod([['spec.terminationGracePeriodSeconds', -1]]);
    expect(validatePodUpdate(withChanges(old, [['spec.terminationGracePeriodSeconds', 1]]), old)).toEqual([]);
    expect(summarize(validatePodUpdate(withChanges(old, [['spec.terminationGracePeriodSeconds', 5]]), old))).toEqual([
      'spec: FieldValueForbidden',
    ]);
  });

  it('lets gated pods add node selectors and remove gates', () => {
    const old = storedPod([['spec.schedulingGates', [{ name: 'example.com/quota' }]], ['spec.nodeSelector', { disk: 'ssd' }]]);
    const updated = withChanges(old, [['spec.schedulingGates', []], ['spec.nodeSelector', { disk: 'ssd', zone: 'a' }]]);
    expect(validatePodUpdate(updated, old)).toEqual([]);
    const changed = withChanges(old, [['spec.nodeSelector', { disk: 'hdd' }]]);
    expect(summarize(validatePodUpdate(changed, old))).toEqual(['spec.nodeSelector: FieldValueInvalid']);
  });
});

describe('validatePodStatusUpdate', () => {
  it('holds a status write to the metadata rules', () => {
    const old = storedPod();
    const renamed = storedPod([['metadata.name', 'other']]);
    expect(validatePodStatusUpdate(renamed, old).map((e) => e.field)).toEqual(['metadata.name']);
  });

  it('does not check the spec again: a status write carries the stored one, which a whole-pod update would check', () => {
    const old = storedPod();
    const withStatus = storedPod([['status.phase', 'Running']]);
    expect(validatePodStatusUpdate(withStatus, old)).toEqual([]);
    // the same pod with a changed image is a valid status write (the pipeline puts the stored spec back) but no valid update's spec rules are run
    const imageless = storedPod([['spec.containers[0].image', '']]);
    expect(validatePodUpdate(imageless, old).map((e) => e.field)).toContain('spec.containers[0].image');
    expect(validatePodStatusUpdate(imageless, old)).toEqual([]);
  });
});
