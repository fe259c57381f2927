/**
 * The PodStatus the agent reports: container statuses from what the runtime
 * holds, waiting reasons from the last sync, readiness from the probes, the
 * phase and kubelet's conditions (kubelet's generateAPIPodStatus). Pure: the
 * status writer compares it with what the API has and writes only changes.
 */
import { isRecord } from '../api/types/meta.ts';
import type { ContainerInfo } from '../contracts/runtime.ts';
import { podPhase } from './pod-phase.ts';
import type { ContainerView, PodView } from './pod-view.ts';
import { latestContainer, previousContainer, readySandbox, type RuntimePod } from './runtime-pod.ts';

export interface Waiting {
  reason: string;
  message?: string;
}

export interface StatusInput {
  pod: PodView;
  runtime: RuntimePod;
  /** why a container is not running yet, from the last sync (ErrImagePull, CrashLoopBackOff, ...) */
  waiting: ReadonlyMap<string, Waiting>;
  ready(containerName: string): boolean;
  started(containerName: string): boolean;
  hostIP: string;
  /** `docker://`: the prefix of containerID */
  runtimeName: string;
  now: Date;
}

type Status = Record<string, unknown>;

export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function terminatedState(info: ContainerInfo, runtimeName: string): Status {
  const terminated: Status = { exitCode: info.exitCode ?? 0, reason: info.reason ?? (info.exitCode === 0 ? 'Completed' : 'Error') };
  if (info.message !== undefined && info.message !== '') terminated['message'] = info.message;
  if (info.startedAt !== undefined) terminated['startedAt'] = rfc3339(info.startedAt);
  if (info.finishedAt !== undefined) terminated['finishedAt'] = rfc3339(info.finishedAt);
  terminated['containerID'] = `${runtimeName}://${info.id}`;
  return { terminated };
}

function containerStatus(input: StatusInput, container: ContainerView, defaultReason: string, isInit: boolean): Status {
  const { runtime, runtimeName } = input;
  const latest = latestContainer(runtime, container.name);
  const previous = previousContainer(runtime, container.name);
  const waiting = input.waiting.get(container.name);
  const status: Status = { name: container.name, state: {}, lastState: {}, ready: false, restartCount: latest?.attempt ?? 0, image: container.image, imageID: '' };
  if (latest === undefined) {
    status['state'] = { waiting: waiting ?? { reason: defaultReason } };
    status['started'] = false;
    return status;
  }
  status['imageID'] = latest.imageId;
  status['containerID'] = `${runtimeName}://${latest.id}`;
  if (latest.state === 'running') {
    const started = input.started(container.name);
    status['state'] = { running: { startedAt: rfc3339(latest.startedAt ?? latest.createdAt) } };
    status['started'] = started;
    status['ready'] = started && (isInit ? container.sidecar && input.ready(container.name) : input.ready(container.name));
    if (previous !== undefined && previous.state === 'exited') status['lastState'] = terminatedState(previous, runtimeName);
  } else if (latest.state === 'exited') {
    status['started'] = false;
    if (waiting !== undefined) {
      // Waiting to restart (back-off, or the next attempt failed to start): the exit shows as the last state.
      status['state'] = { waiting };
      status['lastState'] = terminatedState(latest, runtimeName);
    } else {
      status['state'] = terminatedState(latest, runtimeName);
      status['ready'] = isInit && latest.exitCode === 0 && !container.sidecar;
      if (previous !== undefined && previous.state === 'exited') status['lastState'] = terminatedState(previous, runtimeName);
    }
  } else {
    status['state'] = { waiting: waiting ?? { reason: 'ContainerCreating' } };
    status['started'] = false;
  }
  return status;
}

interface Condition {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
}

function notReadyCondition(type: string, names: string[], completed: boolean): Condition {
  if (completed) return { type, status: 'False', reason: 'PodCompleted' };
  return names.length === 0 ? { type, status: 'True' } : { type, status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${names.join(' ')}]` };
}

/** kubelet's conditions, keeping each one's lastTransitionTime while its status stays, and every condition it does not own. */
function mergeConditions(previous: unknown, owned: Condition[], now: string): Status[] {
  const before = new Map<string, Status>();
  for (const c of Array.isArray(previous) ? previous.filter(isRecord) : []) if (typeof c['type'] === 'string') before.set(c['type'], c);
  const ownedTypes = new Set(owned.map((c) => c.type));
  const out: Status[] = owned.map((c) => {
    const old = before.get(c.type);
    const transition = old !== undefined && old['status'] === c.status && typeof old['lastTransitionTime'] === 'string' ? old['lastTransitionTime'] : now;
    return { ...c, lastProbeTime: null, lastTransitionTime: transition };
  });
  for (const [type, c] of before) if (!ownedTypes.has(type)) out.push(c);
  return out;
}

export function buildPodStatus(input: StatusInput): Status {
  const { pod, runtime } = input;
  const previous = isRecord(pod.object['status']) ? pod.object['status'] : {};
  const now = rfc3339(input.now);
  const defaultReason = pod.initContainers.length > 0 ? 'PodInitializing' : 'ContainerCreating';
  const initContainerStatuses = pod.initContainers.map((c) => containerStatus(input, c, defaultReason, true));
  const containerStatuses = pod.containers.map((c) => containerStatus(input, c, defaultReason, false));
  const sandbox = readySandbox(runtime);
  // A terminal phase is final: a pod that finished never runs again, whatever its containers show later.
  const phase = pod.phase === 'Succeeded' || pod.phase === 'Failed' ? pod.phase : podPhase(pod, initContainerStatuses, containerStatuses, false);
  const completed = phase === 'Succeeded' || phase === 'Failed';

  const incompleteInit = pod.initContainers
    .filter((c, i) => {
      const s = initContainerStatuses[i];
      const state = s !== undefined && isRecord(s['state']) ? s['state'] : {};
      if (c.sidecar) return !isRecord(state['running']);
      return !(isRecord(state['terminated']) && state['terminated']['exitCode'] === 0);
    })
    .map((c) => c.name);
  const everStarted = containerStatuses.some((s) => isRecord(s['state']) && (isRecord(s['state']['running']) || isRecord(s['state']['terminated'])));
  const initialized: Condition =
    incompleteInit.length === 0 || everStarted
      ? { type: 'Initialized', status: 'True' }
      : { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${incompleteInit.join(' ')}]` };
  const unready = containerStatuses.filter((s) => s['ready'] !== true).map((s) => String(s['name']));
  const conditions = mergeConditions(
    previous['conditions'],
    [
      { type: 'PodReadyToStartContainers', status: sandbox !== undefined ? 'True' : 'False' },
      initialized,
      notReadyCondition('Ready', unready, completed),
      notReadyCondition('ContainersReady', unready, completed),
    ],
    now,
  );

  const status: Status = {
    ...previous,
    phase,
    conditions,
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
    startTime: typeof previous['startTime'] === 'string' ? previous['startTime'] : now,
    containerStatuses,
  };
  const podIP = sandbox?.ip ?? (typeof previous['podIP'] === 'string' ? previous['podIP'] : undefined);
  if (podIP !== undefined) {
    status['podIP'] = podIP;
    status['podIPs'] = [{ ip: podIP }];
  }
  if (initContainerStatuses.length > 0) status['initContainerStatuses'] = initContainerStatuses;
  else delete status['initContainerStatuses'];
  return status;
}
