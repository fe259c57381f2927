import { labelSelectorFromObject, matchesLabels } from '../../api/selectors/label-selector.ts';
import type { KubeObject, OwnerReference } from '../../api/types/meta.ts';
import { Resources } from '../../client/resources.ts';
import { Controller } from '../framework/controller.ts';
import type { IndexedCache } from '../framework/indexed-cache.ts';
import type { ControllerContext } from '../framework/manager.ts';
import { objectKeyOf } from '../framework/result.ts';
import { ControllerExpectations } from './expectations.ts';
import { isPodOnce, isReplicaSet, type Pod } from './objects.ts';
import { BURST_REPLICAS } from './plan.ts';
import { controllerRefOf, syncInputsChanged } from './pod-state.ts';
import { ReplicaSetReconciler } from './reconciler.ts';
import { jsonEqual } from '../../api/types/json-equal.ts';

export interface ReplicaSetControllerOptions {
  /** ReplicaSets synced at once (kube-controller-manager's --concurrent-replicaset-syncs, 5) */
  workers?: number;
  /** creations or deletions per sync (500) */
  burstReplicas?: number;
  now?: () => number;
}

/** The ReplicaSet a controller reference names, if it is still that very object (resolveControllerRef). */
function resolveReplicaSet(cache: IndexedCache, namespace: string | undefined, ref: OwnerReference): KubeObject | undefined {
  if (ref.kind !== 'ReplicaSet') return undefined;
  const rs = cache.get(objectKeyOf({ namespace, name: ref.name }));
  return rs !== undefined && rs.metadata.uid === ref.uid ? rs : undefined;
}

/** Every ReplicaSet of the pod's namespace whose selector matches it (getPodReplicaSets), for orphans. */
function replicaSetsSelecting(cache: IndexedCache, pod: Pod): KubeObject[] {
  return cache.byIndex('namespace', pod.metadata.namespace ?? '').filter((rs) => {
    if (!isReplicaSet(rs)) return false;
    try {
      const selector = labelSelectorFromObject(rs.spec.selector);
      // An empty selector would select everything; Kubernetes rejects it at validation, and here it selects nothing.
      return selector !== null && selector.length > 0 && matchesLabels(selector, pod.metadata.labels);
    } catch {
      return false;
    }
  });
}

function sameRef(a: OwnerReference | undefined, b: OwnerReference | undefined): boolean {
  return jsonEqual(a ?? null, b ?? null);
}

/**
 * The ReplicaSet controller: keeps `spec.replicas` pods running for every
 * ReplicaSet. Handlers enqueue the ReplicaSets a change concerns; the only
 * thing they do besides is count creations and deletions as observed
 * (expectations), which is what lets a sync trust the cache.
 */
export function setupReplicaSetController(ctx: ControllerContext, options: ReplicaSetControllerOptions = {}): Controller {
  const rsInformer = ctx.informers.forResource(Resources.replicaSets);
  const podInformer = ctx.informers.forResource(Resources.pods);
  const expectations = new ControllerExpectations(options.now ?? Date.now);
  const logger = ctx.logger.child({ controller: 'replicaset' });
  const reconciler = new ReplicaSetReconciler({
    client: ctx.client,
    replicaSets: rsInformer.cache,
    pods: podInformer.cache,
    expectations,
    events: ctx.events('replicaset-controller'),
    logger,
    burstReplicas: options.burstReplicas ?? BURST_REPLICAS,
    now: options.now ?? Date.now,
  });
  const controller = new Controller(reconciler, { workers: options.workers ?? 5, logger });
  const enqueue = (obj: KubeObject): void => controller.enqueue(objectKeyOf(obj.metadata));

  rsInformer.addHandlers({
    onAdd: enqueue,
    onUpdate: (oldRS, newRS) => {
      // A ReplicaSet deleted and created again under the same name starts with no expectations.
      if (oldRS.metadata.uid !== newRS.metadata.uid) expectations.delete(objectKeyOf(oldRS.metadata));
      enqueue(newRS);
    },
    onDelete: (rs) => {
      expectations.delete(objectKeyOf(rs.metadata));
      enqueue(rs);
    },
  });

  const podDeleted = (pod: KubeObject): void => {
    const ref = controllerRefOf(pod);
    if (ref === undefined) return;
    const rs = resolveReplicaSet(rsInformer.cache, pod.metadata.namespace, ref);
    if (rs === undefined) return;
    const rsKey = objectKeyOf(rs.metadata);
    expectations.deletionObserved(rsKey, objectKeyOf(pod.metadata));
    controller.enqueue(rsKey);
  };

  podInformer.addHandlers({
    onAdd: (pod) => {
      // After a restart a pod may first show up already being deleted: that is no creation.
      if (pod.metadata.deletionTimestamp !== undefined) return podDeleted(pod);
      const ref = controllerRefOf(pod);
      if (ref !== undefined) {
        const rs = resolveReplicaSet(rsInformer.cache, pod.metadata.namespace, ref);
        if (rs === undefined) return;
        const rsKey = objectKeyOf(rs.metadata);
        expectations.creationObserved(rsKey);
        controller.enqueue(rsKey);
        return;
      }
      if (isPodOnce(pod)) for (const rs of replicaSetsSelecting(rsInformer.cache, pod)) enqueue(rs);
    },
    onUpdate: (oldPod, newPod) => {
      const labelsChanged = !jsonEqual(oldPod.metadata.labels ?? {}, newPod.metadata.labels ?? {});
      if (newPod.metadata.deletionTimestamp !== undefined) {
        // A graceful deletion counts as the deletion: the ReplicaSet may replace the pod now.
        // Later writes to the terminating pod (the kubelet's grace-0 mark) change nothing it counts.
        if (oldPod.metadata.deletionTimestamp !== undefined && !labelsChanged) return;
        podDeleted(newPod);
        if (labelsChanged) podDeleted(oldPod);
        return;
      }
      const newRef = controllerRefOf(newPod);
      const oldRef = controllerRefOf(oldPod);
      const refChanged = !sameRef(newRef, oldRef);
      if (!refChanged && !labelsChanged && isPodOnce(oldPod) && isPodOnce(newPod) && !syncInputsChanged(oldPod, newPod)) return;
      if (refChanged && oldRef !== undefined) {
        const previous = resolveReplicaSet(rsInformer.cache, oldPod.metadata.namespace, oldRef);
        if (previous !== undefined) enqueue(previous);
      }
      if (newRef !== undefined) {
        const rs = resolveReplicaSet(rsInformer.cache, newPod.metadata.namespace, newRef);
        if (rs !== undefined) enqueue(rs);
        return;
      }
      if ((labelsChanged || refChanged) && isPodOnce(newPod)) for (const rs of replicaSetsSelecting(rsInformer.cache, newPod)) enqueue(rs);
    },
    onDelete: podDeleted,
  });
  return controller;
}
