import { ApiError } from '../api/errors.ts';
import type { ResourceRegistry } from '../api/registry.ts';
import { apiVersionOf, type ResourceType } from '../api/resource-type.ts';
import { isRecord, type KubeObject } from '../api/types/meta.ts';
import type { ObjectStore } from '../store/object-store.ts';

/** The namespaces every Kubernetes cluster has from the start. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export async function bootstrapNamespaces(registry: ResourceRegistry, store: ObjectStore): Promise<void> {
  const type = registry.byGroupKind('', 'Namespace');
  if (type === undefined) return;
  for (const name of SYSTEM_NAMESPACES) {
    const ns = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    };
    try {
      await store.create(type, ns);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'AlreadyExists')) throw error;
    }
  }
}

/** Where the `kubernetes` Service leads: the API server's own address and port. */
export interface ApiServerEndpoint {
  /** the first address of the ClusterIP range, 10.96.0.1 by default */
  clusterIP: string;
  address: string;
  port: number;
}

const KUBERNETES = { namespace: 'default', name: 'kubernetes' };

/**
 * The `kubernetes` Service in `default`, with the Endpoints and EndpointSlice
 * that point at this API server, as kube-apiserver's controller keeps them:
 * made when missing, their port brought in line when the server's changed.
 * `store` must be the API's store, so that the Service's address is allocated.
 * The API server listens on loopback, which Endpoints validation refuses (a
 * real kube-apiserver advertises a routable address): like the namespaces
 * above, these are written as the system's own, defaulted but not validated.
 */
export async function bootstrapKubernetesService(registry: ResourceRegistry, store: ObjectStore, endpoint: ApiServerEndpoint): Promise<void> {
  const ports = [{ name: 'https', port: endpoint.port, protocol: 'TCP' }];
  const servicePorts = [{ name: 'https', protocol: 'TCP', port: 443, targetPort: endpoint.port }];
  await ensure(
    registry.byGroupKind('', 'Service'),
    store,
    {
      metadata: { ...KUBERNETES, labels: { component: 'apiserver', provider: 'kubernetes' } },
      // Maintained here, not by a selector.
      spec: { type: 'ClusterIP', clusterIP: endpoint.clusterIP, sessionAffinity: 'None', ports: servicePorts },
    },
    (current) => {
      const spec = isRecord(current['spec']) ? current['spec'] : {};
      if (sameJson(spec['ports'], servicePorts) && spec['type'] === 'ClusterIP') return undefined;
      return { ...current, spec: { ...spec, type: 'ClusterIP', ports: servicePorts } };
    },
  );
  // The mirroring controller must leave these Endpoints alone: the slice below is written here too.
  const subsets = [{ addresses: [{ ip: endpoint.address }], ports }];
  const endpointsLabels = { 'endpointslice.kubernetes.io/skip-mirror': 'true' };
  await ensure(registry.byGroupKind('', 'Endpoints'), store, { metadata: { ...KUBERNETES, labels: endpointsLabels }, subsets }, (current) =>
    sameJson(current['subsets'], subsets) && sameJson(current.metadata.labels, endpointsLabels)
      ? undefined
      : { ...current, metadata: { ...current.metadata, labels: endpointsLabels }, subsets },
  );
  const sliceLabels = { 'kubernetes.io/service-name': KUBERNETES.name };
  const slice = { addressType: 'IPv4', endpoints: [{ addresses: [endpoint.address], conditions: { ready: true } }], ports };
  await ensure(registry.byGroupKind('discovery.k8s.io', 'EndpointSlice'), store, { metadata: { ...KUBERNETES, labels: sliceLabels }, ...slice }, (current) =>
    sameJson(current['endpoints'], slice.endpoints) && sameJson(current['ports'], ports) && sameJson(current.metadata.labels, sliceLabels)
      ? undefined
      : { ...current, ...slice, metadata: { ...current.metadata, labels: sliceLabels } },
  );
}

/** Creates `wanted` when missing; else writes what `fix` makes of the stored object, unless it says nothing is off. */
async function ensure(
  type: ResourceType | undefined,
  store: ObjectStore,
  wanted: Pick<KubeObject, 'metadata'> & Record<string, unknown>,
  fix: (current: KubeObject) => KubeObject | undefined,
): Promise<void> {
  if (type === undefined) return;
  const { namespace, name } = KUBERNETES;
  try {
    await store.guaranteedUpdate(type, namespace, name, (current) => {
      const fixed = fix(current);
      if (fixed === undefined) return current;
      type.applyDefaults(fixed);
      return fixed;
    });
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'NotFound')) throw error;
    const obj: KubeObject = { ...wanted, apiVersion: apiVersionOf(type), kind: type.kind };
    type.applyDefaults(obj);
    await store.create(type, obj);
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
