import { describe, expect, it } from 'vitest';
import type { KubeObject, OwnerReference } from '../../api/types/meta.ts';
import { IndexedCache } from '../framework/indexed-cache.ts';
import { workloadScaleFinder } from './controller-scale.ts';

function workload(kind: string, name: string, uid: string, replicas: number | undefined, owner?: OwnerReference): KubeObject {
  const obj: KubeObject = { apiVersion: 'apps/v1', kind, metadata: { name, namespace: 'default', uid }, spec: replicas === undefined ? {} : { replicas } };
  if (owner !== undefined) obj.metadata.ownerReferences = [owner];
  return obj;
}

const ref = (kind: string, name: string, uid: string, apiVersion = 'apps/v1'): OwnerReference => ({ apiVersion, kind, name, uid, controller: true });

const replicaSets = new IndexedCache();
const deployments = new IndexedCache();
deployments.upsert(workload('Deployment', 'web', 'dep-uid', 6));
replicaSets.upsert(workload('ReplicaSet', 'web-abc', 'rs-web', 4, ref('Deployment', 'web', 'dep-uid')));
replicaSets.upsert(workload('ReplicaSet', 'solo', 'rs-solo', 3));
replicaSets.upsert(workload('ReplicaSet', 'orphaned', 'rs-orphaned', 2, ref('Deployment', 'gone', 'gone-uid')));
replicaSets.upsert(workload('ReplicaSet', 'defaulted', 'rs-defaulted', undefined));
const find = workloadScaleFinder(replicaSets, deployments);

describe('workloadScaleFinder', () => {
  it.each<[string, OwnerReference, unknown]>([
    ["a Deployment's ReplicaSet answers with the Deployment's scale", ref('ReplicaSet', 'web-abc', 'rs-web'), { uid: 'dep-uid', scale: 6 }],
    ['a ReplicaSet of its own answers with its scale', ref('ReplicaSet', 'solo', 'rs-solo'), { uid: 'rs-solo', scale: 3 }],
    ['an extensions/v1beta1 reference is the same ReplicaSet', ref('ReplicaSet', 'solo', 'rs-solo', 'extensions/v1beta1'), { uid: 'rs-solo', scale: 3 }],
    ['a ReplicaSet whose Deployment is gone answers through its own scale', ref('ReplicaSet', 'orphaned', 'rs-orphaned'), { uid: 'rs-orphaned', scale: 2 }],
    ['a Deployment owning pods directly', ref('Deployment', 'web', 'dep-uid'), { uid: 'dep-uid', scale: 6 }],
    ['replicas left out means 1', ref('ReplicaSet', 'defaulted', 'rs-defaulted'), { uid: 'rs-defaulted', scale: 1 }],
    ['a ReplicaSet replaced under the same name is not found', ref('ReplicaSet', 'solo', 'old-uid'), undefined],
    ['a missing ReplicaSet is not found', ref('ReplicaSet', 'nope', 'x'), undefined],
    ['a kind without a scale is an error', ref('DaemonSet', 'agents', 'ds'), { error: 'no matches for kind "DaemonSet" in version "apps/v1"' }],
  ])('%s', (_, owner, expected) => {
    expect(find(owner, 'default')).toEqual(expected);
  });
});
