/**
 * The container-runtime extension point: how a node agent runs a pod's
 * containers. Shaped after Kubernetes' CRI (a pod sandbox that holds the
 * pod's network, containers created into it) and Nomad's driver API (declared
 * capabilities instead of probing). One runtime instance serves one node: it
 * labels everything it creates with that node's name and lists only those, so
 * several agents can share one Docker engine.
 */
import type { Readable, Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createExtensionPoint } from '../kernel/plugin.ts';
import type { StandardSchemaV1 } from '../kernel/standard-schema.ts';

/** Labels every runtime puts on what it creates, so that an agent finds its pods' containers after a restart. */
export const RuntimeLabels = {
  /** the node (agent) the sandbox or container belongs to */
  node: 'kubernel.dev/node',
  podUid: 'io.kubernetes.pod.uid',
  podNamespace: 'io.kubernetes.pod.namespace',
  podName: 'io.kubernetes.pod.name',
  containerName: 'io.kubernetes.container.name',
  /** how many times this container of this pod was created before (0 for the first) */
  attempt: 'io.kubernetes.container.restartCount',
  /** 'podsandbox' or 'container', as dockershim tells them apart */
  type: 'io.kubernetes.docker.type',
} as const;

/** What a runtime can do, declared rather than probed; the agent and the docs read it. */
export interface RuntimeCapabilities {
  /** the containers of one pod share a network namespace and reach each other on localhost */
  podNetwork: boolean;
  /** `ports[].hostPort` is published on the host (127.0.0.1 unless hostIP says otherwise) */
  hostPorts: boolean;
  /** CPU and memory limits are enforced */
  resourceLimits: boolean;
  /** volumes appear at their `mountPath` inside the container */
  mounts: boolean;
  /** images are real: pulled, present or missing (false: `image` is only recorded) */
  images: boolean;
  /** `exec` runs a command inside a running container */
  exec: boolean;
  /** `stats` reports CPU and memory use */
  stats: boolean;
}

export type ImagePullPolicy = 'Always' | 'IfNotPresent' | 'Never';

export interface ImageRef {
  /** what createContainer takes */
  image: string;
  /** the content id `kubectl get pod -o yaml` shows as `imageID` */
  imageId: string;
}

export interface PortMapping {
  containerPort: number;
  hostPort: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  /** '' publishes on 127.0.0.1: a local node never listens on outside interfaces */
  hostIP: string;
}

export interface PodSandboxSpec {
  podUid: string;
  namespace: string;
  name: string;
  hostname: string;
  /** extra labels; the runtime adds RuntimeLabels itself */
  labels: Record<string, string>;
  portMappings: PortMapping[];
  /** written to the pod's /etc/resolv.conf where the runtime controls it */
  dns?: { nameservers: string[]; searches: string[]; options: string[] };
  hostNetwork: boolean;
}

export type SandboxState = 'ready' | 'notready';

export interface PodSandbox {
  id: string;
  podUid: string;
  namespace: string;
  name: string;
  state: SandboxState;
  /** the pod's IP (status.podIP); undefined while it has none */
  ip: string | undefined;
  createdAt: Date;
  labels: Record<string, string>;
}

export interface Mount {
  /** a directory or file the agent prepared on the host */
  hostPath: string;
  containerPath: string;
  readOnly: boolean;
}

export interface ContainerResources {
  cpuRequestMillis?: number;
  cpuLimitMillis?: number;
  memoryRequestBytes?: number;
  memoryLimitBytes?: number;
}

export interface ContainerSpec {
  sandboxId: string;
  podUid: string;
  namespace: string;
  podName: string;
  /** the container's name in the pod spec */
  name: string;
  /** restarts before this one: 0 for the first start */
  attempt: number;
  /** `ImageRef.image` from ensureImage */
  image: string;
  /** Kubernetes semantics: `command` replaces the image's entrypoint, `args` its cmd; empty keeps the image's */
  command: string[];
  args: string[];
  env: { name: string; value: string }[];
  workingDir?: string;
  mounts: Mount[];
  resources: ContainerResources;
  tty: boolean;
  stdin: boolean;
  stdinOnce: boolean;
  /** extra labels; the runtime adds RuntimeLabels itself */
  labels: Record<string, string>;
}

export type ContainerState = 'created' | 'running' | 'exited' | 'unknown';

export interface ContainerInfo {
  id: string;
  sandboxId: string;
  podUid: string;
  namespace: string;
  podName: string;
  name: string;
  attempt: number;
  image: string;
  imageId: string;
  state: ContainerState;
  createdAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
  exitCode?: number;
  /** Kubernetes' terminated reasons: 'Completed' (exit 0), 'Error', 'OOMKilled' */
  reason?: string;
  message?: string;
  labels: Record<string, string>;
}

export interface ContainerFilter {
  podUid?: string;
  sandboxId?: string;
  /** every one must match */
  labels?: Record<string, string>;
}

export interface LogOptions {
  follow: boolean;
  /** the last N lines only */
  tailLines?: number;
  sinceSeconds?: number;
  /** prefix each line with its RFC 3339 time, as `kubectl logs --timestamps` */
  timestamps: boolean;
}

