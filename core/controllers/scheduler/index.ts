import type { SchedulingPluginContribution } from '../../contracts/scheduling.ts';
import { Resources } from '../../client/resources.ts';
import type { ControllerContext } from '../framework/manager.ts';
import { SchedulerCache } from './cache/scheduler-cache.ts';
import { DefaultBinder } from './default-binder.ts';
import { wireInformers } from './informer-handlers.ts';
import { builtinSchedulingPlugins } from './plugins/index.ts';
import { defaultResourceScorer } from './resource-allocation.ts';
import { Scheduler } from './scheduler.ts';

export { Scheduler } from './scheduler.ts';

export interface SchedulerSetupOptions {
  /**
   * Contributed plugins with their weights, in kubernel.yaml order (the
   * composition root passes `kernel.contributionsTo(schedulingPlugins)`).
   * Without any Score plugin among them the scheduler scores with
   * LeastAllocated (what `scheduling/spread` gives), Kubernetes' default.
   */
  plugins: readonly SchedulingPluginContribution[];
  /** pods with this spec.schedulerName are placed (default `default-scheduler`) */
  schedulerName?: string;
  /** share of nodes (1-100) to find feasible before scoring, as Kubernetes; 0 (default) adapts to the cluster size for a single-threaded scheduler (see numFeasibleNodesToFind) */
  percentageOfNodesToScore?: number;
  /**
   * Search nodes from the first one for every pod rather than rotating as
   * Kubernetes does; by default on when a contributed plugin asks for it
   * (scheduling/binpack does, so that pods fill the fewest nodes).
   */
  searchFromFirstNode?: boolean;
  /** backoff after a failed attempt: 1 s doubling to 10 s by default, as Kubernetes */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** breaks ties between equally scored nodes; Math.random by default */
  random?: () => number;
}

/**
 * The scheduler as a controller of the ControllerManager: it shares the Pod,
 * Node and Namespace informers and binds through `ctx.client`.
 */
export function setupScheduler(ctx: ControllerContext, options: SchedulerSetupOptions): Scheduler {
  const pods = ctx.informers.forResource(Resources.pods);
  const nodes = ctx.informers.forResource(Resources.nodes);
  const namespaces = ctx.informers.forResource(Resources.namespaces);
  const cache = new SchedulerCache();
  const contributed = options.plugins.some((c) => 'score' in c.plugin && typeof c.plugin.score === 'function')
    ? options.plugins
    : [...options.plugins, { plugin: defaultResourceScorer() }];
  const plugins: SchedulingPluginContribution[] = [
    ...builtinSchedulingPlugins({ cache, namespaceLabels: (name) => namespaces.cache.get(name)?.metadata.labels }),
    ...contributed,
    { plugin: new DefaultBinder(ctx.client) },
  ];
  const schedulerName = options.schedulerName ?? 'default-scheduler';
  const scheduler = new Scheduler(
    { client: ctx.client, pods, cache, events: ctx.events(schedulerName), logger: ctx.logger.child({ controller: 'scheduler' }) },
    {
      plugins,
      schedulerName,
      percentageOfNodesToScore: options.percentageOfNodesToScore ?? 0,
      searchFromFirstNode: options.searchFromFirstNode ?? options.plugins.some((c) => c.searchFromFirstNode === true),
      ...(options.initialBackoffMs === undefined ? {} : { initialBackoffMs: options.initialBackoffMs }),
      ...(options.maxBackoffMs === undefined ? {} : { maxBackoffMs: options.maxBackoffMs }),
      ...(options.random === undefined ? {} : { random: options.random }),
    },
  );
  wireInformers(pods, nodes, { cache, queue: scheduler.schedulingQueue, schedulerName });
  return scheduler;
}
