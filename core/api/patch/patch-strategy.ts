import { API_TYPES } from './patch-schema-apis.ts';
import { CORE_TYPES } from './patch-schema-core.ts';
import type { FieldSchema, ListStrategy, TypeSchema } from './patch-schema.ts';
import { ATOMIC_TYPE } from './patch-schema.ts';

export type { FieldSchema, ListStrategy, ListType, PatchStrategy, TypeSchema } from './patch-schema.ts';
export { ATOMIC_TYPE } from './patch-schema.ts';

/** The Go type at the root of each built-in kind, keyed by `${group}/${kind}` ('' group for core). */
const KIND_TYPES: Readonly<Record<string, string>> = {
  '/Pod': 'core.Pod',
  '/PodTemplate': 'core.PodTemplate',
  '/ReplicationController': 'core.ReplicationController',
  '/Service': 'core.Service',
  '/Endpoints': 'core.Endpoints',
  '/Node': 'core.Node',
  '/Namespace': 'core.Namespace',
  '/ConfigMap': 'core.ConfigMap',
  '/Secret': 'core.Secret',
  '/ServiceAccount': 'core.ServiceAccount',
  '/PersistentVolume': 'core.PersistentVolume',
  '/PersistentVolumeClaim': 'core.PersistentVolumeClaim',
  '/Event': 'core.Event',
  '/LimitRange': 'core.LimitRange',
  '/ResourceQuota': 'core.ResourceQuota',
  'apps/Deployment': 'apps.Deployment',
  'apps/ReplicaSet': 'apps.ReplicaSet',
  'apps/StatefulSet': 'apps.StatefulSet',
  'apps/DaemonSet': 'apps.DaemonSet',
  'apps/ControllerRevision': 'apps.ControllerRevision',
  'batch/Job': 'batch.Job',
  'batch/CronJob': 'batch.CronJob',
  'discovery.k8s.io/EndpointSlice': 'discovery.EndpointSlice',
  'networking.k8s.io/Ingress': 'networking.Ingress',
  'networking.k8s.io/IngressClass': 'networking.IngressClass',
  'networking.k8s.io/NetworkPolicy': 'networking.NetworkPolicy',
  'rbac.authorization.k8s.io/Role': 'rbac.Role',
  'rbac.authorization.k8s.io/ClusterRole': 'rbac.ClusterRole',
  'rbac.authorization.k8s.io/RoleBinding': 'rbac.RoleBinding',
  'rbac.authorization.k8s.io/ClusterRoleBinding': 'rbac.ClusterRoleBinding',
  'policy/PodDisruptionBudget': 'policy.PodDisruptionBudget',
  'coordination.k8s.io/Lease': 'coordination.Lease',
  'autoscaling/HorizontalPodAutoscaler': 'autoscaling.HorizontalPodAutoscaler',
  'storage.k8s.io/StorageClass': 'storage.StorageClass',
  'scheduling.k8s.io/PriorityClass': 'scheduling.PriorityClass',
  'events.k8s.io/Event': 'events.Event',
};

/** Root of a kind we have no table for (custom resources): only its ObjectMeta is known. */
const UNKNOWN_KIND_TYPE = 'meta.Object';

const OBJECT_META: FieldSchema = { of: 'meta.ObjectMeta' };
const ROOT_TYPES = new Set([...Object.values(KIND_TYPES), UNKNOWN_KIND_TYPE]);

function typeSchema(typeName: string): TypeSchema | undefined {
  return CORE_TYPES[typeName] ?? API_TYPES[typeName];
}

/** Whether `kindKey` names a built-in kind with patch metadata. */
export function isKnownKind(kindKey: string): boolean {
  return kindKey in KIND_TYPES;
}

/** The schema of a kind's whole object, the starting point for `childSchema`. */
export function rootSchema(kindKey: string): FieldSchema {
  return { of: KIND_TYPES[kindKey] ?? UNKNOWN_KIND_TYPE };
}

/** The schema of field `name` of a map described by `parent`, or undefined for a plain field. */
export function childSchema(parent: FieldSchema | undefined, name: string): FieldSchema | undefined {
  const typeName = parent?.of;
  if (typeName === undefined || typeName === ATOMIC_TYPE || parent?.atomic === true) return undefined;
  if (name === 'metadata' && ROOT_TYPES.has(typeName)) return OBJECT_META;
  return typeSchema(typeName)?.[name];
}

/** The schema of each item of a list described by `list`. */
export function itemSchema(list: FieldSchema | undefined): FieldSchema | undefined {
  if (list?.of === undefined) return undefined;
  return list.of === ATOMIC_TYPE ? { atomic: true } : { of: list.of };
}

/** The schema at a path of field names (list indices omitted), e.g. ['spec', 'template', 'spec', 'containers']. */
export function schemaAt(kindKey: string, path: readonly string[]): FieldSchema | undefined {
  let schema: FieldSchema | undefined = rootSchema(kindKey);
  for (const name of path) {
    // Stepping through a list means stepping into its items.
    const container: FieldSchema | undefined = schema?.list !== undefined ? itemSchema(schema) : schema;
    schema = childSchema(container, name);
    if (schema === undefined) return undefined;
  }
  return schema;
}

/**
 * The patch metadata of the list at `path`, or undefined when the field is not a tagged list
 * (then a strategic merge patch replaces it and server-side apply treats it as atomic).
 */
export function listStrategyAt(kindKey: string, path: readonly string[]): ListStrategy | undefined {
  return schemaAt(kindKey, path)?.list;
}