export interface ExecOptions {
  command: string[];
  tty: boolean;
  stdin: boolean;
}

export interface ExecSession {
  /** present when ExecOptions.stdin */
  stdin: Writable | undefined;
  stdout: Readable;
  /** undefined with a TTY, whose output comes on stdout */
  stderr: Readable | undefined;
  /** for a TTY: the terminal's new size */
  resize(columns: number, rows: number): Promise<void>;
  /** the command's exit code, once it ended */
  readonly exitCode: Promise<number>;
}

export interface ContainerStats {
  timestamp: Date;
  cpuUsageNanoCores: number;
  memoryWorkingSetBytes: number;
}

export interface ContainerRuntime {
  readonly name: string;
  readonly capabilities: RuntimeCapabilities;
  /** `nodeInfo.containerRuntimeVersion`, e.g. `docker://24.0.7` */
  version(): Promise<string>;

  /** Makes the image present as the policy says. ImagePullError when it cannot be had. */
  ensureImage(image: string, policy: ImagePullPolicy): Promise<ImageRef>;

  runPodSandbox(spec: PodSandboxSpec): Promise<PodSandbox>;
  /** stops what holds the pod's network; its containers must be stopped first */
  stopPodSandbox(id: string): Promise<void>;
  /** removes the sandbox and every container in it; a missing one is no error */
  removePodSandbox(id: string): Promise<void>;
  /** this node's sandboxes, ready or not */
  listPodSandboxes(): Promise<PodSandbox[]>;

  createContainer(spec: ContainerSpec): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** SIGTERM (or `signal`), then SIGKILL after `gracePeriodSeconds`; a stopped or missing container is no error */
  stopContainer(id: string, gracePeriodSeconds: number, signal?: NodeJS.Signals): Promise<void>;
  /** a missing container is no error */
  removeContainer(id: string): Promise<void>;
  /** this node's containers, running or exited, newest first */
  listContainers(filter?: ContainerFilter): Promise<ContainerInfo[]>;
  /** RuntimeNotFoundError when it does not exist */
  inspectContainer(id: string): Promise<ContainerInfo>;

  /** stdout and stderr interleaved as written; ends when the container does (follow) or at the end of what it wrote */
  logs(id: string, options: LogOptions, signal?: AbortSignal): Promise<Readable>;
  /** present when capabilities.exec */
  exec?(id: string, options: ExecOptions): Promise<ExecSession>;
  /** present when capabilities.stats */
  stats?(id: string): Promise<ContainerStats>;

  /** releases connections; containers keep running */
  close?(): Promise<void>;
}

/** What a runtime plugin's factory gets: the node it serves and where it may keep state. */
export interface ContainerRuntimeContext {
  nodeName: string;
  /** a directory of the agent's own (logs, pid files of the process runtime) */
  stateDir: string;
  logger: Logger;
}

/** A runtime plugin's contribution, selected by `kubernel agent --runtime NAME` or a local pool's `runtime`. */
export interface ContainerRuntimeFactory<Options = unknown> {
  readonly name: string;
  readonly optionsSchema: StandardSchemaV1<unknown, Options>;
  /** whether it can run on this machine (Docker: an engine answers); the reason when not */
  available(options: Options): Promise<{ ok: true } | { ok: false; reason: string }>;
  create(options: Options, context: ContainerRuntimeContext): Promise<ContainerRuntime>;
}

export const containerRuntimes = createExtensionPoint<ContainerRuntimeFactory>('container-runtime');

export type RuntimeErrorCode =
  | 'RUNTIME_ERR_NOT_FOUND'
  | 'RUNTIME_ERR_IMAGE_PULL'
  | 'RUNTIME_ERR_IMAGE_NEVER_PULL'
  | 'RUNTIME_ERR_INVALID_IMAGE_NAME'
  | 'RUNTIME_ERR_CREATE'
  /** created but would not start (executable not found, bad working directory): RunContainerError */
  | 'RUNTIME_ERR_START'
  | 'RUNTIME_ERR_UNAVAILABLE';

/** A runtime failure the agent turns into a container state reason, with a stable code. */
export class RuntimeError extends Error {
  override readonly name = 'RuntimeError';
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isRuntimeError(error: unknown, code?: RuntimeErrorCode): error is RuntimeError {
  return error instanceof RuntimeError && (code === undefined || error.code === code);
}

/** The waiting reason kubelet shows for a failed image step or container creation. */
export function waitingReasonOf(error: RuntimeError): string {
  switch (error.code) {
    case 'RUNTIME_ERR_IMAGE_PULL':
      return 'ErrImagePull';
    case 'RUNTIME_ERR_IMAGE_NEVER_PULL':
      return 'ErrImageNeverPull';
    case 'RUNTIME_ERR_INVALID_IMAGE_NAME':
      return 'InvalidImageName';
    case 'RUNTIME_ERR_CREATE':
      return 'CreateContainerError';
    default:
      return 'RunContainerError';
  }
}
