import type { OwnerReference } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import type { Pod, ReplicaSet, ReplicaSetStatus } from './objects.ts';
import { rfc3339 } from './status.ts';

/** Compact builders of pods and ReplicaSets for table tests. Times are seconds since 2024-01-01T00:00:00Z. */

export const T0 = Date.parse('2024-01-01T00:00:00Z');
export const at = (seconds: number): string => rfc3339(T0 + seconds * 1000);

export interface PodShape {
  name: string;
  uid?: string;
  node?: string;
  phase?: string;
  /** seconds when the pod became Ready; absent = not ready */
  readySince?: number;
  created?: number;
  restarts?: number;
  cost?: string;
  labels?: Record<string, string>;
  owner?: OwnerReference;
  deleting?: boolean;
}

export function pod(shape: PodShape): Pod {
  const conditions = shape.readySince === undefined ? [] : [{ type: 'Ready', status: 'True', lastTransitionTime: at(shape.readySince) }];
  const result: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: shape.name,
      namespace: 'default',
      uid: shape.uid ?? `uid-${shape.name}`,
      creationTimestamp: at(shape.created ?? 0),
      labels: shape.labels ?? { app: 'web' },
    },
    spec: shape.node === undefined ? {} : { nodeName: shape.node },
    status: { phase: shape.phase ?? 'Running', conditions, containerStatuses: [{ restartCount: shape.restarts ?? 0 }] },
  };
  if (shape.cost !== undefined) result.metadata.annotations = { 'controller.kubernetes.io/pod-deletion-cost': shape.cost };
  if (shape.owner !== undefined) result.metadata.ownerReferences = [shape.owner];
  if (shape.deleting === true) result.metadata.deletionTimestamp = at(0);
  return result;
}

export interface ReplicaSetShape {
  name?: string;
  uid?: string;
  replicas?: number;
  minReadySeconds?: number;
  generation?: number;
  status?: ReplicaSetStatus;
  templateLabels?: Record<string, string>;
}

export function replicaSet(shape: ReplicaSetShape = {}): ReplicaSet {
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: shape.name ?? 'web', namespace: 'default', uid: shape.uid ?? 'rs-uid', generation: shape.generation ?? 1 },
    spec: {
      replicas: shape.replicas ?? 3,
      minReadySeconds: shape.minReadySeconds ?? 0,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: shape.templateLabels ?? { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  };
  if (shape.status !== undefined) rs.status = shape.status;
  return rs;
}

export function ownerRef(uid: string, name = 'web'): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', name, uid, controller: true, blockOwnerDeletion: true };
}

/** An ApiClient whose unlisted methods fail loudly: tests give only what the code under test may call. */
export function fakeClient(methods: Partial<ApiClient>): ApiClient {
  const unexpected = (name: string) => (): Promise<never> => Promise.reject(new Error(`unexpected call to ${name}`));
  return {
    get: unexpected('get'),
    list: unexpected('list'),
    watch: unexpected('watch'),
    create: unexpected('create'),
    update: unexpected('update'),
    patch: unexpected('patch'),
    delete: unexpected('delete'),
    createSubresource: unexpected('createSubresource'),
    ...methods,
  };
}
