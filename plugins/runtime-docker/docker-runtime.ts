import type { Readable } from 'node:stream';
import Docker from 'dockerode';
import type { Logger } from 'pino';
import {
  RuntimeError,
  type ContainerFilter,
  type ContainerInfo,
  type ContainerRuntime,
  type ContainerSpec,
  type ContainerStats,
  type ExecOptions,
  type ExecSession,
  type ImagePullPolicy,
  type ImageRef,
  type LogOptions,
  type PodSandbox,
  type PodSandboxSpec,
  type RuntimeCapabilities,
} from '../../core/index.ts';
import { createContainer, inspectContainer, listContainers, removeContainer, startContainer, stopContainer } from './containers.ts';
import { dockerMessageOf } from './docker-errors.ts';
import { execInContainer } from './exec.ts';
import { ensureImage } from './images.ts';
import { containerLogs } from './logs.ts';
import { resolveSocketPath, type DockerRuntimeOptions } from './options.ts';
import { listPodSandboxes, removePodSandbox, runPodSandbox, stopPodSandbox } from './sandboxes.ts';
import type { DockerRuntimeSettings } from './settings.ts';
import { containerStats } from './stats.ts';

export const DOCKER_RUNTIME = 'docker';

const PING_TIMEOUT_MS = 5_000;

/** Whether an engine answers at the options' socket; the reason when not. */
export async function pingDocker(options: Pick<DockerRuntimeOptions, 'socketPath'>): Promise<{ ok: true } | { ok: false; reason: string }> {
  const socketPath = resolveSocketPath(options);
  try {
    // a client of its own: the runtime's has no timeout, which following logs needs
    await new Docker({ socketPath, timeout: PING_TIMEOUT_MS }).ping();
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `no Docker engine answers at ${socketPath}: ${dockerMessageOf(error)}` };
  }
}

/** Kubernetes pods on a Docker engine, one runtime per node; see the folder's files for each part. */
export class DockerRuntime implements ContainerRuntime {
  readonly name = DOCKER_RUNTIME;
  readonly capabilities: RuntimeCapabilities = {
    podNetwork: true,
    hostPorts: true,
    resourceLimits: true,
    mounts: true,
    images: true,
    exec: true,
    stats: true,
  };
  private readonly settings: DockerRuntimeSettings;

  constructor(options: DockerRuntimeOptions, context: { nodeName: string; logger: Logger }, docker?: Docker) {
    this.settings = {
      docker: docker ?? new Docker({ socketPath: resolveSocketPath(options) }),
      nodeName: context.nodeName,
      sandboxImage: options.sandboxImage,
      sandboxCommand: options.sandboxCommand,
      hostIP: options.hostIP,
      logger: context.logger,
      inspections: new Map(),
    };
  }

  /** Fails with RUNTIME_ERR_UNAVAILABLE when the engine does not answer. */
  static async connect(options: DockerRuntimeOptions, context: { nodeName: string; logger: Logger }): Promise<DockerRuntime> {
    const ping = await pingDocker(options);
    if (!ping.ok) throw new RuntimeError('RUNTIME_ERR_UNAVAILABLE', ping.reason);
    return new DockerRuntime(options, context);
  }

  async version(): Promise<string> {
    const version = await this.settings.docker.version();
    return `docker://${version.Version}`;
  }

  ensureImage(image: string, policy: ImagePullPolicy): Promise<ImageRef> {
    return ensureImage(this.settings.docker, image, policy);
  }

  runPodSandbox(spec: PodSandboxSpec): Promise<PodSandbox> {
    return runPodSandbox(this.settings, spec);
  }

  stopPodSandbox(id: string): Promise<void> {
    return stopPodSandbox(this.settings, id);
  }

  removePodSandbox(id: string): Promise<void> {
    return removePodSandbox(this.settings, id);
  }

  listPodSandboxes(): Promise<PodSandbox[]> {
    return listPodSandboxes(this.settings);
  }

  createContainer(spec: ContainerSpec): Promise<string> {
    return createContainer(this.settings, spec);
  }

  startContainer(id: string): Promise<void> {
    return startContainer(this.settings, id);
  }

  stopContainer(id: string, gracePeriodSeconds: number, signal?: NodeJS.Signals): Promise<void> {
    return stopContainer(this.settings, id, gracePeriodSeconds, signal);
  }

  removeContainer(id: string): Promise<void> {
    return removeContainer(this.settings, id);
  }

  listContainers(filter?: ContainerFilter): Promise<ContainerInfo[]> {
    return listContainers(this.settings, filter);
  }

  inspectContainer(id: string): Promise<ContainerInfo> {
    return inspectContainer(this.settings, id);
  }

  logs(id: string, options: LogOptions, signal?: AbortSignal): Promise<Readable> {
    return containerLogs(this.settings, id, options, signal);
  }

  exec(id: string, options: ExecOptions): Promise<ExecSession> {
    return execInContainer(this.settings, id, options);
  }

  stats(id: string): Promise<ContainerStats> {
    return containerStats(this.settings, id);
  }

  /** dockerode keeps no connections open between requests; streams handed out end on their own. */
  async close(): Promise<void> {}
}
