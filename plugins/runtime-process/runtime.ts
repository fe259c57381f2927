import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import {
  RuntimeError,
  RuntimeLabels,
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
import { containerInfoOf, ContainerStatusReader, type ContainerStatus } from './container-status.ts';
import { spawnExec } from './exec-session.ts';
import { isSameProcessAlive, signalGroup } from './host-process.ts';
import { isValidImageReference } from './image-reference.ts';
import { launchOf } from './launch.ts';
import { readCriLog } from './log-reader.ts';
import { nanoCoresBetween, sampleSession, type SessionUsage } from './proc-stats.ts';
import { compareNsDescending, SandboxStore } from './sandbox-store.ts';
import { StateDir } from './state-dir.ts';
import { launchSupervisor, supervisorLogTail } from './supervisor-launcher.ts';

export const PROCESS_RUNTIME_VERSION = '0.1.0';
const START_TIMEOUT_MS = 10_000;
/** how long a stop waits for the command to die after SIGKILL */
const KILL_TIMEOUT_MS = 10_000;
const POLL_MS = 20;
/** a CPU sample younger than this is too short a window for a rate */
const MIN_CPU_WINDOW_NS = 100_000_000n;

export interface ProcessRuntimeSettings {
  nodeName: string;
  stateDir: string;
  logger: Logger;
  /** $PATH of every container */
  path: string;
}

/**
 * Runs each container's command as a host process (Nomad's raw_exec): no
 * image, no namespaces, no limits. Each command runs under a small detached
 * supervisor (supervisor.mjs) that outlives the agent, writes its CRI log
 * and records its exit, so that a restarted agent re-adopts running
 * containers from the state directory. See README.md for what this cannot do.
 */
export class ProcessRuntime implements ContainerRuntime {
  readonly name = 'process';
  readonly capabilities: RuntimeCapabilities = {
    // Every process shares the host's network: a pod's containers reach each other on localhost, as does everything else.
    podNetwork: true,
    hostPorts: false,
    resourceLimits: false,
    mounts: false,
    images: false,
    exec: true,
    stats: process.platform === 'linux',
  };

  private readonly dir: StateDir;
  private readonly statuses: ContainerStatusReader;
  private readonly sandboxes: SandboxStore;
  private readonly execs = new Map<string, Set<ChildProcess>>();
  private readonly starting = new Map<string, Promise<void>>();
  private readonly cpuSamples = new Map<string, SessionUsage>();
  private lastCreatedNs = 0n;

  private constructor(private readonly settings: ProcessRuntimeSettings) {
    this.dir = new StateDir(settings.stateDir);
    this.statuses = new ContainerStatusReader(this.dir);
    this.sandboxes = new SandboxStore(this.dir, settings.nodeName, () => this.nextCreatedNs());
  }

  static async create(settings: ProcessRuntimeSettings): Promise<ProcessRuntime> {
    const runtime = new ProcessRuntime(settings);
    await runtime.dir.init();
    return runtime;
  }

  version(): Promise<string> {
    return Promise.resolve(`process://${PROCESS_RUNTIME_VERSION}`);
  }

  /** Nothing to pull: any valid reference is "present", whatever the policy. */
  ensureImage(image: string, _policy: ImagePullPolicy): Promise<ImageRef> {
    if (!isValidImageReference(image)) {
      return Promise.reject(new RuntimeError('RUNTIME_ERR_INVALID_IMAGE_NAME', `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format`));
    }
    return Promise.resolve({ image, imageId: imageIdOf(image) });
  }

  runPodSandbox(spec: PodSandboxSpec): Promise<PodSandbox> {
    return this.sandboxes.run(spec);
  }

  listPodSandboxes(): Promise<PodSandbox[]> {
    return this.sandboxes.list();
  }

  /** CRI's StopPodSandbox: containers still running are killed. */
  async stopPodSandbox(id: string): Promise<void> {
    for (const info of await this.listContainers({ sandboxId: id })) await this.stopContainer(info.id, 0);
    await this.sandboxes.markNotReady(id);
  }

  async removePodSandbox(id: string): Promise<void> {
    for (const info of await this.listContainers({ sandboxId: id })) await this.removeContainer(info.id);
    await this.sandboxes.remove(id);
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    const sandbox = await this.sandboxes.get(spec.sandboxId);
    if (sandbox === undefined) throw new RuntimeError('RUNTIME_ERR_CREATE', `pod sandbox ${spec.sandboxId} not found`);
    const id = randomBytes(32).toString('hex');
    const launch = launchOf(spec, { hostname: sandbox.hostname, defaultWorkDir: this.dir.workDir(id), path: this.settings.path });
    const labels: Record<string, string> = {
      ...spec.labels,
      [RuntimeLabels.node]: this.settings.nodeName,
      [RuntimeLabels.podUid]: spec.podUid,
      [RuntimeLabels.podNamespace]: spec.namespace,
      [RuntimeLabels.podName]: spec.podName,
      [RuntimeLabels.containerName]: spec.name,
      [RuntimeLabels.attempt]: String(spec.attempt),
      [RuntimeLabels.type]: 'container',
    };
    await this.dir.writeContainer({ id, spec, labels, imageId: imageIdOf(spec.image), createdAtNs: String(this.nextCreatedNs()), launch });
    return id;
  }

  async startContainer(id: string): Promise<void> {
    // Two starts of one container at once must not spawn two supervisors.
    const pending = this.starting.get(id) ?? this.start(id).finally(() => this.starting.delete(id));
    this.starting.set(id, pending);
    return pending;
  }

  private async start(id: string): Promise<void> {
    const status = await this.ownStatus(id);
    if (status === undefined) throw notFound(id);
    if (status.state === 'running') return;
    if (status.state === 'exited') throw new RuntimeError('RUNTIME_ERR_CREATE', `container ${id} has already run; a restart is a new container`);
    const containerDir = this.dir.containerDir(id);
    const supervisor = launchSupervisor(containerDir);
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const now = await this.statuses.status(id);
      if (now === undefined) throw notFound(id);
      if (now.started !== undefined) return;
      if (now.exit !== undefined) throw new RuntimeError('RUNTIME_ERR_CREATE', now.exit.message ?? `container ${id} failed to start`);
      const failure = supervisor.failure() ?? (Date.now() > deadline ? `no start within ${START_TIMEOUT_MS} ms` : undefined);
      if (failure !== undefined) {
        throw new RuntimeError('RUNTIME_ERR_CREATE', `the process supervisor of container ${id} failed (${failure}): ${await supervisorLogTail(containerDir)}`);
      }
      await sleep(POLL_MS);
    }
  }

  async stopContainer(id: string, gracePeriodSeconds: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    this.killExecs(id);
    const status = await this.ownStatus(id);
    if (status?.state !== 'running' || status.started === undefined) return;
    const { pid, procStart, bootId } = status.started;
    const signalIfAlive = async (which: NodeJS.Signals): Promise<void> => {
      // Never signal a group whose leader is not our process any more: the pid may have been reused.
      if (await isSameProcessAlive(pid, procStart, bootId)) signalGroup(pid, which);
    };
    await signalIfAlive(signal);
    if (await this.waitUntilStopped(id, Math.max(0, gracePeriodSeconds) * 1000)) return;
    await signalIfAlive('SIGKILL');
    if (!(await this.waitUntilStopped(id, KILL_TIMEOUT_MS))) this.settings.logger.warn({ containerId: id, pid }, 'container process still running after SIGKILL');
  }

  async removeContainer(id: string): Promise<void> {
    const status = await this.ownStatus(id);
    if (status === undefined) return;
    if (status.state === 'running') await this.stopContainer(id, 0);
    this.statuses.forget(id);
    this.cpuSamples.delete(id);
    await this.dir.removeContainer(id);
  }

  async listContainers(filter: ContainerFilter = {}): Promise<ContainerInfo[]> {
    const ids = await this.dir.containerIds();
    this.statuses.retainOnly(new Set(ids));
    const found: { info: ContainerInfo; createdAtNs: string }[] = [];
    await Promise.all(
      ids.map(async (id) => {
        const record = await this.statuses.record(id);
        if (record === undefined || !this.matches(record.labels, filter, record.spec)) return;
        const status = await this.statuses.status(id);
        if (status !== undefined) found.push({ info: containerInfoOf(status), createdAtNs: status.record.createdAtNs });
      }),
    );
    return found.sort((a, b) => compareNsDescending(a.createdAtNs, b.createdAtNs)).map((entry) => entry.info);
  }

  async inspectContainer(id: string): Promise<ContainerInfo> {
    const status = await this.ownStatus(id);
    if (status === undefined) throw notFound(id);
    return containerInfoOf(status);
  }

  async logs(id: string, options: LogOptions, signal?: AbortSignal): Promise<Readable> {
    if ((await this.ownStatus(id)) === undefined) throw notFound(id);
    const finished = async (): Promise<boolean> => {
      const status = await this.statuses.status(id);
      return status === undefined || status.state === 'exited';
    };
    return readCriLog({ path: this.dir.logPath(id), finished }, options, signal);
  }

  async exec(id: string, options: ExecOptions): Promise<ExecSession> {
    const status = await this.ownStatus(id);
    if (status === undefined) throw notFound(id);
    // Not RUNTIME_ERR_NOT_FOUND: the container exists, and the client gets a 500 as from containerd ("container is in CONTAINER_EXITED state").
    if (status.state !== 'running') throw new Error(`container ${id} is not running (state ${status.state})`);
    const { session, child } = spawnExec(status.record.launch, options);
    const running = this.execs.get(id) ?? new Set<ChildProcess>();
    this.execs.set(id, running);
    running.add(child);
    void session.exitCode.finally(() => running.delete(child));
    return session;
  }

  async stats(id: string): Promise<ContainerStats> {
    const status = await this.ownStatus(id);
    if (status === undefined) throw notFound(id);
    if (status.state !== 'running' || status.started === undefined) return { timestamp: new Date(), cpuUsageNanoCores: 0, memoryWorkingSetBytes: 0 };
    let earlier = this.cpuSamples.get(id);
    let later = await sampleSession(status.started.pid);
    if (earlier === undefined || later.sampledAtNs - earlier.sampledAtNs < MIN_CPU_WINDOW_NS) {
      // No usable window yet: measure one now rather than report 0.
      earlier = later;
      await sleep(Number(MIN_CPU_WINDOW_NS / 1_000_000n));
      later = await sampleSession(status.started.pid);
    }
    this.cpuSamples.set(id, later);
    return { timestamp: new Date(), cpuUsageNanoCores: nanoCoresBetween(earlier, later), memoryWorkingSetBytes: later.residentBytes };
  }

  /** Containers keep running; an exec session ends with its client, not here. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  /** the status of a container of this node; undefined for a missing one or another node's */
  private async ownStatus(id: string): Promise<ContainerStatus | undefined> {
    if (!/^[0-9a-f]{64}$/.test(id)) return undefined;
    const record = await this.statuses.record(id);
    if (record?.labels[RuntimeLabels.node] !== this.settings.nodeName) return undefined;
    return this.statuses.status(id);
  }

  private matches(labels: Record<string, string>, filter: ContainerFilter, spec: ContainerSpec): boolean {
    if (labels[RuntimeLabels.node] !== this.settings.nodeName) return false;
    if (filter.podUid !== undefined && spec.podUid !== filter.podUid) return false;
    if (filter.sandboxId !== undefined && spec.sandboxId !== filter.sandboxId) return false;
    return Object.entries(filter.labels ?? {}).every(([key, value]) => labels[key] === value);
  }

  private async waitUntilStopped(id: string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ((await this.statuses.status(id))?.state !== 'running') return true;
      if (Date.now() >= deadline) return false;
      await sleep(POLL_MS);
    }
  }

  private killExecs(id: string): void {
    for (const child of this.execs.get(id) ?? []) child.kill('SIGKILL');
    this.execs.delete(id);
  }

  /** creation times in ns, strictly increasing within this agent, so that "newest first" holds within a millisecond */
  private nextCreatedNs(): bigint {
    const now = BigInt(Date.now()) * 1_000_000n;
    this.lastCreatedNs = now > this.lastCreatedNs ? now : this.lastCreatedNs + 1n;
    return this.lastCreatedNs;
  }
}

/** There is no image content to name; the id says so rather than faking a digest. */
function imageIdOf(image: string): string {
  return `process://${image}`;
}

function notFound(id: string): RuntimeError {
  return new RuntimeError('RUNTIME_ERR_NOT_FOUND', `No such container: ${id}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
