import { describe, expect, it } from 'vitest';
import { nginxPod, summarize, withChanges } from './test-fixtures.ts';
import { validatePod } from './validation.ts';

type Case = [name: string, changes: Array<[string, unknown]>, field: string, type: string, message?: string];

const NODE_AFFINITY = 'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms';
const ANTI_AFFINITY = 'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution';

function nodeTerm(expression: Record<string, unknown>): Array<[string, unknown]> {
  return [['spec.affinity', { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [expression] }] } } }]];
}

function antiAffinityTerm(term: Record<string, unknown>): Array<[string, unknown]> {
  return [['spec.affinity', { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } }]];
}

describe('tolerations', () => {
  it.each<Case>([
    ['unknown operator', [['spec.tolerations', [{ key: 'k', operator: 'In', value: 'v' }]]], 'spec.tolerations[0].operator', 'FieldValueNotSupported', 'Unsupported value: "In": supported values: "Equal", "Exists"'],
    ['unknown effect', [['spec.tolerations', [{ key: 'k', operator: 'Exists', effect: 'NoRun' }]]], 'spec.tolerations[0].effect', 'FieldValueNotSupported', 'Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'],
    ['empty key with Equal', [['spec.tolerations', [{ operator: 'Equal', value: 'v' }]]], 'spec.tolerations[0].operator', 'FieldValueInvalid'],
    ['value with Exists', [['spec.tolerations', [{ key: 'k', operator: 'Exists', value: 'v' }]]], 'spec.tolerations[0].operator', 'FieldValueInvalid', "Invalid value: \"v\": value must be empty when `operator` is 'Exists'"],
    ['tolerationSeconds without NoExecute', [['spec.tolerations', [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 30 }]]], 'spec.tolerations[0].effect', 'FieldValueInvalid'],
    ['key not a label name', [['spec.tolerations', [{ key: 'a b', operator: 'Exists' }]]], 'spec.tolerations[0].key', 'FieldValueInvalid'],
  ])('rejects %s', (_name, changes, field, type, message) => {
    const errors = validatePod(withChanges(nginxPod(), changes));
    expect(summarize(errors)).toContain(`${field}: ${type}`);
    if (message !== undefined) expect(errors.find((e) => e.field === field && e.type === type)?.message).toBe(message);
  });

  it('accepts match-everything and NoExecute tolerations', () => {
    const tolerations = [{ operator: 'Exists' }, { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }];
    expect(validatePod(withChanges(nginxPod(), [['spec.tolerations', tolerations]]))).toEqual([]);
  });
});

describe('affinity', () => {
  it.each<Case>([
    ['no node selector terms', [['spec.affinity', { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } }]], NODE_AFFINITY, 'FieldValueRequired'],
    ['In without values', nodeTerm({ key: 'zone', operator: 'In' }), `${NODE_AFFINITY}[0].matchExpressions[0].values`, 'FieldValueRequired'],
    ['Exists with values', nodeTerm({ key: 'zone', operator: 'Exists', values: ['a'] }), `${NODE_AFFINITY}[0].matchExpressions[0].values`, 'FieldValueForbidden'],
    ['Gt with two values', nodeTerm({ key: 'cores', operator: 'Gt', values: ['1', '2'] }), `${NODE_AFFINITY}[0].matchExpressions[0].values`, 'FieldValueRequired'],
    ['unknown node operator', nodeTerm({ key: 'zone', operator: 'Near', values: ['a'] }), `${NODE_AFFINITY}[0].matchExpressions[0].operator`, 'FieldValueInvalid', 'Invalid value: "Near": not a valid selector operator'],
    ['preferred weight 0', [['spec.affinity', { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: {} }] } }]], 'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight', 'FieldValueInvalid', 'Invalid value: 0: must be in the range 1-100'],
    ['pod affinity without topologyKey', antiAffinityTerm({ labelSelector: { matchLabels: { app: 'nginx' } } }), `${ANTI_AFFINITY}[0].topologyKey`, 'FieldValueRequired', 'Required value: can not be empty'],
    ['pod affinity selector with bad operator', antiAffinityTerm({ labelSelector: { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['x'] }] }, topologyKey: 'kubernetes.io/hostname' }), `${ANTI_AFFINITY}[0].labelSelector.matchExpressions[0].operator`, 'FieldValueInvalid'],
    ['pod affinity selector In without values', antiAffinityTerm({ labelSelector: { matchExpressions: [{ key: 'app', operator: 'In' }] }, topologyKey: 'kubernetes.io/hostname' }), `${ANTI_AFFINITY}[0].labelSelector.matchExpressions[0].values`, 'FieldValueRequired'],
    ['pod affinity selector with bad label value', antiAffinityTerm({ labelSelector: { matchLabels: { app: 'not valid' } }, topologyKey: 'kubernetes.io/hostname' }), `${ANTI_AFFINITY}[0].labelSelector.matchLabels`, 'FieldValueInvalid'],
    ['matchLabelKeys without selector', antiAffinityTerm({ matchLabelKeys: ['app'], topologyKey: 'kubernetes.io/hostname' }), `${ANTI_AFFINITY}[0].matchLabelKeys`, 'FieldValueForbidden'],
  ])('rejects %s', (_name, changes, field, type, message) => {
    const errors = validatePod(withChanges(nginxPod(), changes));
    expect(summarize(errors)).toContain(`${field}: ${type}`);
    if (message !== undefined) expect(errors.find((e) => e.field === field && e.type === type)?.message).toBe(message);
  });
});

describe('topologySpreadConstraints', () => {
  const base = { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'nginx' } } };
  const at = 'spec.topologySpreadConstraints';

  it.each<Case>([
    ['maxSkew 0', [[at, [{ ...base, maxSkew: 0 }]]], `${at}[0].maxSkew`, 'FieldValueInvalid', 'Invalid value: 0: must be greater than zero'],
    ['missing topologyKey', [[at, [{ ...base, topologyKey: '' }]]], `${at}[0].topologyKey`, 'FieldValueRequired', 'Required value: can not be empty'],
    ['unknown whenUnsatisfiable', [[at, [{ ...base, whenUnsatisfiable: 'Maybe' }]]], `${at}[0].whenUnsatisfiable`, 'FieldValueNotSupported', 'Unsupported value: "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway"'],
    ['repeated constraint', [[at, [base, base]]], `${at}[0].{topologyKey, whenUnsatisfiable}`, 'FieldValueDuplicate'],
    ['minDomains with ScheduleAnyway', [[at, [{ ...base, whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2 }]]], `${at}[0].minDomains`, 'FieldValueInvalid'],
    ['bad nodeTaintsPolicy', [[at, [{ ...base, nodeTaintsPolicy: 'Always' }]]], `${at}[0].nodeTaintsPolicy`, 'FieldValueNotSupported'],
    ['matchLabelKeys repeating the selector', [[at, [{ ...base, matchLabelKeys: ['app'] }]]], `${at}[0].matchLabelKeys[0]`, 'FieldValueInvalid'],
  ])('rejects %s', (_name, changes, field, type, message) => {
    const errors = validatePod(withChanges(nginxPod(), changes));
    expect(summarize(errors)).toContain(`${field}: ${type}`);
    if (message !== undefined) expect(errors.find((e) => e.field === field && e.type === type)?.message).toBe(message);
  });

  it('accepts a valid constraint', () => {
    expect(validatePod(withChanges(nginxPod(), [[at, [base]]]))).toEqual([]);
  });
});
