/**
 * Starts one container of a pod, as kubelet's startContainer: the image as
 * its pull policy says (with a back-off on failures), the environment and
 * mounts, create, start, then the postStart hook. A failure becomes the
 * container's waiting reason with kubelet's Events, never an exception.
 */
import type { Logger } from 'pino';
import type { KubeObject } from '../api/types/meta.ts';
import type { EventRecorder } from '../controllers/framework/event-recorder.ts';
import { isRuntimeError, RuntimeLabels, waitingReasonOf, type ContainerRuntime, type Mount, type PodSandbox } from '../contracts/runtime.ts';
import { CrashBackoff } from './crash-backoff.ts';
import { ContainerConfigError } from './env/object-source.ts';
import { hookOf, runHook } from './lifecycle-hooks.ts';
import { SPEC_HASH_LABEL } from './pod-actions.ts';
import type { Waiting } from './pod-status.ts';
import type { ContainerView, PodView } from './pod-view.ts';

export interface ContainerConfig {
  env: { name: string; value: string }[];
  mounts: Mount[];
}

export interface ContainerConfigResolver {
  /** throws ContainerConfigError (env/object-source.ts) when a referenced ConfigMap, Secret or key is missing */
  resolve(pod: PodView, container: ContainerView, podIP: string): ContainerConfig;
}

export interface StarterDeps {
  runtime: ContainerRuntime;
  config: ContainerConfigResolver;
  events: EventRecorder;
  /** image pull failures back off like crashes (ImagePullBackOff) */
  pullBackoff: CrashBackoff;
  nodeName: string;
  logger: Logger;
  specHash(container: ContainerView): string;
  now(): number;
}

export type StartOutcome = { started: string } | { waiting: Waiting; retryAfterMs: number };

const POST_START_TIMEOUT_MS = 30_000;

export async function startContainer(
  deps: StarterDeps,
  pod: PodView,
  container: ContainerView,
  sandbox: PodSandbox,
  attempt: number,
): Promise<StartOutcome> {
  const object: KubeObject = pod.object;
  const pullKey = CrashBackoff.keyOf(pod.uid, `image:${container.image}`);
  const pullWait = deps.pullBackoff.remainingSinceLastMs(pullKey, deps.now());
  if (pullWait > 0) {
    deps.events.record(object, 'Normal', 'BackOff', `Back-off pulling image "${container.image}"`);
    return { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${container.image}"` }, retryAfterMs: pullWait };
  }

  let image: string;
  let imageId: string;
  try {
    if (container.imagePullPolicy === 'Always') deps.events.record(object, 'Normal', 'Pulling', `Pulling image "${container.image}"`);
    const began = deps.now();
    const ref = await deps.runtime.ensureImage(container.image, container.imagePullPolicy);
    image = ref.image;
    imageId = ref.imageId;
    deps.events.record(
      object,
      'Normal',
      'Pulled',
      container.imagePullPolicy === 'Always'
        ? `Successfully pulled image "${container.image}" in ${((deps.now() - began) / 1000).toFixed(3)}s`
        : `Container image "${container.image}" already present on machine`,
    );
  } catch (error) {
    if (!isRuntimeError(error)) throw error;
    const reason = waitingReasonOf(error);
    deps.events.record(object, 'Warning', 'Failed', error.message);
    deps.events.record(object, 'Warning', 'Failed', `Error: ${reason}`);
    deps.pullBackoff.recordRestart(pullKey, deps.now());
    // Look again soon: the next sync shows ImagePullBackOff while the back-off lasts, as kubelet's does.
    return { waiting: { reason, message: error.message }, retryAfterMs: 1_000 };
  }
  deps.pullBackoff.forget(pullKey);

  let config: ContainerConfig;
  try {
    config = deps.config.resolve(pod, container, sandbox.ip ?? '');
  } catch (error) {
    if (!(error instanceof ContainerConfigError)) throw error;
    deps.events.record(object, 'Warning', 'Failed', `Error: ${error.message}`);
    return { waiting: { reason: 'CreateContainerConfigError', message: error.message }, retryAfterMs: 2_000 };
  }

  let id: string;
  try {
    id = await deps.runtime.createContainer({
      sandboxId: sandbox.id,
      podUid: pod.uid,
      namespace: pod.namespace,
      podName: pod.name,
      name: container.name,
      attempt,
      image,
      command: container.command,
      args: container.args,
      env: config.env,
      workingDir: container.workingDir,
      mounts: config.mounts,
      resources: container.resources,
      tty: container.tty,
      stdin: container.stdin,
      stdinOnce: container.stdinOnce,
      labels: { [SPEC_HASH_LABEL]: deps.specHash(container), [RuntimeLabels.node]: deps.nodeName },
    });
    deps.events.record(object, 'Normal', 'Created', `Created container: ${container.name}`);
    await deps.runtime.startContainer(id);
  } catch (error) {
    // Any failure here is the container's, not the agent's: it waits and the next sync tries again.
    const reason = isRuntimeError(error, 'RUNTIME_ERR_CREATE') ? 'CreateContainerError' : 'RunContainerError';
    const message = error instanceof Error ? error.message : String(error);
    deps.events.record(object, 'Warning', 'Failed', `Error: ${message}`);
    return { waiting: { reason, message }, retryAfterMs: 5_000 };
  }
  deps.events.record(object, 'Normal', 'Started', `Started container ${container.name}`);
  deps.logger.debug({ pod: pod.key, container: container.name, imageId, attempt }, 'container started');

  const postStart = hookOf(container, 'postStart');
  if (postStart !== undefined) {
    const failure = await runHook(postStart, { runtime: deps.runtime, containerId: id, container, podIP: sandbox.ip ?? '127.0.0.1' }, POST_START_TIMEOUT_MS);
    if (failure !== undefined) {
      deps.events.record(object, 'Warning', 'FailedPostStartHook', failure);
      await deps.runtime.stopContainer(id, 0);
    }
  }
  return { started: id };
}
