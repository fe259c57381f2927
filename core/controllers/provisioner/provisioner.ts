/**
 * The provisioner: turns pods the scheduler could not place into NodeClaims.
 * Triggers open a batch window (1 s idle, 10 s at most); when it closes, one
 * run plans every pending pod at once with the scheduler's own plugins (the
 * planner in ./plan), creates a NodeClaim per planned node, nominates the
 * pods to it, and says why for the pods it cannot help. The NodeClaim
 * lifecycle (./lifecycle) launches the machines; the scheduler binds the
 * pods once their nodes are Ready.
 */
import type { Logger } from 'pino';
import type { NodePoolObject } from '../../api/kinds/nodepool/types.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';
import type { InstanceType } from '../../contracts/node-provider.ts';
import type { PodInfo, SchedulingPluginContribution } from '../../contracts/scheduling.ts';
import { Controller } from '../framework/controller.ts';
import type { EventRecorder } from '../framework/event-recorder.ts';
import type { ControllerContext } from '../framework/manager.ts';
import { DONE, type Reconciler, type Result } from '../framework/result.ts';
import type { SharedInformer } from '../framework/shared-informer.ts';
import { Batcher, DEFAULT_BATCH_WINDOW, type BatchWindow } from './batcher.ts';
import { claimObjectFor, describeChoice, type ClaimDecision } from './claim-object.ts';
import { clusterInput, type ClusterInput } from './cluster-input.ts';
import { MIN_NOMINATION_WINDOW_MS, type NodeNominations } from './node-nominations.ts';
import { isProvisionable } from './pending-pods.ts';
import { createPlanningFramework, planProvisioning, type PlannedNode, type ProvisioningPlan } from './plan/index.ts';

const RUN_KEY = 'provision';
const COMPONENT = 'kubernel-provisioner';

export interface ProvisionerOptions {
  /** the scheduler's contributed plugins, so the simulation places pods as the scheduler will */
  schedulingPlugins: readonly SchedulingPluginContribution[];
  /** the catalog of a pool's running provider; undefined while it has none */
  instanceTypesOf(pool: NodePoolObject): readonly InstanceType[] | undefined;
  window?: BatchWindow;
  /** where the nodes and claims counted on for pending pods are noted, for the disruption controller to spare */
  nominations?: NodeNominations;
}

interface Informers {
  pods: SharedInformer;
  nodes: SharedInformer;
  claims: SharedInformer;
  pools: SharedInformer;
  namespaces: SharedInformer;
}

class ProvisionerReconciler implements Reconciler {
  readonly name = 'provisioner';
  /** pod key → the claim it was nominated to; pruned each run to the pods still pending */
  private readonly nominations = new Map<string, string>();
  private readonly framework;

  constructor(
    private readonly client: ApiClient,
    private readonly informers: Informers,
    private readonly events: EventRecorder,
    private readonly options: ProvisionerOptions,
    private readonly logger: Logger,
  ) {
    this.framework = createPlanningFramework({
      contributions: options.schedulingPlugins,
      namespaceLabels: (name) => informers.namespaces.cache.get(name)?.metadata.labels,
    });
  }

  async reconcile(): Promise<Result> {
    const input = clusterInput({
      pods: this.informers.pods.cache.list(),
      nodes: this.informers.nodes.cache.list(),
      claims: this.informers.claims.cache.list(),
      pools: this.informers.pools.cache.list(),
      instanceTypesOf: (pool) => this.options.instanceTypesOf(pool),
      nominatedClaimOf: (key) => this.nominations.get(key),
    });
    this.pruneNominations(input.rescheduling);
    if (input.pending.length === 0) return DONE;
    const started = performance.now();
    const plan = planProvisioning({ pods: input.pending, nodes: input.nodes, launching: input.launching, pools: input.pools, framework: this.framework });
    // A plan that launches nothing repeats every few seconds while a drain waits: not worth an info line each time.
    const level = plan.newNodes.length > 0 ? 'info' : 'debug';
    this.logger[level](
      {
        pods: input.pending.length,
        rescheduling: input.rescheduling.size,
        newNodes: plan.newNodes.length,
        toLaunching: plan.launching.length,
        fitExisting: plan.existing.length,
        unschedulable: plan.unschedulable.length,
        ms: Math.round(performance.now() - started),
      },
      'provisioning plan',
    );
    for (const { pod, claimName } of plan.launching) this.nominate(pod, claimName);
    const now = new Date();
    for (const { nodeName } of plan.existing) this.options.nominations?.nominate(nodeName, now);
    await this.launch(plan.newNodes, input);
    this.explainUnschedulable(plan, input);
    // While a drain waits, nothing else runs this again: the room kept for the
    // going nodes' pods is nominated anew before the nominations lapse, or
    // disruption would take the new node for empty and this would launch another.
    if (input.rescheduling.size > 0) return { requeueAfterMs: (this.options.nominations?.windowMs ?? MIN_NOMINATION_WINDOW_MS) / 2 };
    return DONE;
  }

