import { budgetSelects } from '../../api/kinds/poddisruptionbudget/types.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import { Resources } from '../../client/resources.ts';
import { Controller } from '../framework/controller.ts';
import type { ControllerContext } from '../framework/manager.ts';
import { objectKeyOf } from '../framework/result.ts';
import { workloadScaleFinder } from './controller-scale.ts';
import { DisruptionReconciler, STALE_POD_KEY_PREFIX } from './reconciler.ts';
import { staleDisruptionWaitMs, STALE_POD_DISRUPTION_TIMEOUT_MS } from './stale-disruption.ts';

export interface DisruptionControllerOptions {
  /** budgets synced at once; kube-controller-manager runs one worker */
  workers?: number;
  /** how long a DisruptionTarget condition may stay on a pod nobody deletes (2 minutes) */
  staleDisruptionTimeoutMs?: number;
  now?(): Date;
}

/**
 * kube-controller-manager's disruption controller: keeps every
 * PodDisruptionBudget's status (expected, desired and current healthy pods,
 * disruptionsAllowed, the DisruptionAllowed condition) in step with its pods,
 * which is what the pods/eviction subresource decides by. A budget is synced
 * when it changes and when a pod it selects does; the ReplicaSets and
 * Deployments are read for their scale only.
 */
export function setupDisruptionController(ctx: ControllerContext, options: DisruptionControllerOptions = {}): Controller {
  const budgetInformer = ctx.informers.forResource(Resources.podDisruptionBudgets);
  const podInformer = ctx.informers.forResource(Resources.pods);
  const replicaSetInformer = ctx.informers.forResource(Resources.replicaSets);
  const deploymentInformer = ctx.informers.forResource(Resources.deployments);
  const logger = ctx.logger.child({ controller: 'disruption' });
  const now = options.now ?? ((): Date => new Date());
  const staleTimeoutMs = options.staleDisruptionTimeoutMs ?? STALE_POD_DISRUPTION_TIMEOUT_MS;
  const reconciler = new DisruptionReconciler({
    client: ctx.client,
    budgets: budgetInformer.cache,
    pods: podInformer.cache,
    findScale: workloadScaleFinder(replicaSetInformer.cache, deploymentInformer.cache),
    events: ctx.events('controllermanager'),
    logger,
    now,
    staleTimeoutMs,
  });
  const controller = new Controller(reconciler, { workers: options.workers ?? 1, logger });
  const enqueueBudget = (pdb: KubeObject): void => controller.enqueue(objectKeyOf(pdb.metadata));

  // Kubernetes syncs one arbitrary budget of a pod that several select; syncing each keeps all of them current.
  const enqueueBudgetsOf = (pod: KubeObject): void => {
    for (const pdb of budgetInformer.cache.byIndex('namespace', pod.metadata.namespace ?? '')) {
      if (budgetSelects(pdb, pod.metadata.labels)) enqueueBudget(pdb);
    }
  };
  const checkStaleDisruption = (pod: KubeObject): void => {
    const waitMs = staleDisruptionWaitMs(pod, now().getTime(), staleTimeoutMs);
    if (waitMs !== undefined) controller.queue.addAfter(`${STALE_POD_KEY_PREFIX}${objectKeyOf(pod.metadata)}`, waitMs);
  };

  budgetInformer.addHandlers({ onAdd: enqueueBudget, onUpdate: (_old, pdb) => enqueueBudget(pdb), onDelete: enqueueBudget });
  podInformer.addHandlers({
    onAdd: (pod) => {
      enqueueBudgetsOf(pod);
      checkStaleDisruption(pod);
    },
    onUpdate: (old, pod) => {
      // A pod whose labels changed leaves the budgets it was in as well as joining new ones; the queue dedupes.
      enqueueBudgetsOf(old);
      enqueueBudgetsOf(pod);
      checkStaleDisruption(pod);
    },
    onDelete: enqueueBudgetsOf,
  });
  return controller;
}
