import type { Logger } from 'pino';
import type { ApiClient } from '../../client/api-client.ts';
import { CycleState, SchedulingStatus, type SchedulingPluginContribution } from '../../contracts/scheduling.ts';
import { Controller } from '../framework/controller.ts';
import type { EventRecorder } from '../framework/event-recorder.ts';
import type { SharedInformer } from '../framework/shared-informer.ts';
import { assignedNodeOf, isTerminal, podInfoOf } from './cache/pod-info.ts';
import { SchedulerCache } from './cache/scheduler-cache.ts';
import { FailureReporter, type SchedulingFailure } from './failure-reporter.ts';
import { fitErrorMessage, NO_NODES_AVAILABLE } from './fit-error.ts';
import { SchedulingFramework } from './framework.ts';
import { PodScheduler, type ScheduleResult } from './schedule-pod.ts';
import { SchedulingQueue, type QueuedPod } from './queue/scheduling-queue.ts';

export interface SchedulerOptions {
  /** every plugin, in order: built-ins, then contributed ones, then the default binder */
  plugins: readonly SchedulingPluginContribution[];
  /** spec.schedulerName of the pods this scheduler places */
  schedulerName: string;
  /** 0: adaptive (see numFeasibleNodesToFind: 100 nodes up to 25,000); 1-100: that share, as Kubernetes */
  percentageOfNodesToScore: number;
  /** start every node search at the first node (bin packing) instead of rotating */
  searchFromFirstNode: boolean;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  random?: () => number;
}

export interface SchedulerDeps {
  client: ApiClient;
  pods: SharedInformer;
  events: EventRecorder;
  logger: Logger;
  cache: SchedulerCache;
}

/** How long the scheduling loop runs before letting I/O (watch events, API requests) in. */
const SLICE_MS = 8;
/** Kubernetes flushes long-unschedulable pods back every 30 s. */
const FLUSH_INTERVAL_MS = 30_000;

/**
 * The scheduler: a loop that takes the next pod from the scheduling queue,
 * runs one synchronous scheduling cycle over the cache's node infos, assumes
 * the pod on the chosen node and binds it asynchronously, so the next cycle
 * starts at once. It is a Controller so the ControllerManager starts and
 * stops it with the others; its work queue reconciles the FailedScheduling
 * reports (event and condition), off the scheduling loop.
 */
export class Scheduler extends Controller {
  readonly schedulingQueue: SchedulingQueue;
  readonly framework: SchedulingFramework;
  readonly cache: SchedulerCache;
  private readonly algorithm: PodScheduler;
  private readonly reporter: FailureReporter;
  private readonly bindings = new Set<Promise<void>>();
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | undefined;
  private scheduledCount = 0;
  private attemptCount = 0;

  constructor(
    private readonly deps: SchedulerDeps,
    readonly config: SchedulerOptions,
  ) {
    const reporter = new FailureReporter(deps.client, deps.pods.cache, deps.events);
    super(reporter, { workers: 2, logger: deps.logger });
    this.reporter = reporter;
    this.cache = deps.cache;
    this.framework = new SchedulingFramework(config.plugins);
    this.schedulingQueue = new SchedulingQueue({
      eventsOf: (plugin) => this.framework.eventsOf(plugin),
      ...(config.initialBackoffMs === undefined ? {} : { initialBackoffMs: config.initialBackoffMs }),
      ...(config.maxBackoffMs === undefined ? {} : { maxBackoffMs: config.maxBackoffMs }),
    });
    this.algorithm = new PodScheduler(this.framework, {
      percentageOfNodesToScore: config.percentageOfNodesToScore,
      random: config.random ?? Math.random,
      searchFromFirstNode: config.searchFromFirstNode,
    });
  }

  /** pods bound so far and scheduling attempts made, for logs and benchmarks */
  get stats(): { scheduled: number; attempts: number; bindingsInFlight: number } {
    return { scheduled: this.scheduledCount, attempts: this.attemptCount, bindingsInFlight: this.bindings.size };
  }

  override start(): void {
    super.start();
    if (this.running) return;
    this.running = true;
    this.schedulingQueue.reopen();
    this.loopDone = this.loop();
    this.flushTimer = setInterval(() => this.schedulingQueue.flushLeftover(), FLUSH_INTERVAL_MS);
    this.flushTimer.unref();
  }

  override async stop(): Promise<void> {
    this.running = false;
    if (this.flushTimer !== undefined) clearInterval(this.flushTimer);
    this.schedulingQueue.close();
    await this.loopDone;
    await Promise.allSettled([...this.bindings]);
    await super.stop();
  }

