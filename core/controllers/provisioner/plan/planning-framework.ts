import type { NodeInfo, SchedulingPluginContribution } from '../../../contracts/scheduling.ts';
import { SchedulerCache } from '../../scheduler/cache/scheduler-cache.ts';
import { SchedulingFramework } from '../../scheduler/framework.ts';
import { builtinSchedulingPlugins } from '../../scheduler/plugins/index.ts';
import type { NamespaceLabels } from '../../scheduler/plugins/inter-pod-affinity/index.ts';

/** What the built-in plugins ask the scheduler's cache about the cluster, answered for a simulated one. */
export interface SimulatedCluster {
  nodeList(): readonly NodeInfo[];
  readonly anyPodWithAffinity: boolean;
  readonly anyPodWithRequiredAntiAffinity: boolean;
  readonly anyNodeWithPreferNoScheduleTaint: boolean;
}

/**
 * The scheduler's cache, as the built-in plugins see it, answering for the
 * cluster the planner simulates during a plan: simulated placements of
 * pods with anti-affinity must turn InterPodAffinity on for the pods after
 * them, as real ones would.
 */
class SimulatedCache extends SchedulerCache {
  cluster: SimulatedCluster | undefined;

  override nodeList(): readonly NodeInfo[] {
    return this.cluster?.nodeList() ?? [];
  }

  override get anyPodWithAffinity(): boolean {
    return this.cluster?.anyPodWithAffinity ?? false;
  }

  override get anyPodWithRequiredAntiAffinity(): boolean {
    return this.cluster?.anyPodWithRequiredAntiAffinity ?? false;
  }

  override get anyNodeWithPreferNoScheduleTaint(): boolean {
    return this.cluster?.anyNodeWithPreferNoScheduleTaint ?? false;
  }
}

const simulatedCaches = new WeakMap<SchedulingFramework, SimulatedCache>();

export interface PlanningFrameworkOptions {
  /** the contributed scheduling plugins, as the scheduler gets them (`kernel.contributionsTo(schedulingPlugins)`) */
  contributions?: readonly SchedulingPluginContribution[];
  /** namespace labels for affinity terms with a namespaceSelector (the Namespace informer's cache) */
  namespaceLabels?: NamespaceLabels;
}

/**
 * The scheduler's plugins (built-in, then contributed, in the scheduler's
 * order) for planProvisioning: the same filters decide where pods fit, but
 * what the built-ins ask the cluster is answered by the plan's simulation.
 * Build it once and reuse it across plans.
 */
export function createPlanningFramework(options: PlanningFrameworkOptions = {}): SchedulingFramework {
  const cache = new SimulatedCache();
  const framework = new SchedulingFramework([...builtinSchedulingPlugins({ cache, namespaceLabels: options.namespaceLabels ?? (() => undefined) }), ...(options.contributions ?? [])]);
  simulatedCaches.set(framework, cache);
  return framework;
}

/**
 * Points a planning framework at `cluster` until the returned function is
 * called. Other frameworks are left as they are: their plugins answer from
 * whatever cache they were built with, which knows nothing of the plan.
 */
export function simulateWith(framework: SchedulingFramework, cluster: SimulatedCluster): () => void {
  const cache = simulatedCaches.get(framework);
  if (cache === undefined) return () => undefined;
  const previous = cache.cluster;
  cache.cluster = cluster;
  return () => {
    cache.cluster = previous;
  };
}
