import type { Logger } from 'pino';
import { isApiError } from '../../api/errors.ts';
import { labelSelectorFromObject, matchesLabels, type ParsedLabelSelector } from '../../api/selectors/label-selector.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';
import type { EventRecorder } from '../framework/event-recorder.ts';
import { claimCandidates } from '../framework/claim-candidates.ts';
import type { IndexedCache } from '../framework/indexed-cache.ts';
import { DONE, objectKeyOf, restAfterWalking, type Reconciler, type Result } from '../framework/result.ts';
import { applyClaims, planClaims, recheckOwner } from './claim.ts';
import type { ControllerExpectations } from './expectations.ts';
import { desiredReplicas, isReplicaSet, podsOf, type Pod, type ReplicaSet, type ReplicaSetStatus } from './objects.ts';
import { planReplicaSetSync } from './plan.ts';
import { podFromTemplate, replicaSetControllerRef } from './pod-from-template.ts';
import { controllerRefOf, isPodActive } from './pod-state.ts';
import { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from './slow-start.ts';
import { calculateReplicaSetStatus, replicaSetStatusUnchanged } from './status.ts';
import { cloneJson } from '../../api/types/clone-json.ts';

export interface ReplicaSetReconcilerDeps {
  client: ApiClient;
  replicaSets: IndexedCache;
  pods: IndexedCache;
  expectations: ControllerExpectations;
  events: EventRecorder;
  logger: Logger;
  burstReplicas: number;
  now: () => number;
}

/** A Kubernetes error whose cause says the namespace is being deleted: creating in it is pointless, not a failure. */
function namespaceTerminating(error: unknown): boolean {
  return isApiError(error) && error.causes.some((c) => c.reason === 'NamespaceTerminating');
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * syncReplicaSet: claim the pods, create or delete to match `spec.replicas`
 * when no earlier creations or deletions are still unobserved, then write the
 * status. Reads come from the informer caches; writes go through the client.
 */
export class ReplicaSetReconciler implements Reconciler {
  readonly name = 'replicaset';

  constructor(private readonly deps: ReplicaSetReconcilerDeps) {}

  async reconcile(key: string): Promise<Result> {
    const { replicaSets, expectations, logger } = this.deps;
    const obj = replicaSets.get(key);
    if (obj === undefined) {
      expectations.delete(key);
      return DONE;
    }
    if (!isReplicaSet(obj)) {
      logger.warn({ key }, 'ReplicaSet has an unexpected shape; skipping');
      return DONE;
    }
    const rs = obj;
    // Read before listing pods: an observation arriving after the list must not let a stale list act.
    const needsSync = expectations.satisfied(key);
    let selector: ParsedLabelSelector | null;
    try {
      selector = labelSelectorFromObject(rs.spec.selector);
    } catch (error) {
      logger.warn({ key, err: error }, 'ReplicaSet has an invalid selector; skipping');
      return DONE;
    }
    const namespace = rs.metadata.namespace ?? '';
    const candidates = this.activePodsClaimableBy(rs.metadata.uid ?? '', namespace);
    const owned = await this.claimPods(rs, selector, candidates);

    const manageError = await this.manageReplicas(key, rs, owned, needsSync);
    const { status, nextAvailableInMs } = calculateReplicaSetStatus(rs, owned, manageError, this.deps.now());
    await this.writeStatus(rs, status);
    if (manageError !== undefined) throw manageError;
    // This reconcile walked every candidate pod, several times: with thousands, their changes gather for a while.
    const restMs = restAfterWalking(candidates.length);
    // Look again when the next ready pod has been ready for minReadySeconds.
    return nextAvailableInMs === undefined ? { restMs } : { requeueAfterMs: nextAvailableInMs, restMs };
  }

  private claimPods(rs: ReplicaSet, selector: ParsedLabelSelector | null, pods: Pod[]): Promise<Pod[]> {
    const plan = planClaims({ uid: rs.metadata.uid ?? '', deleting: rs.metadata.deletionTimestamp !== undefined }, pods, (pod) =>
      matchesLabels(selector, pod.metadata.labels),
    );
    return applyClaims(
      {
        client: this.deps.client,
        resource: Resources.pods,
        controllerRef: replicaSetControllerRef(rs),
        canAdopt: recheckOwner(this.deps.client, Resources.replicaSets, rs),
      },
      plan,
    );
  }

  /** the active pods of the namespace that this uid owns or may adopt (what a claim looks at; others' pods it skips anyway) */
  private activePodsClaimableBy(uid: string, namespace: string): Pod[] {
    return podsOf(claimCandidates(this.deps.pods, uid, namespace)).filter(isPodActive);
  }

  private async manageReplicas(key: string, rs: ReplicaSet, owned: Pod[], expectationsSatisfied: boolean): Promise<Error | undefined> {
    const { expectations } = this.deps;
    const plan = planReplicaSetSync(rs, {
      pods: owned,
      expectationsSatisfied,
      // Only a scale-down ranks pods by their siblings on the same node.
      relatedPods: owned.length > desiredReplicas(rs) ? this.relatedPods(rs, owned) : owned,
      burstReplicas: this.deps.burstReplicas,
      nowMs: this.deps.now(),
    });
    if (plan.create > 0) {
      // Expect every creation before the first is sent: its event may come back before the next line runs.
      expectations.expectCreations(key, plan.create);
      const { successes, error } = await slowStartBatch(plan.create, SLOW_START_INITIAL_BATCH_SIZE, () => this.createPod(rs));
      // Creations never attempted (or failed) will not be observed; stop waiting for them.
      for (let i = successes; i < plan.create; i++) expectations.creationObserved(key);
      return error === undefined ? undefined : error instanceof Error ? error : new Error(message(error));
    }
    if (plan.delete.length > 0) {
      expectations.expectDeletions(key, plan.delete.map((pod) => objectKeyOf(pod.metadata)));
      const errors = await Promise.all(plan.delete.map((pod) => this.deletePod(key, rs, pod)));
      return errors.find((e) => e !== undefined);
    }
    return undefined;
  }

  /**
   * getIndirectlyRelatedPods: the pods of every ReplicaSet with the same
   * controller, to spread deletions over nodes. Kubernetes takes every pod
   * of the namespace a sibling's selector matches; here those the sibling
   * owns or could adopt, which leaves out only pods a third controller owns.
   */
  private relatedPods(rs: ReplicaSet, owned: Pod[]): Pod[] {
    const owner = controllerRefOf(rs);
    if (owner === undefined) return owned;
    const namespace = rs.metadata.namespace ?? '';
    const seen = new Set<string>();
    const related: Pod[] = [];
    for (const sibling of this.deps.replicaSets.byIndex('owner', owner.uid)) {
      if (!isReplicaSet(sibling) || controllerRefOf(sibling)?.uid !== owner.uid) continue;
      let selector: ParsedLabelSelector | null;
      try {
        selector = labelSelectorFromObject(sibling.spec.selector);
      } catch {
        continue;
      }
      for (const pod of this.activePodsClaimableBy(sibling.metadata.uid ?? '', namespace)) {
        const uid = pod.metadata.uid ?? '';
        if (seen.has(uid) || !matchesLabels(selector, pod.metadata.labels)) continue;
        seen.add(uid);
        related.push(pod);
      }
    }
    return related;
  }

  private async createPod(rs: ReplicaSet): Promise<void> {
    try {
      const pod = await this.deps.client.create(Resources.pods, podFromTemplate(rs));
      this.deps.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name ?? ''}`);
    } catch (error) {
      if (namespaceTerminating(error)) return;
      this.deps.events.record(rs, 'Warning', 'FailedCreate', `Error creating: ${message(error)}`);
      throw error;
    }
  }

  private async deletePod(key: string, rs: ReplicaSet, pod: Pod): Promise<Error | undefined> {
    const name = pod.metadata.name ?? '';
    try {
      await this.deps.client.delete(Resources.pods, pod.metadata.namespace, name);
      this.deps.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
      return undefined;
    } catch (error) {
      // The informer will never see this deletion: stop waiting for it.
      this.deps.expectations.deletionObserved(key, objectKeyOf(pod.metadata));
      if (isApiError(error, 'NotFound')) return undefined;
      this.deps.events.record(rs, 'Warning', 'FailedDelete', `Error deleting: ${message(error)}`);
      return error instanceof Error ? error : new Error(message(error));
    }
  }

  /** updateReplicaSetStatus: writes only a changed status, retrying once on a fresh copy after a conflict. */
  private async writeStatus(rs: ReplicaSet, status: ReplicaSetStatus): Promise<void> {
    if (replicaSetStatusUnchanged(rs, status)) return;
    const { client } = this.deps;
    try {
      await client.update(Resources.replicaSets, { ...cloneJson(rs), status }, { subresource: 'status' });
    } catch (error) {
      if (!isApiError(error, 'Conflict')) throw error;
      const fresh = await client.get(Resources.replicaSets, rs.metadata.namespace, rs.metadata.name ?? '');
      if (fresh.metadata.uid !== rs.metadata.uid) return;
      await client.update(Resources.replicaSets, { ...fresh, status }, { subresource: 'status' });
    }
  }
}
