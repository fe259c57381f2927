/**
 * Which built-in kinds exist in which group/version, and how a kind maps to its generated
 * `@kubernetes/client-node` model class. The class names alone do not say which API group
 * a class belongs to (`V1Scale` is autoscaling/v1, `V1Lease` is coordination.k8s.io/v1), so
 * the group membership has to be stated here; everything below the kind is derived.
 */
import { isModelClass } from './model-registry.ts';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** Built-in kinds per API version, as `kubectl api-resources` lists them (plus subresource kinds). */
const KINDS_BY_API_VERSION: Readonly<Record<string, readonly string[]>> = {
  v1: [
    'Binding', 'ComponentStatus', 'ConfigMap', 'Endpoints', 'Event', 'LimitRange', 'Namespace', 'Node',
    'PersistentVolume', 'PersistentVolumeClaim', 'Pod', 'PodTemplate', 'ReplicationController',
    'ResourceQuota', 'Secret', 'Service', 'ServiceAccount',
  ],
  'admissionregistration.k8s.io/v1': ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
  'apiextensions.k8s.io/v1': ['CustomResourceDefinition'],
  'apiregistration.k8s.io/v1': ['APIService'],
  'apps/v1': ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  'authentication.k8s.io/v1': ['SelfSubjectReview', 'TokenRequest', 'TokenReview'],
  'authorization.k8s.io/v1': [
    'LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview',
  ],
  'autoscaling/v1': ['HorizontalPodAutoscaler', 'Scale'],
  'autoscaling/v2': ['HorizontalPodAutoscaler'],
  'batch/v1': ['CronJob', 'Job'],
  'certificates.k8s.io/v1': ['CertificateSigningRequest'],
  'coordination.k8s.io/v1': ['Lease'],
  'discovery.k8s.io/v1': ['EndpointSlice'],
  'events.k8s.io/v1': ['Event'],
  'flowcontrol.apiserver.k8s.io/v1': ['FlowSchema', 'PriorityLevelConfiguration'],
  'networking.k8s.io/v1': ['Ingress', 'IngressClass', 'NetworkPolicy'],
  'node.k8s.io/v1': ['RuntimeClass'],
  'policy/v1': ['Eviction', 'PodDisruptionBudget'],
  'rbac.authorization.k8s.io/v1': ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
  'scheduling.k8s.io/v1': ['PriorityClass'],
  'storage.k8s.io/v1': ['CSIDriver', 'CSINode', 'CSIStorageCapacity', 'StorageClass', 'VolumeAttachment'],
};

/** Package roots that do not follow `io.k8s.api.<first group segment>`. */
const SPECIAL_PACKAGE_ROOTS: Readonly<Record<string, string>> = {
  apiextensions: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions',
  apiregistration: 'io.k8s.kube-aggregator.pkg.apis.apiregistration',
};

export function apiVersionString(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** 'rbac.authorization.k8s.io' → 'rbac'; the core group is 'core', as in Go's package k8s.io/api/core/v1. */
export function groupSegment(group: string): string {
  return group === '' ? 'core' : (group.split('.')[0] ?? group);
}

/** The OpenAPI definition-name package of a group segment and version: ('apps', 'v1') → 'io.k8s.api.apps.v1'. */
export function packageName(segment: string, version: string): string {
  return `${SPECIAL_PACKAGE_ROOTS[segment] ?? `io.k8s.api.${segment}`}.${version}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function isBuiltinKind(group: string, version: string, kind: string): boolean {
  return KINDS_BY_API_VERSION[apiVersionString(group, version)]?.includes(kind) ?? false;
}

/**
 * The model class of a kind: the generator prefixes a class with its group only when two
 * groups define the same name (`CoreV1Event` vs `EventsV1Event`), so try that form first.
 * `<Kind>List` resolves to the list class of a known kind.
 */
export function modelClassForKind(group: string, version: string, kind: string): string | undefined {
  const baseKind = !isBuiltinKind(group, version, kind) && kind.endsWith('List') ? kind.slice(0, -4) : kind;
  if (!isBuiltinKind(group, version, baseKind)) return undefined;
  const suffix = baseKind === kind ? '' : 'List';
  const versionPart = capitalize(version);
  const candidates = [
    `${capitalize(groupSegment(group))}${versionPart}${baseKind}${suffix}`,
    `${versionPart}${baseKind}${suffix}`,
  ];
  return candidates.find((name) => isModelClass(name));
}

/** Every built-in kind, core group first (definition naming relies on that order). */
export function builtinKinds(): GroupVersionKind[] {
  const kinds: GroupVersionKind[] = [];
  for (const [apiVersion, names] of Object.entries(KINDS_BY_API_VERSION)) {
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    for (const kind of names) kinds.push({ group, version, kind });
  }
  return kinds;
}
