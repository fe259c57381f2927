/**
 * What one sync of a pod must do, decided from the pod's spec and what the
 * runtime holds of it: kubelet's computePodActions, pure so that every rule
 * is tested as a table. Executing the actions is pod-sync.ts's job.
 */
import type { ContainerInfo } from '../contracts/runtime.ts';
import type { ContainerView, PodView } from './pod-view.ts';
import { latestContainer, readySandbox, type RuntimePod } from './runtime-pod.ts';

export interface ContainerToKill {
  container: ContainerInfo;
  /** the Event message, e.g. "Container web failed liveness probe, will be restarted" */
  message: string;
}

export interface PodActions {
  /** stop every container and the sandbox (then start again if createSandbox) */
  killPod: boolean;
  createSandbox: boolean;
  /** the init container to run next, in order */
  initContainerToStart: ContainerView | undefined;
  containersToStart: ContainerView[];
  containersToKill: ContainerToKill[];
}

export interface ContainerHealth {
  /** liveness failed after its threshold: restart */
  livenessFailed(containerName: string): boolean;
  /** startup probe failed after its threshold: restart */
  startupFailed(containerName: string): boolean;
  /** the spec hash the container should run with */
  specHash(container: ContainerView): string;
}

export const SPEC_HASH_LABEL = 'kubernel.dev/container-hash';

/** Kubernetes' ShouldContainerBeRestarted for a container that is not running. */
export function shouldRestart(pod: PodView, container: ContainerView, latest: ContainerInfo | undefined): boolean {
  if (pod.deleting) return false;
  if (latest === undefined) return true;
  if (latest.state === 'running' || latest.state === 'created') return false;
  if (container.sidecar) return true;
  if (pod.restartPolicy === 'Never') return false;
  if (pod.restartPolicy === 'OnFailure' && latest.exitCode === 0) return false;
  return true;
}

function isDone(latest: ContainerInfo | undefined): boolean {
  return latest !== undefined && latest.state === 'exited' && latest.exitCode === 0;
}

interface InitProgress {
  /** every init container finished (sidecars: started) */
  initialized: boolean;
  next: ContainerView | undefined;
  /** an init container failed and may not restart: the pod fails */
  failed: boolean;
}

function initProgress(pod: PodView, runtime: RuntimePod): InitProgress {
  for (const container of pod.initContainers) {
    const latest = latestContainer(runtime, container.name);
    if (container.sidecar) {
      if (latest?.state === 'running') continue;
      return { initialized: false, next: container, failed: false };
    }
    if (isDone(latest)) continue;
    if (latest === undefined) return { initialized: false, next: container, failed: false };
    if (latest.state === 'running' || latest.state === 'created') return { initialized: false, next: undefined, failed: false };
    // exited with a failure
    if (pod.restartPolicy === 'Never') return { initialized: false, next: undefined, failed: true };
    return { initialized: false, next: container, failed: false };
  }
  return { initialized: true, next: undefined, failed: false };
}

/** Whether the pod's init containers all ran before (kubelet: HasAnyRegularContainerStarted decides re-init). */
function anyRegularContainerStarted(pod: PodView, runtime: RuntimePod): boolean {
  return pod.containers.some((c) => latestContainer(runtime, c.name) !== undefined);
}

export function computePodActions(pod: PodView, runtime: RuntimePod, health: ContainerHealth): PodActions {
  const actions: PodActions = { killPod: false, createSandbox: false, initContainerToStart: undefined, containersToStart: [], containersToKill: [] };
  if (pod.deleting) return { ...actions, killPod: true };
  // A pod in a terminal phase never runs again (kubelet's pod worker stops syncing it).
  if (pod.phase === 'Succeeded' || pod.phase === 'Failed') return { ...actions, killPod: runtime.sandboxes.length > 0 || runtime.containers.size > 0 };

  const sandbox = readySandbox(runtime);
  if (sandbox === undefined) {
    const ranBefore = runtime.sandboxes.length > 0 && runtime.containers.size > 0;
    // A pod that must not restart and whose sandbox died after its containers ran is over: do not start it again.
    if (ranBefore && pod.restartPolicy === 'Never') return { ...actions, killPod: runtime.sandboxes.length > 0 };
    actions.killPod = runtime.sandboxes.length > 0;
    actions.createSandbox = true;
    const first = pod.initContainers[0];
    if (first !== undefined) actions.initContainerToStart = first;
    else actions.containersToStart = pod.containers.filter((c) => !(pod.restartPolicy === 'OnFailure' && isDone(latestContainer(runtime, c.name))));
    // Everything already finished for good: no sandbox for nothing.
    if (actions.initContainerToStart === undefined && actions.containersToStart.length === 0) actions.createSandbox = false;
    return actions;
  }

  const init = initProgress(pod, runtime);
  if (init.failed) return { ...actions, killPod: true };
  if (!init.initialized && !anyRegularContainerStarted(pod, runtime)) {
    actions.initContainerToStart = init.next;
    return actions;
  }

  let keep = 0;
  for (const container of pod.containers) {
    const latest = latestContainer(runtime, container.name);
    if (latest === undefined || (latest.state !== 'running' && latest.state !== 'created')) {
      if (shouldRestart(pod, container, latest)) actions.containersToStart.push(container);
      continue;
    }
    let message: string | undefined;
    if (health.livenessFailed(container.name)) message = `Container ${container.name} failed liveness probe, will be restarted`;
    else if (health.startupFailed(container.name)) message = `Container ${container.name} failed startup probe, will be restarted`;
    else if ((latest.labels[SPEC_HASH_LABEL] ?? '') !== health.specHash(container)) message = `Container ${container.name} definition changed, will be restarted`;
    if (message === undefined) {
      keep++;
      continue;
    }
    actions.containersToKill.push({ container: latest, message });
    if (pod.restartPolicy !== 'Never') actions.containersToStart.push(container);
  }
  // Nothing runs and nothing will: stop the sandbox too (kubelet kills the pod).
  if (keep === 0 && actions.containersToStart.length === 0 && pod.initContainers.every((c) => !c.sidecar)) actions.killPod = true;
  return actions;
}
