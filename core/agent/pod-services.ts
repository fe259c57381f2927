/**
 * The per-pod services a sync draws on, built from the agent's parts: the
 * prober (core/agent/probes), volumes (core/agent/volumes) and the
 * environment (core/agent/env), adapted to the small interfaces pod-sync.ts
 * declares so that each part stays testable alone.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import { Quantity } from '../api/quantity.ts';
import type { KubeObject } from '../api/types/meta.ts';
import type { EventRecorder } from '../controllers/framework/event-recorder.ts';
import type { ContainerRuntime } from '../contracts/runtime.ts';
import type { ContainerConfigResolver } from './container-starter.ts';
import { invalidKeysEventMessage, INVALID_ENV_NAMES_REASON, resolveEnv } from './env/resolve-env.ts';
import type { ObjectSource, PodRuntimeFacts } from './env/object-source.ts';
import { nodeResources, type NodeShape } from './node-object.ts';
import type { PodVolumeManager, ProbeResults } from './pod-sync.ts';
import type { PodView } from './pod-view.ts';
import { ProbeManager, type ProbeExec } from './probes/index.ts';
import { serviceEnvForPod } from './service-env.ts';
import { cleanupPodVolumes, mountsFor, preparePodVolumes, type PreparedVolume } from './volumes/index.ts';
import { VolumeSetupError } from './env/object-source.ts';

export interface PodServicesOptions {
  runtime: ContainerRuntime;
  rootDir: string;
  nodeName: string;
  hostIP: string;
  allocatable: NodeShape;
  objects: ObjectSource;
  /** every Service the agent knows now, for the containers' Service environment variables */
  services(): KubeObject[];
  events: EventRecorder;
  /** a probe result changed: sync the pod (by `namespace/name`) */
  onProbeChange(podKey: string): void;
  logger: Logger;
}

export interface PodServices {
  config: ContainerConfigResolver;
  volumes: PodVolumeManager;
  probes: ProbeResults;
  stop(): void;
}

function allocatableOf(shape: NodeShape): PodRuntimeFacts['nodeAllocatable'] {
  const resources = nodeResources(shape);
  const number = (text: string | undefined, milli: boolean): number => {
    try {
      const q = Quantity.parse(text ?? '0');
      return Number(milli ? q.milliValue() : q.value());
    } catch {
      return 0;
    }
  };
  return {
    cpuMillis: number(resources['cpu'], true),
    memoryBytes: number(resources['memory'], false),
    ephemeralStorageBytes: number(resources['ephemeral-storage'], false),
  };
}

function execFor(runtime: ContainerRuntime): ProbeExec | undefined {
  const exec = runtime.exec?.bind(runtime);
  if (exec === undefined) return undefined;
  return async (containerId, command, timeoutMs) => {
    const session = await exec(containerId, { command, tty: false, stdin: false });
    let output = '';
    const collect = (chunk: Buffer): void => {
      if (output.length < 10 * 1024) output += chunk.toString('utf8');
    };
    session.stdout.on('data', collect);
    session.stderr?.on('data', collect);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const error = new Error(`command timed out after ${timeoutMs}ms`);
        error.name = 'TimeoutError';
        reject(error);
      }, timeoutMs);
    });
    try {
      const exitCode = await Promise.race([session.exitCode, timeout]);
      return { exitCode, output };
    } finally {
      clearTimeout(timer);
    }
  };
}

export function createPodServices(options: PodServicesOptions): PodServices {
  const { logger, events } = options;
  const nodeAllocatable = allocatableOf(options.allocatable);
  /** pods whose containers are probed, by uid, to route results back to their worker and their Events */
  const probed = new Map<string, KubeObject>();
  const keyOf = (pod: KubeObject): string => `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
  const probes = new ProbeManager({
    exec: execFor(options.runtime),
    onChange: (event) => {
      const pod = probed.get(event.podUid);
      if (pod !== undefined) options.onProbeChange(keyOf(pod));
    },
    onProbeEvent: (event) => {
      const pod = probed.get(event.podUid);
      if (pod !== undefined) events.record(pod, 'Warning', event.reason, event.message);
    },
    logger: logger.child({ component: 'prober' }),
  });
  const podDir = (uid: string): string => join(options.rootDir, 'pods', uid);
  const prepared = new Map<string, Map<string, PreparedVolume>>();
  const factsOf = (podIP: string): PodRuntimeFacts => ({ nodeName: options.nodeName, hostIP: options.hostIP, podIP, podIPs: podIP === '' ? [] : [podIP], nodeAllocatable });

  const config: ContainerConfigResolver = {
    resolve(pod: PodView, container, podIP) {
      const resolved = resolveEnv(pod.object, container.spec, options.objects, factsOf(podIP), serviceEnvForPod(pod.object, options.services()));
      for (const invalid of resolved.invalidKeys) events.record(pod.object, 'Warning', INVALID_ENV_NAMES_REASON, invalidKeysEventMessage(invalid));
      return { env: resolved.env, mounts: mountsFor(pod.object, container.spec, prepared.get(pod.uid) ?? new Map()) };
    },
  };
  const volumes: PodVolumeManager = {
    async setUp(pod) {
      try {
        const result = await preparePodVolumes(pod.object, options.objects, factsOf(''), podDir(pod.uid));
        prepared.set(pod.uid, result);
        return undefined;
      } catch (error) {
        if (error instanceof VolumeSetupError) return error.eventMessage;
        throw error;
      }
    },
    async tearDown(uid) {
      prepared.delete(uid);
      await cleanupPodVolumes(podDir(uid));
    },
  };
  const probeResults: ProbeResults = {
    livenessFailed: (uid, name) => probes.liveness(uid, name) === 'failure',
    startupFailed: (uid, name) => probes.startup(uid, name) === 'failure',
    ready: (uid, name) => probes.ready(uid, name),
    started: (uid, name) => probes.started(uid, name),
    track(pod, container, containerId, podIP) {
      probed.set(pod.metadata.uid ?? '', pod);
      probes.addContainer(pod, container.spec, containerId, podIP);
    },
    forgetPod(uid) {
      probed.delete(uid);
      probes.removePod(uid);
    },
  };
  return { config, volumes, probes: probeResults, stop: () => probes.stop() };
}
