import { isRecord, type KubeObject } from '../../api/types/meta.ts';

/**
 * What the endpoint controllers read of a Pod: its addresses, readiness,
 * deletion, node, DNS names and named container ports.
 */

export interface ContainerPortView {
  name: string;
  containerPort: number;
  protocol: string;
}

export interface PodView {
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  labels: Record<string, string>;
  phase: string;
  /** status.podIPs, or status.podIP alone when only that is set */
  podIPs: string[];
  /** the Ready condition is True */
  ready: boolean;
  /** when the Ready condition last changed, for the last-change-trigger-time annotation */
  readyTransitionTime: string | undefined;
  deleting: boolean;
  nodeName: string;
  hostname: string;
  subdomain: string;
  /** ports of the containers, then of the sidecars (init containers with restartPolicy Always), in spec order */
  containerPorts: ContainerPortView[];
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

function portsOfContainer(container: unknown): ContainerPortView[] {
  if (!isRecord(container) || !Array.isArray(container['ports'])) return [];
  const out: ContainerPortView[] = [];
  for (const port of container['ports']) {
    if (!isRecord(port) || typeof port['containerPort'] !== 'number') continue;
    out.push({ name: str(port['name']), containerPort: port['containerPort'], protocol: str(port['protocol']) || 'TCP' });
  }
  return out;
}

function podIPsOf(status: Record<string, unknown>): string[] {
  const list = Array.isArray(status['podIPs']) ? status['podIPs'] : [];
  const ips = list.map((entry) => (isRecord(entry) ? str(entry['ip']) : '')).filter((ip) => ip !== '');
  if (ips.length > 0) return ips;
  const single = str(status['podIP']);
  return single === '' ? [] : [single];
}

function readyCondition(status: Record<string, unknown>): Record<string, unknown> | undefined {
  const conditions = Array.isArray(status['conditions']) ? status['conditions'] : [];
  const found = conditions.find((c: unknown) => isRecord(c) && c['type'] === 'Ready');
  return isRecord(found) ? found : undefined;
}

export function podView(obj: KubeObject): PodView {
  const spec = isRecord(obj['spec']) ? obj['spec'] : {};
  const status = isRecord(obj['status']) ? obj['status'] : {};
  const containers = Array.isArray(spec['containers']) ? spec['containers'] : [];
  const sidecars = (Array.isArray(spec['initContainers']) ? spec['initContainers'] : []).filter((c: unknown) => isRecord(c) && c['restartPolicy'] === 'Always');
  const ready = readyCondition(status);
  const transition = ready?.['lastTransitionTime'];
  return {
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name ?? '',
    uid: obj.metadata.uid ?? '',
    resourceVersion: obj.metadata.resourceVersion ?? '',
    labels: obj.metadata.labels ?? {},
    phase: str(status['phase']),
    podIPs: podIPsOf(status),
    ready: ready?.['status'] === 'True',
    readyTransitionTime: typeof transition === 'string' && transition !== '' ? transition : undefined,
    deleting: obj.metadata.deletionTimestamp !== undefined && obj.metadata.deletionTimestamp !== null,
    nodeName: str(spec['nodeName']),
    hostname: str(spec['hostname']),
    subdomain: str(spec['subdomain']),
    containerPorts: [...containers, ...sidecars].flatMap(portsOfContainer),
  };
}