  private async loop(): Promise<void> {
    let sliceStart = performance.now();
    while (this.running) {
      const queued = this.schedulingQueue.tryPop() ?? (await this.schedulingQueue.pop());
      if (queued === undefined || !this.running) return;
      try {
        this.scheduleOne(queued);
      } catch (error) {
        this.deps.logger.error({ err: error, pod: queued.info.key }, 'scheduling cycle failed');
        this.schedulingQueue.requeueBackoff(queued);
      }
      if (performance.now() - sliceStart > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
  }

  /** one scheduling cycle: synchronous from the queue to the assumed placement */
  private scheduleOne(queued: QueuedPod): void {
    const pod = queued.info;
    // skipPodSchedule: deleted meanwhile, or already placed and binding.
    if (pod.terminating || this.cache.hasPod(pod.key)) return;
    this.attemptCount++;
    const nodes = this.cache.nodeList();
    if (nodes.length === 0) {
      // As kube-scheduler's ErrNoNodesAvailable: unschedulable, not an error, and retried by the next
      // cluster change (the first node to join) rather than after a backoff.
      this.schedulingQueue.requeueUnschedulable(queued, new Set());
      this.report(queued, { uid: pod.uid, reason: 'Unschedulable', message: NO_NODES_AVAILABLE });
      return;
    }
    let result: ScheduleResult;
    const state = new CycleState();
    try {
      result = this.algorithm.schedule(state, pod, nodes);
    } catch (error) {
      result = { kind: 'error', message: error instanceof Error ? error.message : String(error) };
    }
    switch (result.kind) {
      case 'scheduled':
        this.assumeAndBind(state, queued, result.nodeName);
        return;
      case 'unschedulable':
        this.schedulingQueue.requeueUnschedulable(queued, result.diagnosis.rejectors);
        this.report(queued, { uid: pod.uid, reason: 'Unschedulable', message: fitErrorMessage(result.numAllNodes, result.diagnosis) });
        return;
      case 'error':
        this.deps.logger.warn({ pod: pod.key, reason: result.message }, 'scheduling attempt failed');
        this.schedulingQueue.requeueBackoff(queued);
        this.report(queued, { uid: pod.uid, reason: 'SchedulerError', message: result.message });
    }
  }

  private assumeAndBind(state: CycleState, queued: QueuedPod, nodeName: string): void {
    const pod = queued.info;
    this.cache.assumePod(pod, nodeName);
    const rejection = this.framework.runReserve(state, pod, nodeName);
    if (rejection !== undefined) {
      this.framework.runUnreserve(state, pod, nodeName);
      this.cache.forgetPod(pod.key);
      this.schedulingQueue.requeueBackoff(queued);
      this.report(queued, { uid: pod.uid, reason: 'SchedulerError', message: `running Reserve plugin "${rejection.plugin}": ${rejection.status.reasons.join(', ')}` });
      return;
    }
    const binding = this.bind(state, queued, nodeName).finally(() => this.bindings.delete(binding));
    this.bindings.add(binding);
  }

  /** the binding cycle, off the scheduling loop; a failure un-reserves and retries the pod */
  private async bind(state: CycleState, queued: QueuedPod, nodeName: string): Promise<void> {
    const pod = queued.info;
    let status: SchedulingStatus;
    try {
      status = await this.framework.runBind(state, pod, nodeName);
    } catch (error) {
      status = SchedulingStatus.error(error instanceof Error ? error.message : String(error));
    }
    if (status.code === 'Success') {
      this.scheduledCount++;
      // What `kubectl describe pod` shows first, as kube-scheduler records it; written off the scheduling path.
      const object = this.deps.pods.cache.get(pod.key);
      if (object !== undefined) this.deps.events.record(object, 'Normal', 'Scheduled', `Successfully assigned ${pod.namespace}/${pod.name} to ${nodeName}`);
      return;
    }
    this.framework.runUnreserve(state, pod, nodeName);
    this.cache.forgetPod(pod.key);
    // The room the pod held is free again.
    this.schedulingQueue.onClusterEvent('AssignedPodDelete');
    const latest = this.deps.pods.cache.get(pod.key);
    if (latest === undefined || latest.metadata.uid !== pod.uid || assignedNodeOf(latest) !== '' || latest.metadata.deletionTimestamp !== undefined || isTerminal(latest)) return;
    this.deps.logger.debug({ pod: pod.key, node: nodeName, reason: status.reasons.join(', ') }, 'binding failed; retrying');
    queued.info = podInfoOf(latest);
    this.schedulingQueue.requeueBackoff(queued);
    this.report(queued, { uid: pod.uid, reason: 'SchedulerError', message: `Binding rejected: ${status.reasons.join(', ')}` });
  }

  private report(queued: QueuedPod, failure: SchedulingFailure): void {
    this.reporter.note(queued.info.key, failure);
    this.enqueue(queued.info.key);
  }
}
