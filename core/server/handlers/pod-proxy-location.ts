import { ApiError } from '../../api/errors.ts';
import type { ResourceType } from '../../api/resource-type.ts';
import { isRecord } from '../../api/types/meta.ts';
import type { ApiContext } from './context.ts';
import { chooseContainer } from './pod-proxy-container.ts';
import { nodeEndpoint, type NodeEndpoint } from './pod-proxy-node.ts';

export interface PodContainerLocation {
  container: string;
  /** undefined while the pod has no node */
  node: NodeEndpoint | undefined;
}

function typeOf(api: ApiContext, plural: 'pods' | 'nodes'): ResourceType {
  const type = api.registry.lookup('', 'v1', plural);
  if (type === undefined) throw new ApiError('NotFound', 'the server could not find the requested resource');
  return type;
}

/**
 * The pod (404 when missing), the container the request means, and the agent
 * of the node it is bound to (404 when that Node is missing), as
 * kube-apiserver's LogLocation and streamLocation find them.
 */
export async function locatePodContainer(api: ApiContext, namespace: string, name: string, requested: string | undefined): Promise<PodContainerLocation> {
  const pod = await api.store.get(typeOf(api, 'pods'), namespace, name);
  const container = chooseContainer(pod, requested);
  const spec = isRecord(pod['spec']) ? pod['spec'] : {};
  const nodeName = spec['nodeName'];
  if (typeof nodeName !== 'string' || nodeName === '') return { container, node: undefined };
  const node = await api.store.get(typeOf(api, 'nodes'), undefined, nodeName);
  return { container, node: nodeEndpoint(node) };
}

/** The agent path of a container endpoint, names escaped. */
export function containerPath(endpoint: 'containerLogs' | 'exec', namespace: string, pod: string, container: string, query: URLSearchParams): string {
  const path = [endpoint, namespace, pod, container].map(encodeURIComponent).join('/');
  const search = query.toString();
  return `/${path}${search === '' ? '' : `?${search}`}`;
}
