import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { nginxPod, withChanges } from './test-fixtures.ts';
import { validatePod, validatePodSpec } from './validation.ts';
import { parsePodSpec } from './validation-spec.ts';

/** parsePodSpec and validateTypedPodSpec remember verdicts by the spec's text; these check what must not be shared. */

const named = (pod: KubeObject, name: string): KubeObject => ({ ...pod, metadata: { ...pod.metadata, name } });

describe('remembered pod spec verdicts', () => {
  it('hands the same frozen parse to every check of one spec, and a changed one throws', () => {
    const first = parsePodSpec(nginxPod()['spec'], 'spec');
    const second = parsePodSpec(nginxPod()['spec'], 'spec');
    if (!first.ok || !second.ok) throw new Error('the nginx spec did not parse');
    expect(second.value).toBe(first.value);
    expect(() => {
      (second.value.containers ?? [])[0]!.image = 'changed';
    }).toThrow(TypeError);
  });

  it('keeps the verdicts of different specs apart', () => {
    const good = nginxPod();
    const bad = withChanges(nginxPod(), [['spec.restartPolicy', 'Sometimes']]);
    expect(validatePod(good)).toEqual([]);
    expect(validatePod(bad).map((e) => e.field)).toEqual(['spec.restartPolicy']);
    expect(validatePod(good)).toEqual([]);
  });

  it('reports a remembered spec under the path it was checked at this time', () => {
    const spec = withChanges(nginxPod(), [['spec.dnsPolicy', 'Nowhere']])['spec'];
    expect(validatePodSpec(spec, 'spec').map((e) => e.field)).toEqual(['spec.dnsPolicy']);
    expect(validatePodSpec(spec, 'spec.template.spec').map((e) => e.field)).toEqual(['spec.template.spec.dnsPolicy']);
  });

  it('gives each pod its own verdict where the pod name enters it: the claim of an ephemeral volume', () => {
    const pod = withChanges(nginxPod(), [
      [
        'spec.volumes',
        [
          { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } },
          { name: 'data', persistentVolumeClaim: { claimName: 'web-a-scratch' } },
        ],
      ],
    ]);
    expect(validatePod(named(pod, 'web-b'))).toEqual([]);
    expect(validatePod(named(pod, 'web-a')).map((e) => e.field)).toEqual(['spec.volumes[1].persistentVolumeClaim.claimName']);
    expect(validatePod(named(pod, 'web-b'))).toEqual([]);
  });

  it('returns a list of errors the caller may extend without changing the next verdict', () => {
    const spec = withChanges(nginxPod(), [['spec.dnsPolicy', 'Nowhere']])['spec'];
    validatePodSpec(spec, 'spec').push({ type: 'FieldValueRequired', field: 'extra', message: 'Required value' });
    expect(validatePodSpec(spec, 'spec').map((e) => e.field)).toEqual(['spec.dnsPolicy']);
  });

  it('shares the parse of specs that differ only in nodeName, and checks each nodeName itself', () => {
    const bound = (node: unknown): KubeObject => withChanges(nginxPod(), [['spec.nodeName', node]]);
    const first = parsePodSpec(bound('node-1')['spec'], 'spec');
    const second = parsePodSpec(bound('node-2')['spec'], 'spec');
    if (!first.ok || !second.ok) throw new Error('the bound specs did not parse');
    expect([first.value.nodeName, second.value.nodeName]).toEqual(['node-1', 'node-2']);
    expect(second.value.containers).toBe(first.value.containers);
    expect(validatePod(bound('node-1'))).toEqual([]);
    expect(validatePod(bound('Bad_Node'))).toEqual([
      expect.objectContaining({ type: 'FieldValueInvalid', field: 'spec.nodeName' }),
    ]);
    expect(validatePod(bound(42)).map((e) => [e.type, e.field])).toEqual([['FieldValueTypeInvalid', 'spec.nodeName']]);
    const mistyped = withChanges(bound('node-1'), [['spec.restartPolicy', 5]]);
    expect(validatePod(mistyped).map((e) => [e.type, e.field])).toEqual([['FieldValueTypeInvalid', 'spec.restartPolicy']]);
  });
});
