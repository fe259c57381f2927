/**
 * A typed reading of the parts of a Pod the agent acts on. The API server
 * validated and defaulted the pod, so these readers only guard against what
 * validation lets through (absent optional fields), never repair it.
 */
import { Quantity } from '../api/quantity.ts';
import { isRecord, type KubeObject } from '../api/types/meta.ts';
import type { ContainerResources, ImagePullPolicy, PortMapping } from '../contracts/runtime.ts';

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

export interface ContainerView {
  name: string;
  image: string;
  imagePullPolicy: ImagePullPolicy;
  command: string[];
  args: string[];
  workingDir: string | undefined;
  ports: PortMapping[];
  /** ports by name, for probes and lifecycle hooks with a named port */
  namedPorts: Map<string, number>;
  tty: boolean;
  stdin: boolean;
  stdinOnce: boolean;
  resources: ContainerResources;
  /** an init container with `restartPolicy: Always` (a sidecar) */
  sidecar: boolean;
  /** the container as the pod spec has it, for env, mounts, probes and hooks */
  spec: Record<string, unknown>;
}

export interface PodView {
  uid: string;
  namespace: string;
  name: string;
  /** `namespace/name`: the agent's work-queue key */
  key: string;
  restartPolicy: RestartPolicy;
  terminationGracePeriodSeconds: number;
  hostNetwork: boolean;
  hostname: string;
  initContainers: ContainerView[];
  containers: ContainerView[];
  deleting: boolean;
  /** the grace the delete asked for; undefined while not deleting */
  deletionGracePeriodSeconds: number | undefined;
  phase: string | undefined;
  object: KubeObject;
}

const DEFAULT_GRACE_SECONDS = 30;

export function podView(pod: KubeObject): PodView {
  const spec = isRecord(pod['spec']) ? pod['spec'] : {};
  const status = isRecord(pod['status']) ? pod['status'] : {};
  const namespace = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name ?? '';
  const grace = spec['terminationGracePeriodSeconds'];
  const restartPolicy = spec['restartPolicy'];
  return {
    uid: pod.metadata.uid ?? '',
    namespace,
    name,
    key: `${namespace}/${name}`,
    restartPolicy: restartPolicy === 'OnFailure' || restartPolicy === 'Never' ? restartPolicy : 'Always',
    terminationGracePeriodSeconds: typeof grace === 'number' ? grace : DEFAULT_GRACE_SECONDS,
    hostNetwork: spec['hostNetwork'] === true,
    hostname: typeof spec['hostname'] === 'string' && spec['hostname'] !== '' ? spec['hostname'] : name.slice(0, 63),
    initContainers: containerList(spec['initContainers']),
    containers: containerList(spec['containers']),
    deleting: pod.metadata.deletionTimestamp !== undefined,
    deletionGracePeriodSeconds: pod.metadata.deletionGracePeriodSeconds,
    phase: typeof status['phase'] === 'string' ? status['phase'] : undefined,
    object: pod,
  };
}

function containerList(value: unknown): ContainerView[] {
  return Array.isArray(value) ? value.filter(isRecord).map(containerView) : [];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function containerView(spec: Record<string, unknown>): ContainerView {
  const image = typeof spec['image'] === 'string' ? spec['image'] : '';
  const policy = spec['imagePullPolicy'];
  const ports: PortMapping[] = [];
  const namedPorts = new Map<string, number>();
  for (const port of Array.isArray(spec['ports']) ? spec['ports'].filter(isRecord) : []) {
    const containerPort = port['containerPort'];
    if (typeof containerPort !== 'number') continue;
    if (typeof port['name'] === 'string') namedPorts.set(port['name'], containerPort);
    const protocol = port['protocol'] === 'UDP' || port['protocol'] === 'SCTP' ? port['protocol'] : 'TCP';
    const hostPort = port['hostPort'];
    if (typeof hostPort === 'number' && hostPort > 0) {
      ports.push({ containerPort, hostPort, protocol, hostIP: typeof port['hostIP'] === 'string' ? port['hostIP'] : '' });
    }
  }
  return {
    name: typeof spec['name'] === 'string' ? spec['name'] : '',
    image,
    imagePullPolicy: policy === 'Always' || policy === 'Never' || policy === 'IfNotPresent' ? policy : defaultPullPolicy(image),
    command: strings(spec['command']),
    args: strings(spec['args']),
    workingDir: typeof spec['workingDir'] === 'string' && spec['workingDir'] !== '' ? spec['workingDir'] : undefined,
    ports,
    namedPorts,
    tty: spec['tty'] === true,
    stdin: spec['stdin'] === true,
    stdinOnce: spec['stdinOnce'] === true,
    resources: resourcesOf(spec['resources']),
    sidecar: spec['restartPolicy'] === 'Always',
    spec,
  };
}

/** the API defaults it; this only covers a pod that skipped defaulting */
function defaultPullPolicy(image: string): ImagePullPolicy {
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  return !lastPart.includes(':') || lastPart.endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

function quantityOf(map: unknown, key: string): Quantity | undefined {
  if (!isRecord(map)) return undefined;
  const value = map[key];
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  try {
    return Quantity.parse(String(value));
  } catch {
    return undefined;
  }
}

function resourcesOf(value: unknown): ContainerResources {
  const resources = isRecord(value) ? value : {};
  const out: ContainerResources = {};
  const cpuRequest = quantityOf(resources['requests'], 'cpu');
  const cpuLimit = quantityOf(resources['limits'], 'cpu');
  const memoryRequest = quantityOf(resources['requests'], 'memory');
  const memoryLimit = quantityOf(resources['limits'], 'memory');
  if (cpuRequest !== undefined) out.cpuRequestMillis = Number(cpuRequest.milliValue());
  if (cpuLimit !== undefined) out.cpuLimitMillis = Number(cpuLimit.milliValue());
  if (memoryRequest !== undefined) out.memoryRequestBytes = Number(memoryRequest.value());
  if (memoryLimit !== undefined) out.memoryLimitBytes = Number(memoryLimit.value());
  return out;
}

/** Every hostPort of the pod's containers: the sandbox publishes them, as dockershim did. */
export function podPortMappings(pod: PodView): PortMapping[] {
  return [...pod.initContainers, ...pod.containers].flatMap((c) => c.ports);
}
