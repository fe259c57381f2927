import { labelSelectorFromObject, matchesLabels, type ParsedLabelSelector } from '../../api/selectors/label-selector.ts';
import { Resources } from '../../client/resources.ts';
import type { IndexedCache } from '../framework/indexed-cache.ts';
import { DONE, restAfterWalking, TerminalError, type Reconciler, type Result } from '../framework/result.ts';
import { applyClaims, newControllerRef, planClaims, recheckOwner } from '../replicaset/claim.ts';
import { isReplicaSet, podsOf, type Pod, type ReplicaSet } from '../replicaset/objects.ts';
import { controllerRefOf } from '../replicaset/pod-state.ts';
import { DeploymentSync, type DeploymentDeps } from './deployment-sync.ts';
import { isDeployment, type Deployment } from './objects.ts';
import { rollback, rollbackRequest } from './rollback.ts';
import { isScalingEvent } from './scale.ts';
import { checkPausedConditions, rolloutRecreate, rolloutRolling, syncScaling, syncStatusOnly } from './strategies.ts';
import { cloneJson } from '../../api/types/clone-json.ts';

export interface DeploymentReconcilerDeps extends DeploymentDeps {
  deployments: IndexedCache;
  pods: IndexedCache;
}

function selectsEverything(d: Deployment): boolean {
  const selector = d.spec.selector;
  return selector !== undefined && Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/**
 * syncDeployment: claim the ReplicaSets, then, in Kubernetes' order of
 * precedence, report only (being deleted), note a pause, resize (paused or a
 * scaling event), roll back (deprecated annotation), or roll out with the
 * Deployment's strategy.
 */
export class DeploymentReconciler implements Reconciler {
  readonly name = 'deployment';

  constructor(private readonly deps: DeploymentReconcilerDeps) {}

  async reconcile(key: string): Promise<Result> {
    const cached = this.deps.deployments.get(key);
    if (cached === undefined) return DONE;
    if (!isDeployment(cached)) {
      this.deps.logger.warn({ key }, 'Deployment has an unexpected shape; skipping');
      return DONE;
    }
    // The cache's objects are shared: every change happens on a copy.
    const d = cloneJson(cached);

    if (selectsEverything(d)) {
      const s = new DeploymentSync(this.deps, d, [], () => new Map());
      s.event('Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        d.status = { ...d.status, observedGeneration: d.metadata.generation ?? 0 };
        await s.writeStatus();
      }
      return DONE;
    }
    let selector: ParsedLabelSelector | null;
    try {
      selector = labelSelectorFromObject(d.spec.selector);
    } catch (error) {
      throw new TerminalError(`deployment ${key} has invalid label selector: ${error instanceof Error ? error.message : String(error)}`, 'InvalidSelector');
    }
    const rsList = await this.claimReplicaSets(d, selector);
    // Gathered now only for Recreate, which reads them (as Kubernetes lists them before the sync acts); else if ever asked.
    const pods = (): Map<string, Pod[]> => this.podsByReplicaSet(d, selector, rsList);
    const work = new DeploymentSync(this.deps, d, rsList, d.spec.strategy?.type === 'Recreate' ? constant(pods()) : pods);
    // As a ReplicaSet's: a reconcile of thousands of pods' ReplicaSets lets their changes gather before the next.
    let podCount = 0;
    for (const rs of rsList) podCount += this.deps.pods.countByIndex('owner', rs.metadata.uid ?? '');
    const restMs = restAfterWalking(podCount);

    if (d.metadata.deletionTimestamp !== undefined) {
      await syncStatusOnly(work);
      return { restMs };
    }
    await checkPausedConditions(work, this.deps.now());
    const rollbackPending = rollbackRequest(work.d) !== undefined;
    if (work.d.spec.paused === true) {
      await syncScaling(work, rollbackPending);
    } else if (rollbackPending) {
      await rollback(work);
    } else {
      const { newRS, oldRSs } = await work.allReplicaSets(false);
      if (isScalingEvent(work.d, newRS, oldRSs)) await syncScaling(work, false);
      else await this.rollout(work, key);
    }
    return work.requeueAfterMs === undefined ? { restMs } : { requeueAfterMs: work.requeueAfterMs, restMs };
  }

  private rollout(s: DeploymentSync, key: string): Promise<void> {
    const type = s.d.spec.strategy?.type ?? 'RollingUpdate';
    if (type === 'Recreate') return rolloutRecreate(s);
    if (type === 'RollingUpdate') return rolloutRolling(s);
    throw new TerminalError(`unexpected deployment strategy type: ${type} (deployment ${key})`, 'InvalidStrategy');
  }

  /** getReplicaSetsForDeployment: every ReplicaSet of the namespace, adopted or released by selector. */
  private claimReplicaSets(d: Deployment, selector: ParsedLabelSelector | null): Promise<ReplicaSet[]> {
    const candidates = this.deps.replicaSets.byIndex('namespace', d.metadata.namespace ?? '').filter(isReplicaSet);
    const plan = planClaims({ uid: d.metadata.uid ?? '', deleting: d.metadata.deletionTimestamp !== undefined }, candidates, (rs) =>
      matchesLabels(selector, rs.metadata.labels),
    );
    return applyClaims(
      {
        client: this.deps.client,
        resource: Resources.replicaSets,
        controllerRef: newControllerRef(d, 'apps/v1', 'Deployment'),
        canAdopt: recheckOwner(this.deps.client, Resources.deployments, d),
      },
      plan,
    );
  }

  /**
   * getPodMapForDeployment: the Deployment's pods by ReplicaSet uid, finished
   * ones included (Recreate waits for them): the pods each ReplicaSet
   * controls that the Deployment's selector matches, from the informer's
   * owner index rather than a scan of the namespace.
   */
  private podsByReplicaSet(d: Deployment, selector: ParsedLabelSelector | null, rsList: readonly ReplicaSet[]): Map<string, Pod[]> {
    const namespace = d.metadata.namespace ?? '';
    const map = new Map<string, Pod[]>();
    for (const rs of rsList) {
      const uid = rs.metadata.uid ?? '';
      const owned = podsOf(this.deps.pods.byIndex('owner', uid)).filter(
        (pod) => (pod.metadata.namespace ?? '') === namespace && controllerRefOf(pod)?.uid === uid && matchesLabels(selector, pod.metadata.labels),
      );
      map.set(uid, owned);
    }
    return map;
  }
}

function constant<T>(value: T): () => T {
  return () => value;
}
