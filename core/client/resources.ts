/**
 * The resources controllers and agents address, as typed constants: what a
 * client needs to build a path and what it gets back.
 */
export interface ResourceRef {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

function ref(group: string, version: string, plural: string, kind: string, namespaced: boolean): ResourceRef {
  return { group, version, plural, kind, namespaced };
}

export const Resources = {
  namespaces: ref('', 'v1', 'namespaces', 'Namespace', false),
  pods: ref('', 'v1', 'pods', 'Pod', true),
  services: ref('', 'v1', 'services', 'Service', true),
  endpoints: ref('', 'v1', 'endpoints', 'Endpoints', true),
  configMaps: ref('', 'v1', 'configmaps', 'ConfigMap', true),
  secrets: ref('', 'v1', 'secrets', 'Secret', true),
  nodes: ref('', 'v1', 'nodes', 'Node', false),
  events: ref('', 'v1', 'events', 'Event', true),
  serviceAccounts: ref('', 'v1', 'serviceaccounts', 'ServiceAccount', true),
  persistentVolumes: ref('', 'v1', 'persistentvolumes', 'PersistentVolume', false),
  persistentVolumeClaims: ref('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true),
  deployments: ref('apps', 'v1', 'deployments', 'Deployment', true),
  replicaSets: ref('apps', 'v1', 'replicasets', 'ReplicaSet', true),
  leases: ref('coordination.k8s.io', 'v1', 'leases', 'Lease', true),
  endpointSlices: ref('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true),
  certificateSigningRequests: ref('certificates.k8s.io', 'v1', 'certificatesigningrequests', 'CertificateSigningRequest', false),
  podDisruptionBudgets: ref('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true),
  nodePools: ref('kubernel.dev', 'v1alpha1', 'nodepools', 'NodePool', false),
  nodeClaims: ref('kubernel.dev', 'v1alpha1', 'nodeclaims', 'NodeClaim', false),
} as const satisfies Record<string, ResourceRef>;

export function apiVersionOfRef(resource: ResourceRef): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}

/** `/api/v1/namespaces/default/pods/web/status` */
export function resourcePath(resource: ResourceRef, namespace: string | undefined, name?: string, subresource?: string): string {
  let path = resource.group === '' ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
  if (resource.namespaced && namespace !== undefined) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${resource.plural}`;
  if (name !== undefined) path += `/${encodeURIComponent(name)}`;
  if (subresource !== undefined) path += `/${subresource}`;
  return path;
}
