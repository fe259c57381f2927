import { ApiError } from '../api/errors.ts';
import type { ResourceRegistry } from '../api/registry.ts';
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
