/**
 * The node agent's prober (kubelet's prober_manager plus its results
 * managers): one worker per declared probe of each running container
 * instance, the current results the agent builds pod status and restart
 * decisions from, and a callback when a result changes.
 *
 * Results belong to a container instance: `addContainer` with a new
 * container id (the agent restarted it) starts from kubelet's initial values
 * again; `addContainer` with the same id is a no-op, so the agent may call it
 * on every sync.
 */
import type { Logger } from 'pino';
import type { KubeObject } from '../../api/types/meta.ts';
import { ProbeWorker } from './probe-worker.ts';
import { probeSpecOf } from './probe-spec.ts';
import type { ProbeExec, ProbeKind, ProbeOutcome, ProbeResultEvent, ProbeRunEvent } from './types.ts';

export interface ProbeManagerOptions {
  /** the runtime's exec; undefined when it has none (exec probes then error, as an unusable probe does) */
  exec: ProbeExec | undefined;
  /** a container's result changed, after the thresholds */
  onChange(event: ProbeResultEvent): void;
  /** every run worth one of kubelet's `Unhealthy`/`ProbeWarning` events, below the thresholds too */
  onProbeEvent?(event: ProbeRunEvent): void;
  logger: Logger;
  now?: () => number;
  /** kubelet delays the first probe by a random part of the period while it has just started; default true */
  jitter?: boolean;
  /** multiplies every period, delay and timeout: tests run a "1 second" period in a few milliseconds; default 1 */
  timeScale?: number;
}

interface ContainerProbes {
  containerId: string;
  workers: Map<ProbeKind, ProbeWorker>;
}

const KINDS: readonly ProbeKind[] = ['startup', 'readiness', 'liveness'];

export class ProbeManager {
  private readonly containers = new Map<string, ContainerProbes>();
  private readonly now: () => number;
  private readonly startedAt: number;
  private readonly msPerSecond: number;

  constructor(private readonly options: ProbeManagerOptions) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.msPerSecond = 1000 * (options.timeScale ?? 1);
  }

  /**
   * Starts the probes the container declares for this container instance.
   * `startedAt` is when it started running (initialDelaySeconds counts from
   * it); the default is now.
   */
  addContainer(
    pod: KubeObject,
    container: Record<string, unknown>,
    containerId: string,
    podIP: string,
    startedAt?: Date,
  ): void {
    const podUid = pod.metadata.uid ?? '';
    const containerName = typeof container['name'] === 'string' ? container['name'] : '';
    const key = keyOf(podUid, containerName);
    const existing = this.containers.get(key);
    if (existing?.containerId === containerId) return;
    if (existing !== undefined) this.stopWorkers(key, existing);

    const probes: ContainerProbes = { containerId, workers: new Map() };
    // a pod being deleted keeps readiness only: kubelet reports it alive and started until it stops
    const deleting = pod.metadata.deletionTimestamp !== undefined;
    for (const kind of KINDS) {
      const spec = probeSpecOf(container, kind);
      if (spec === undefined || (deleting && kind !== 'readiness')) continue;
      const periodMs = spec.periodSeconds * this.msPerSecond;
      const recentlyStarted = this.now() - this.startedAt < periodMs;
      const worker = new ProbeWorker({
        kind,
        spec,
        target: { container, containerName, containerId, podIP, exec: this.options.exec },
        startedAtMs: startedAt?.getTime() ?? this.now(),
        msPerSecond: this.msPerSecond,
        // kubelet spreads the probes of a freshly (re)started node over one period
        firstDelayMs: (this.options.jitter ?? true) && recentlyStarted ? Math.random() * periodMs : 0,
        now: this.now,
        isStarted: () => this.started(podUid, containerName),
        onResultChange: (outcome, message) => {
          this.options.logger.info({ podUid, containerName, containerId, kind, outcome, message }, 'probe result changed');
          this.options.onChange({ podUid, containerName, containerId, kind, outcome, message });
        },
        onRunEvent: (reason, message) => {
          this.options.logger.debug({ podUid, containerName, containerId, kind, reason, message }, 'probe event');
          this.options.onProbeEvent?.({ podUid, containerName, containerId, kind, reason, message });
        },
        logger: this.options.logger,
      });
      probes.workers.set(kind, worker);
    }
    if (probes.workers.size === 0) {
      this.containers.delete(key);
      return;
    }
    this.containers.set(key, probes);
    for (const worker of probes.workers.values()) worker.start();
  }

  removeContainer(podUid: string, containerName: string): void {
    const key = keyOf(podUid, containerName);
    const probes = this.containers.get(key);
    if (probes !== undefined) this.stopWorkers(key, probes);
  }

  removePod(podUid: string): void {
    for (const [key, probes] of this.containers) {
      if (key.startsWith(`${podUid}/`)) this.stopWorkers(key, probes);
    }
  }

  /** Graceful termination: liveness and startup stop (the container counts as alive and started), readiness goes on. */
  stopLivenessAndStartup(podUid: string): void {
    for (const [key, probes] of this.containers) {
      if (!key.startsWith(`${podUid}/`)) continue;
      for (const kind of ['liveness', 'startup'] as const) {
        probes.workers.get(kind)?.stop();
        probes.workers.delete(kind);
      }
      if (probes.workers.size === 0) this.containers.delete(key);
    }
  }

  /** The readiness probe's result: true without one, false until it succeeded. */
  readiness(podUid: string, containerName: string): boolean {
    const worker = this.worker(podUid, containerName, 'readiness');
    return worker === undefined || worker.result === 'success';
  }

  /** `success` until failureThreshold failures in a row; restart the container on `failure`. */
  liveness(podUid: string, containerName: string): ProbeOutcome {
    return this.worker(podUid, containerName, 'liveness')?.result ?? 'success';
  }

  /** `unknown` until the startup probe decided; `success` without one; restart the container on `failure`. */
  startup(podUid: string, containerName: string): ProbeOutcome {
    return this.worker(podUid, containerName, 'startup')?.result ?? 'success';
  }

  /** `containerStatuses[].started`: the startup probe passed, or there is none. */
  started(podUid: string, containerName: string): boolean {
    return this.startup(podUid, containerName) === 'success';
  }

  /** `containerStatuses[].ready` of a running container: started, and ready by its readiness probe. */
  ready(podUid: string, containerName: string): boolean {
    return this.started(podUid, containerName) && this.readiness(podUid, containerName);
  }

  /** kubelet's reason to kill a running container (`Container app failed liveness probe`), if any. */
  restartReason(podUid: string, containerName: string): string | undefined {
    if (this.liveness(podUid, containerName) === 'failure') return `Container ${containerName} failed liveness probe`;
    if (this.startup(podUid, containerName) === 'failure') return `Container ${containerName} failed startup probe`;
    return undefined;
  }

  stop(): void {
    for (const [key, probes] of this.containers) this.stopWorkers(key, probes);
  }

  private worker(podUid: string, containerName: string, kind: ProbeKind): ProbeWorker | undefined {
    return this.containers.get(keyOf(podUid, containerName))?.workers.get(kind);
  }

  private stopWorkers(key: string, probes: ContainerProbes): void {
    for (const worker of probes.workers.values()) worker.stop();
    this.containers.delete(key);
  }
}

function keyOf(podUid: string, containerName: string): string {
  return `${podUid}/${containerName}`;
}
