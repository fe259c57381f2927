import { describe, expect, it } from 'vitest';
import { isKnownKind, listStrategyAt, schemaAt } from './patch-strategy.ts';

const POD_SPEC = ['spec'];
const DEPLOYMENT_POD_SPEC = ['spec', 'template', 'spec'];
const CRONJOB_POD_SPEC = ['spec', 'jobTemplate', 'spec', 'template', 'spec'];

describe('listStrategyAt', () => {
  it.each([
    ['/Pod', [...POD_SPEC, 'containers'], { strategy: 'merge', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
    ['/Pod', [...POD_SPEC, 'initContainers'], { strategy: 'merge', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
    ['/Pod', [...POD_SPEC, 'volumes'], { strategy: 'merge,retainKeys', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
    ['/Pod', [...POD_SPEC, 'containers', 'env'], { strategy: 'merge', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
    [
      '/Pod',
      [...POD_SPEC, 'containers', 'ports'],
      { strategy: 'merge', mergeKey: 'containerPort', listType: 'map', listMapKeys: ['containerPort', 'protocol'], keyDefaults: { protocol: 'TCP' } },
    ],
    ['/Pod', [...POD_SPEC, 'containers', 'volumeMounts'], { strategy: 'merge', mergeKey: 'mountPath', listType: 'map', listMapKeys: ['mountPath'] }],
    ['/Pod', [...POD_SPEC, 'imagePullSecrets'], { strategy: 'merge', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
    ['/Pod', [...POD_SPEC, 'hostAliases'], { strategy: 'merge', mergeKey: 'ip', listType: 'map', listMapKeys: ['ip'] }],
    [
      '/Pod',
      [...POD_SPEC, 'topologySpreadConstraints'],
      { strategy: 'merge', mergeKey: 'topologyKey', listType: 'map', listMapKeys: ['topologyKey', 'whenUnsatisfiable'] },
    ],
    ['/Pod', ['status', 'conditions'], { strategy: 'merge', mergeKey: 'type', listType: 'map', listMapKeys: ['type'] }],
    ['/Pod', ['metadata', 'ownerReferences'], { strategy: 'merge', mergeKey: 'uid', listType: 'map', listMapKeys: ['uid'] }],
    ['/Pod', ['metadata', 'finalizers'], { strategy: 'merge', listType: 'set' }],
    ['apps/Deployment', [...DEPLOYMENT_POD_SPEC, 'containers'], { strategy: 'merge', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
    ['apps/ReplicaSet', [...DEPLOYMENT_POD_SPEC, 'containers', 'env'], { strategy: 'merge', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
    ['batch/CronJob', [...CRONJOB_POD_SPEC, 'volumes'], { strategy: 'merge,retainKeys', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
    ['apps/Deployment', ['status', 'conditions'], { strategy: 'merge', mergeKey: 'type', listType: 'map', listMapKeys: ['type'] }],
    [
      '/Service',
      ['spec', 'ports'],
      { strategy: 'merge', mergeKey: 'port', listType: 'map', listMapKeys: ['port', 'protocol'], keyDefaults: { protocol: 'TCP' } },
    ],
    ['/Node', ['status', 'addresses'], { strategy: 'merge', mergeKey: 'type', listType: 'map', listMapKeys: ['type'] }],
    ['/Node', ['spec', 'podCIDRs'], { strategy: 'merge', listType: 'set' }],
    ['batch/Job', ['status', 'conditions'], { strategy: 'merge', mergeKey: 'type', listType: 'atomic' }],
    ['/ServiceAccount', ['secrets'], { strategy: 'merge', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
  ])('%s %j', (kindKey, path, expected) => {
    expect(listStrategyAt(kindKey, path)).toEqual(expected);
  });

  it.each([
    ['/Pod', [...POD_SPEC, 'tolerations']],
    ['/Node', ['spec', 'taints']],
    ['/Endpoints', ['subsets']],
    ['discovery.k8s.io/EndpointSlice', ['endpoints']],
    ['/Pod', [...POD_SPEC, 'containers', 'args']],
    ['rbac.authorization.k8s.io/Role', ['rules']],
    ['example.com/Widget', ['spec', 'items']],
  ])('%s %j is an untagged (atomic, replaced) list', (kindKey, path) => {
    expect(listStrategyAt(kindKey, path)).toBeUndefined();
  });
});

describe('schemaAt', () => {
  it.each([
    ['apps/Deployment', ['spec', 'selector'], { atomic: true }],
    ['apps/Deployment', ['spec', 'strategy'], { strategy: 'retainKeys' }],
    ['/Pod', ['spec', 'nodeSelector'], { atomic: true }],
    ['policy/PodDisruptionBudget', ['spec', 'selector'], { strategy: 'replace', atomic: true }],
    ['/Pod', ['spec', 'containers', 'env', 'valueFrom', 'secretKeyRef'], { atomic: true }],
  ])('%s %j', (kindKey, path, expected) => {
    expect(schemaAt(kindKey, path)).toEqual(expected);
  });

  it('knows the built-in kinds only', () => {
    expect(isKnownKind('apps/Deployment')).toBe(true);
    expect(isKnownKind('/ConfigMap')).toBe(true);
    expect(isKnownKind('Deployment')).toBe(false);
    expect(isKnownKind('stable.example.com/CronTab')).toBe(false);
  });

  it('gives custom resources their ObjectMeta', () => {
    expect(listStrategyAt('stable.example.com/CronTab', ['metadata', 'finalizers'])).toEqual({ strategy: 'merge', listType: 'set' });
  });
});