  /**
   * Nominations of pods that are no longer to be placed are done: the pod
   * was bound, or went away, or its going node let it go (its replacement
   * is a pod of its own).
   */
  private pruneNominations(rescheduling: ReadonlySet<string>): void {
    for (const key of this.nominations.keys()) {
      const pod = this.informers.pods.cache.get(key);
      if (pod === undefined || !(isProvisionable(pod) || rescheduling.has(key))) this.nominations.delete(key);
    }
  }

  private nominate(pod: PodInfo, claimName: string): void {
    this.nominations.set(pod.key, claimName);
    this.options.nominations?.nominate(claimName, new Date());
    this.events.record(pod.pod, 'Normal', 'Nominated', `Pod should schedule on: nodeclaim/${claimName}`);
  }

  private async launch(nodes: readonly PlannedNode[], input: ClusterInput): Promise<void> {
    for (const planned of nodes) {
      const pool = input.poolObjects.get(planned.pool);
      if (pool === undefined) continue;
      const decision: ClaimDecision = {
        pool,
        instanceTypes: planned.instanceTypes,
        zone: planned.zone === '' ? undefined : planned.zone,
        capacityTypes: planned.capacityTypes,
        podCount: planned.pods.length,
        requests: planned.requests,
      };
      let claim: KubeObject;
      try {
        claim = await this.client.create(Resources.nodeClaims, claimObjectFor(decision));
      } catch (error) {
        // The pods stay pending; the next trigger plans them again.
        this.logger.warn({ err: error, pool: planned.pool }, 'could not create a NodeClaim');
        this.events.record(pool, 'Warning', 'FailedProvisioning', `could not create a NodeClaim for ${planned.pods.length} pods: ${(error as Error).message}`);
        continue;
      }
      const name = claim.metadata.name ?? '';
      this.events.record(claim, 'Normal', 'Provisioned', `planned for ${planned.pods.length} pods: ${describeChoice(decision)}`);
      for (const pod of planned.pods) this.nominate(pod, name);
    }
  }

  /** Karpenter's FailedScheduling on each pod it cannot help, and one Event per pool held back by its limits. */
  private explainUnschedulable(plan: ProvisioningPlan, input: ClusterInput): void {
    const poolReasons = new Map<string, string>();
    for (const { pod, reason, limitedPools } of plan.unschedulable) {
      // A pod of a going node still runs: it is not the scheduler's to fail yet.
      if (input.rescheduling.has(pod.key)) this.logger.debug({ pod: pod.key, reason }, 'no room yet for a pod of a node being deleted');
      else this.events.record(pod.pod, 'Warning', 'FailedScheduling', `Failed to schedule pod, ${reason}`);
      for (const limit of limitedPools) poolReasons.set(limit.pool, limit.reason);
    }
    for (const [name, reason] of poolReasons) {
      const pool = input.poolObjects.get(name);
      if (pool !== undefined) this.events.record(pool, 'Warning', 'LimitReached', `${reason}; pods stay Pending`);
    }
  }
}

/**
 * The provisioner as a controller of the ControllerManager: one key, run
 * when a batch window closes. Pods that become unschedulable open or extend
 * the window, and so does a claim or node that starts being deleted (its pods
 * will need room); a new or changed pool or a claim that goes away reopens it,
 * since pods it turned away may fit now.
 */
export function setupProvisioner(ctx: ControllerContext, options: ProvisionerOptions): Controller {
  const informers: Informers = {
    pods: ctx.informers.forResource(Resources.pods),
    nodes: ctx.informers.forResource(Resources.nodes),
    claims: ctx.informers.forResource(Resources.nodeClaims),
    pools: ctx.informers.forResource(Resources.nodePools),
    namespaces: ctx.informers.forResource(Resources.namespaces),
  };
  const logger = ctx.logger.child({ controller: 'provisioner' });
  const reconciler = new ProvisionerReconciler(ctx.client, informers, ctx.events(COMPONENT), options, logger);
  const controller = new Controller(reconciler, { logger });
  // A window closing after a stop enqueues into a shut-down queue, which ignores it.
  const batcher = new Batcher(options.window ?? DEFAULT_BATCH_WINDOW, () => controller.enqueue(RUN_KEY));
  const onPod = (pod: KubeObject): void => {
    if (isProvisionable(pod)) batcher.trigger();
  };
  informers.pods.addHandlers({ onAdd: onPod, onUpdate: (_old, pod) => onPod(pod) });
  informers.pools.addHandlers({ onAdd: () => batcher.trigger(), onUpdate: () => batcher.trigger() });
  // A claim or node that starts going away has pods to find room for.
  const onGoing = (old: KubeObject, object: KubeObject): void => {
    if (old.metadata.deletionTimestamp === undefined && object.metadata.deletionTimestamp !== undefined) batcher.trigger();
  };
  informers.claims.addHandlers({ onUpdate: onGoing, onDelete: () => batcher.trigger() });
  informers.nodes.addHandlers({ onUpdate: onGoing });
  return controller;
}
