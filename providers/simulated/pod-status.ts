import { createHash } from 'node:crypto';
import { isRecord, withMembers, type KubeObject } from '../../core/index.ts';
import { rfc3339 } from './node-object.ts';

/**
 * The status a kubelet writes for a pod whose containers all started: phase
 * Running, addresses, container statuses and kubelet's conditions, merged
 * with the conditions other components own (readiness gates, disruption), as
 * kubelet's status manager merges them.
 */

/** The condition types kubelet owns (kubetypes.PodConditionByKubelet), in the order kubelet writes them. */
const KUBELET_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'] as const;

interface Condition {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
}

export interface RunningStatusInput {
  hostIp: string;
  podIp: string;
  now: Date;
  /** containers pass their (simulated) readiness */
  containersReady: boolean;
}

export function runningPodStatus(pod: KubeObject, input: RunningStatusInput): Record<string, unknown> {
  const previous = isRecord(pod['status']) ? pod['status'] : {};
  const stamp = rfc3339(input.now);
  const startTime = typeof previous['startTime'] === 'string' ? previous['startTime'] : stamp;
  const uid = pod.metadata.uid ?? pod.metadata.name ?? '';
  const containers = containersOf(pod, 'containers');
  const initContainers = containersOf(pod, 'initContainers');
  const containerStatuses = containers.map((c) => ({
    name: c.name,
    state: { running: { startedAt: stamp } },
    lastState: {},
    ready: input.containersReady,
    restartCount: 0,
    image: c.image,
    imageID: imageIdOf(c.image),
    containerID: containerIdOf(uid, c.name),
    started: true,
  }));
  const initContainerStatuses = initContainers.map((c) =>
    c.restartPolicy === 'Always'
      ? { ...baseStatus(uid, c), state: { running: { startedAt: stamp } }, ready: input.containersReady, started: true }
      : {
          ...baseStatus(uid, c),
          state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: stamp, finishedAt: stamp, containerID: containerIdOf(uid, c.name) } },
          ready: true,
          started: false,
        },
  );
  const status: Record<string, unknown> = withMembers(previous, {
    phase: 'Running',
    conditions: mergeConditions(previous['conditions'], kubeletConditions(pod, input.containersReady, containers), stamp),
    hostIP: input.hostIp,
    hostIPs: [{ ip: input.hostIp }],
    podIP: input.podIp,
    podIPs: [{ ip: input.podIp }],
    startTime,
    containerStatuses,
  });
  if (initContainerStatuses.length > 0) status['initContainerStatuses'] = initContainerStatuses;
  return status;
}

/** The same pod once its containers pass readiness: only readiness changes. */
export function readyPodStatus(pod: KubeObject, now: Date): Record<string, unknown> {
  const previous = isRecord(pod['status']) ? pod['status'] : {};
  const markReady = (list: unknown): unknown =>
    Array.isArray(list) ? list.map((s: unknown) => (isRecord(s) && isRecord(s['state']) && s['state']['running'] !== undefined ? { ...s, ready: true } : s)) : list;
  return {
    ...previous,
    conditions: mergeConditions(previous['conditions'], kubeletConditions(pod, true, containersOf(pod, 'containers')), rfc3339(now)),
    containerStatuses: markReady(previous['containerStatuses']),
    ...(previous['initContainerStatuses'] === undefined ? {} : { initContainerStatuses: markReady(previous['initContainerStatuses']) }),
  };
}

