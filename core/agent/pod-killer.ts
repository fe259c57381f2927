/**
 * Graceful termination, as kubelet's killContainer: the preStop hook runs
 * first and uses up part of the grace period, then the runtime sends SIGTERM
 * and SIGKILL once the rest is over. A pod's containers stop in parallel,
 * then its sandbox.
 */
import type { Logger } from 'pino';
import type { EventRecorder } from '../controllers/framework/event-recorder.ts';
import type { ContainerInfo, ContainerRuntime } from '../contracts/runtime.ts';
import { hookOf, runHook } from './lifecycle-hooks.ts';
import type { ContainerView, PodView } from './pod-view.ts';
import type { RuntimePod } from './runtime-pod.ts';

/** kubelet never gives a container less than this after its preStop hook */
const MIN_GRACE_AFTER_HOOK_SECONDS = 2;

export interface KillerDeps {
  runtime: ContainerRuntime;
  events: EventRecorder;
  logger: Logger;
}

export async function killContainer(
  deps: KillerDeps,
  pod: PodView | undefined,
  container: ContainerInfo,
  gracePeriodSeconds: number,
  message: string | undefined,
): Promise<void> {
  if (container.state !== 'running' && container.state !== 'created') return;
  const spec: ContainerView | undefined = pod === undefined ? undefined : [...pod.containers, ...pod.initContainers].find((c) => c.name === container.name);
  if (pod !== undefined) deps.events.record(pod.object, 'Normal', 'Killing', message ?? `Stopping container ${container.name}`);
  let grace = gracePeriodSeconds;
  const preStop = spec === undefined ? undefined : hookOf(spec, 'preStop');
  if (spec !== undefined && preStop !== undefined && container.state === 'running' && grace > 0) {
    const began = Date.now();
    const failure = await runHook(preStop, { runtime: deps.runtime, containerId: container.id, container: spec, podIP: '127.0.0.1' }, grace * 1000);
    if (failure !== undefined && pod !== undefined) deps.events.record(pod.object, 'Warning', 'FailedPreStopHook', `PreStopHook failed: ${failure}`);
    grace = Math.max(MIN_GRACE_AFTER_HOOK_SECONDS, grace - Math.ceil((Date.now() - began) / 1000));
  }
  await deps.runtime.stopContainer(container.id, grace);
}

/** Stops every running container of the pod, then its sandboxes; removes nothing. */
export async function killPod(deps: KillerDeps, pod: PodView | undefined, runtimePod: RuntimePod, gracePeriodSeconds: number): Promise<void> {
  const running = [...runtimePod.containers.values()].flatMap((list) => list.filter((c) => c.state === 'running' || c.state === 'created'));
  await Promise.all(running.map((c) => killContainer(deps, pod, c, gracePeriodSeconds, undefined)));
  for (const sandbox of runtimePod.sandboxes) if (sandbox.state === 'ready') await deps.runtime.stopPodSandbox(sandbox.id);
}

/** Removes the pod's containers and sandboxes for good (the pod is gone or finished with). */
export async function removePod(runtime: ContainerRuntime, runtimePod: RuntimePod): Promise<void> {
  for (const list of runtimePod.containers.values()) for (const c of list) await runtime.removeContainer(c.id);
  for (const sandbox of runtimePod.sandboxes) await runtime.removePodSandbox(sandbox.id);
}

/**
 * Removes dead containers beyond the latest two of each name (the latest and
 * the one `kubectl logs --previous` reads), and dead sandboxes other than the newest.
 */
export async function pruneDead(runtime: ContainerRuntime, runtimePod: RuntimePod): Promise<void> {
  for (const list of runtimePod.containers.values()) {
    for (const c of list.slice(2)) if (c.state === 'exited') await runtime.removeContainer(c.id);
  }
  for (const sandbox of runtimePod.sandboxes.slice(1)) if (sandbox.state === 'notready') await runtime.removePodSandbox(sandbox.id);
}
