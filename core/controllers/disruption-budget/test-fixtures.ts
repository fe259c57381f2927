import type { KubeObject, OwnerReference } from '../../api/types/meta.ts';

/** Compact pods and budgets for the disruption controller's tables. Times are seconds after T0. */

export const T0 = Date.parse('2024-06-01T12:00:00Z');
export const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface PodShape {
  ready?: boolean;
  deleting?: boolean;
  owner?: OwnerReference;
  labels?: Record<string, string>;
  phase?: string;
  conditions?: Record<string, unknown>[];
}

export function pod(name: string, shape: PodShape = {}): KubeObject {
  const conditions = shape.conditions ?? [{ type: 'Ready', status: shape.ready === false ? 'False' : 'True' }];
  const obj: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: shape.labels ?? { app: 'web' } },
    spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx' }] },
    status: { phase: shape.phase ?? 'Running', conditions },
  };
  if (shape.owner !== undefined) obj.metadata.ownerReferences = [shape.owner];
  if (shape.deleting === true) obj.metadata.deletionTimestamp = at(0);
  return obj;
}

export function rsOwner(name = 'web-rs', uid = 'rs-uid'): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', name, uid, controller: true, blockOwnerDeletion: true };
}

export function budget(spec: Record<string, unknown>, status: Record<string, unknown> = {}, generation = 1): KubeObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web-pdb', namespace: 'default', uid: 'pdb-uid', generation, resourceVersion: '5' },
    spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
    status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, ...status },
  };
}
