import { labelSelectorFromObject, matchesLabels } from '../../api/selectors/label-selector.ts';
import type { KubeObject, OwnerReference } from '../../api/types/meta.ts';
import { Resources } from '../../client/resources.ts';
import { Controller } from '../framework/controller.ts';
import type { IndexedCache } from '../framework/indexed-cache.ts';
import type { ControllerContext } from '../framework/manager.ts';
import { objectKeyOf } from '../framework/result.ts';
import { controllerRefOf } from '../replicaset/pod-state.ts';
import { isDeployment } from './objects.ts';
import { DeploymentReconciler } from './reconciler.ts';
import { jsonEqual } from '../../api/types/json-equal.ts';

export interface DeploymentControllerOptions {
  /** Deployments synced at once (kube-controller-manager's --concurrent-deployment-syncs, 5) */
  workers?: number;
  now?: () => number;
}

/** The object a controller reference names, if it is still that very object (resolveControllerRef). */
function resolve(cache: IndexedCache, namespace: string | undefined, ref: OwnerReference | undefined, kind: string): KubeObject | undefined {
  if (ref === undefined || ref.kind !== kind) return undefined;
  const obj = cache.get(objectKeyOf({ namespace, name: ref.name }));
  return obj !== undefined && obj.metadata.uid === ref.uid ? obj : undefined;
}

/** GetDeploymentsForReplicaSet: Deployments whose selector matches an orphan ReplicaSet, which may adopt it. */
function deploymentsSelecting(cache: IndexedCache, rs: KubeObject): KubeObject[] {
  if (Object.keys(rs.metadata.labels ?? {}).length === 0) return [];
  return cache.byIndex('namespace', rs.metadata.namespace ?? '').filter((d) => {
    if (!isDeployment(d)) return false;
    try {
      const selector = labelSelectorFromObject(d.spec.selector);
      // A Deployment with an empty selector matches nothing here, not everything.
      return selector !== null && selector.length > 0 && matchesLabels(selector, rs.metadata.labels);
    } catch {
      return false;
    }
  });
}

/**
 * The Deployment controller: rolls ReplicaSets to the Deployment's template.
 * It watches Deployments, their ReplicaSets (any change may move a rollout
 * on), and pod deletions (a Recreate rollout waits for old pods to be gone).
 * Handlers only enqueue Deployment keys.
 */
export function setupDeploymentController(ctx: ControllerContext, options: DeploymentControllerOptions = {}): Controller {
  const deployments = ctx.informers.forResource(Resources.deployments);
  const replicaSets = ctx.informers.forResource(Resources.replicaSets);
  const pods = ctx.informers.forResource(Resources.pods);
  const logger = ctx.logger.child({ controller: 'deployment' });
  const reconciler = new DeploymentReconciler({
    client: ctx.client,
    deployments: deployments.cache,
    replicaSets: replicaSets.cache,
    pods: pods.cache,
    events: ctx.events('deployment-controller'),
    logger,
    now: options.now ?? Date.now,
  });
  const controller = new Controller(reconciler, { workers: options.workers ?? 5, logger });
  const enqueue = (obj: KubeObject | undefined): void => {
    if (obj !== undefined) controller.enqueue(objectKeyOf(obj.metadata));
  };
  const ownerOf = (rs: KubeObject): KubeObject | undefined => resolve(deployments.cache, rs.metadata.namespace, controllerRefOf(rs), 'Deployment');

  deployments.addHandlers({ onAdd: enqueue, onUpdate: (_old, d) => enqueue(d), onDelete: enqueue });

  replicaSets.addHandlers({
    onAdd: (rs) => {
      const ref = controllerRefOf(rs);
      if (ref !== undefined) return enqueue(ownerOf(rs));
      if (rs.metadata.deletionTimestamp === undefined) for (const d of deploymentsSelecting(deployments.cache, rs)) enqueue(d);
    },
    onUpdate: (oldRS, rs) => {
      const oldRef = controllerRefOf(oldRS);
      const ref = controllerRefOf(rs);
      const refChanged = !jsonEqual(oldRef ?? null, ref ?? null);
      if (refChanged && oldRef !== undefined) enqueue(ownerOf(oldRS));
      if (ref !== undefined) return enqueue(ownerOf(rs));
      const labelsChanged = !jsonEqual(oldRS.metadata.labels ?? {}, rs.metadata.labels ?? {});
      if (labelsChanged || refChanged) for (const d of deploymentsSelecting(deployments.cache, rs)) enqueue(d);
    },
    onDelete: (rs) => enqueue(ownerOf(rs)),
  });

  pods.addHandlers({
    onDelete: (pod) => {
      const rs = resolve(replicaSets.cache, pod.metadata.namespace, controllerRefOf(pod), 'ReplicaSet');
      const d = rs === undefined ? undefined : ownerOf(rs);
      // Only a Recreate rollout waits on pods; the sync itself checks whether all are gone.
      if (d !== undefined && isDeployment(d) && d.spec.strategy?.type === 'Recreate') enqueue(d);
    },
  });
  return controller;
}