/** Ready needs the containers ready and every readiness gate's condition True (GeneratePodReadyCondition). */
function kubeletConditions(pod: KubeObject, containersReady: boolean, containers: ContainerSpec[]): Condition[] {
  const unready = containersReady ? [] : containers.map((c) => c.name);
  const notReady = { reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` };
  const containersCondition: Condition = containersReady ? { type: 'ContainersReady', status: 'True' } : { type: 'ContainersReady', status: 'False', ...notReady };
  let ready: Condition = containersReady ? { type: 'Ready', status: 'True' } : { type: 'Ready', status: 'False', ...notReady };
  if (containersReady) {
    const gateProblems = unmetReadinessGates(pod);
    if (gateProblems.length > 0) ready = { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: gateProblems.join(', ') };
  }
  return [
    { type: 'PodReadyToStartContainers', status: 'True' },
    { type: 'Initialized', status: 'True' },
    ready,
    containersCondition,
    { type: 'PodScheduled', status: 'True' },
  ];
}

function unmetReadinessGates(pod: KubeObject): string[] {
  const spec = isRecord(pod['spec']) ? pod['spec'] : {};
  const gates = Array.isArray(spec['readinessGates']) ? spec['readinessGates'] : [];
  const status = isRecord(pod['status']) ? pod['status'] : {};
  const conditions = Array.isArray(status['conditions']) ? status['conditions'].filter(isRecord) : [];
  const problems: string[] = [];
  for (const gate of gates) {
    if (!isRecord(gate) || typeof gate['conditionType'] !== 'string') continue;
    const type = gate['conditionType'];
    const found = conditions.find((c) => c['type'] === type);
    if (found === undefined) problems.push(`corresponding condition of pod readiness gate "${type}" does not exist.`);
    else if (found['status'] !== 'True') problems.push(`the status of pod readiness gate "${type}" is not "True", but ${String(found['status'])}`);
  }
  return problems;
}

/** Others' conditions first and untouched, then kubelet's; a condition keeps its lastTransitionTime while its status holds. */
function mergeConditions(previous: unknown, next: Condition[], stamp: string): Record<string, unknown>[] {
  const old = Array.isArray(previous) ? previous.filter(isRecord) : [];
  const owned = new Set<string>(KUBELET_CONDITIONS);
  const kept = old.filter((c) => typeof c['type'] !== 'string' || !owned.has(c['type']));
  const written = next.map((c) => {
    const before = old.find((o) => o['type'] === c.type);
    const transition = before !== undefined && before['status'] === c.status && typeof before['lastTransitionTime'] === 'string' ? before['lastTransitionTime'] : stamp;
    return withMembers(c, { lastProbeTime: null, lastTransitionTime: transition });
  });
  return [...kept, ...written];
}

interface ContainerSpec {
  name: string;
  image: string;
  restartPolicy: string | undefined;
}

function containersOf(pod: KubeObject, field: 'containers' | 'initContainers'): ContainerSpec[] {
  const spec = isRecord(pod['spec']) ? pod['spec'] : {};
  const list = Array.isArray(spec[field]) ? spec[field] : [];
  return list.filter(isRecord).map((c) => ({
    name: typeof c['name'] === 'string' ? c['name'] : '',
    image: typeof c['image'] === 'string' ? c['image'] : '',
    restartPolicy: typeof c['restartPolicy'] === 'string' ? c['restartPolicy'] : undefined,
  }));
}

function baseStatus(uid: string, c: ContainerSpec): Record<string, unknown> {
  return { name: c.name, lastState: {}, restartCount: 0, image: c.image, imageID: imageIdOf(c.image), containerID: containerIdOf(uid, c.name) };
}

/** image ids by image: a node runs few images, not worth hashing again for every container of every pod */
const imageIds = new Map<string, string>();
const IMAGE_IDS_KEPT = 1024;

/** `repo@sha256:…` as a runtime reports the image it resolved; an image pinned by digest is its own id */
export function imageIdOf(image: string): string {
  if (image.includes('@')) return image;
  let id = imageIds.get(image);
  if (id === undefined) {
    const lastSlash = image.lastIndexOf('/');
    const colon = image.indexOf(':', lastSlash + 1);
    const repository = colon === -1 ? image : image.slice(0, colon);
    id = `${repository}@sha256:${createHash('sha256').update(image).digest('hex')}`;
    if (imageIds.size >= IMAGE_IDS_KEPT) imageIds.clear();
    imageIds.set(image, id);
  }
  return id;
}

function containerIdOf(uid: string, name: string): string {
  return `simulated://${createHash('sha256').update(`${uid}/${name}`).digest('hex')}`;
}
