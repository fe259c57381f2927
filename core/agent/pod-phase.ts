/**
 * The pod phase from its container statuses: kubelet's getPhase
 * (pkg/kubelet/kubelet_pods.go), kept to its rules so that `kubectl get pods`
 * reads the same.
 */
import { isRecord } from '../api/types/meta.ts';
import type { PodView } from './pod-view.ts';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

type Status = Record<string, unknown>;

function stateOf(status: Status | undefined, key: 'running' | 'terminated' | 'waiting'): Status | undefined {
  if (status === undefined || !isRecord(status['state'])) return undefined;
  const value = status['state'][key];
  return isRecord(value) ? value : undefined;
}

function lastTerminated(status: Status): Status | undefined {
  const last = status['lastState'];
  return isRecord(last) && isRecord(last['terminated']) ? last['terminated'] : undefined;
}

function byName(statuses: readonly Status[]): Map<string, Status> {
  return new Map(statuses.flatMap((s) => (typeof s['name'] === 'string' ? [[s['name'], s] as const] : [])));
}

export function podPhase(pod: PodView, initStatuses: readonly Status[], statuses: readonly Status[], podIsTerminal: boolean): PodPhase {
  const inits = byName(initStatuses);
  let pendingInitialization = 0;
  let failedInitialization = 0;
  for (const container of pod.initContainers) {
    const status = inits.get(container.name);
    if (container.sidecar) {
      if (stateOf(status, 'running') === undefined) pendingInitialization++;
      continue;
    }
    if (status === undefined) {
      pendingInitialization++;
      continue;
    }
    const terminated = stateOf(status, 'terminated');
    if (stateOf(status, 'running') !== undefined) pendingInitialization++;
    else if (terminated !== undefined) {
      if (terminated['exitCode'] !== 0) failedInitialization++;
    } else if (stateOf(status, 'waiting') !== undefined) {
      const last = lastTerminated(status);
      if (last !== undefined) {
        if (last['exitCode'] !== 0) failedInitialization++;
      } else pendingInitialization++;
    } else pendingInitialization++;
  }

  const regular = byName(statuses);
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  let anyStarted = false;
  for (const container of pod.containers) {
    const status = regular.get(container.name);
    if (status === undefined) {
      unknown++;
      continue;
    }
    const terminated = stateOf(status, 'terminated');
    if (stateOf(status, 'running') !== undefined) {
      running++;
      anyStarted = true;
    } else if (terminated !== undefined) {
      stopped++;
      anyStarted = true;
      if (terminated['exitCode'] === 0) succeeded++;
    } else if (stateOf(status, 'waiting') !== undefined) {
      if (lastTerminated(status) !== undefined) {
        stopped++;
        anyStarted = true;
      } else waiting++;
    } else unknown++;
  }

  if (failedInitialization > 0 && pod.restartPolicy === 'Never') return 'Failed';
  if ((pendingInitialization > 0 && !anyStarted) || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (pod.restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (pod.restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}
