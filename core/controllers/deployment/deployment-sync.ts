import type { Logger } from 'pino';
import { isApiError } from '../../api/errors.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';
import type { EventRecorder } from '../framework/event-recorder.ts';
import type { IndexedCache } from '../framework/indexed-cache.ts';
import { objectKeyOf } from '../framework/result.ts';
import { desiredReplicas, isReplicaSet, type Pod, type ReplicaSet } from '../replicaset/objects.ts';
import { controllerRefOf } from '../replicaset/pod-state.ts';
import { REVISION, maxRevision, replicasAnnotationsNeedUpdate, setNewReplicaSetAnnotations, setReplicasAnnotations } from './annotations.ts';
import { hasProgressDeadline, planHistoryCleanup } from './cleanup.ts';
import { Progressing, Reasons, getCondition, newCondition, setCondition } from './conditions.ts';
import { calculateDeploymentStatus, calculateRolloutStatus, progressCheckAfterMs } from './deployment-status.ts';
import { buildNewReplicaSet } from './new-replica-set.ts';
import type { Deployment } from './objects.ts';
import { findNewReplicaSet, findOldReplicaSets } from './replica-sets.ts';
import type { ScaleAction } from './rolling.ts';
import { equalIgnoreHash, semanticEqual } from './template-hash.ts';
import { cloneJson } from '../../api/types/clone-json.ts';

export interface DeploymentDeps {
  client: ApiClient;
  replicaSets: IndexedCache;
  events: EventRecorder;
  logger: Logger;
  now: () => number;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One sync of one Deployment: a working copy of it, its ReplicaSets and pods,
 * and the writes every strategy shares (DeploymentController's helpers in
 * sync.go and progress.go). Each write replaces the working copies with what
 * the API returned, so later steps of the same sync do not act on stale
 * objects.
 */
export class DeploymentSync {
  requeueAfterMs: number | undefined;

  private pods: ReadonlyMap<string, readonly Pod[]> | undefined;

  /**
   * `podsByReplicaSet` is gathered on first use: only the Recreate strategy
   * reads the pods (a RollingUpdate sync of a 1,000-replica Deployment
   * walked all of them for nothing).
   */
  constructor(
    private readonly deps: DeploymentDeps,
    public d: Deployment,
    public rsList: ReplicaSet[],
    private readonly podsByReplicaSet: () => ReadonlyMap<string, readonly Pod[]>,
  ) {}

  /** the pods of each ReplicaSet (by uid) that it controls and the Deployment selects */
  get podMap(): ReadonlyMap<string, readonly Pod[]> {
    this.pods ??= this.podsByReplicaSet();
    return this.pods;
  }

  /** the newest copy of a ReplicaSet this sync knows */
  latest(rs: ReplicaSet): ReplicaSet {
    return this.rsList.find((r) => r.metadata.uid === rs.metadata.uid) ?? rs;
  }

  private remember(rs: ReplicaSet): ReplicaSet {
    const i = this.rsList.findIndex((r) => r.metadata.uid === rs.metadata.uid);
    if (i === -1) this.rsList.push(rs);
    else this.rsList[i] = rs;
    return rs;
  }

  /** A failure the sync goes on after; a conflict is only the routine cost of a stale cache, and its event brings the next sync. */
  logFailure(what: string, error: unknown): void {
    const level = isApiError(error, 'Conflict') ? 'debug' : 'warn';
    this.deps.logger[level]({ deployment: objectKeyOf(this.d.metadata), err: error }, what);
  }

  event(type: 'Normal' | 'Warning', reason: string, text: string): void {
    this.deps.events.record(this.d, type, reason, text);
  }

  /** getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created if asked) and all old ones. */
  async allReplicaSets(createIfNotExisted: boolean): Promise<{ newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] }> {
    const oldRSs = findOldReplicaSets(this.d, this.rsList);
    const newRS = await this.newReplicaSet(oldRSs, createIfNotExisted);
    return { newRS, oldRSs: oldRSs.map((rs) => this.latest(rs)) };
  }

  /** getNewReplicaSet: finds (and brings up to date) or creates the ReplicaSet of the current template. */
  private async newReplicaSet(oldRSs: ReplicaSet[], create: boolean): Promise<ReplicaSet | undefined> {
    const existing = findNewReplicaSet(this.d, this.rsList);
    const newRevision = maxRevision(oldRSs) + 1;
    if (existing !== undefined) {
      const copy = cloneJson(existing);
      const annotationsChanged = setNewReplicaSetAnnotations(this.d, copy, newRevision, true);
      if (annotationsChanged || (copy.spec.minReadySeconds ?? 0) !== (this.d.spec.minReadySeconds ?? 0)) {
        if ((this.d.spec.minReadySeconds ?? 0) > 0) copy.spec.minReadySeconds = this.d.spec.minReadySeconds;
        else delete copy.spec.minReadySeconds;
        return this.remember(await this.updateReplicaSet(copy));
      }
      let statusChanged = false;
      if (hasProgressDeadline(this.d) && getCondition(this.d.status, Progressing) === undefined) {
        const msg = `Found new replica set "${copy.metadata.name ?? ''}"`;
        this.d.status = { ...this.d.status };
        setCondition(this.d.status, newCondition(Progressing, 'True', Reasons.FoundNewRS, msg, this.deps.now()));
        statusChanged = true;
      }
      await this.setRevision(copy.metadata.annotations?.[REVISION]);
      if (statusChanged) await this.writeStatus();
      return copy;
    }
    if (!create) return undefined;
    return this.createNewReplicaSet(oldRSs, newRevision);
  }

  private async createNewReplicaSet(oldRSs: ReplicaSet[], newRevision: number): Promise<ReplicaSet> {
    const rs = buildNewReplicaSet(this.d, oldRSs, newRevision);
    const name = rs.metadata.name ?? '';
    let created: ReplicaSet;
    let alreadyExisted = false;
    try {
      const result = await this.deps.client.create(Resources.replicaSets, rs);
      created = isReplicaSet(result) ? result : rs;
    } catch (error) {
      if (!isApiError(error, 'AlreadyExists')) {
        if (!(isApiError(error) && error.causes.some((c) => c.reason === 'NamespaceTerminating'))) await this.reportCreateFailure(name, error);
        throw error;
      }
      // A slow cache, or a hash collision with a ReplicaSet that is not ours.
      const found = this.deps.replicaSets.get(objectKeyOf(rs.metadata));
      if (found === undefined || !isReplicaSet(found)) throw error;
      if (controllerRefOf(found)?.uid !== this.d.metadata.uid || !equalIgnoreHash(this.d.spec.template, found.spec.template)) {
        const collisionCount = (this.d.status?.collisionCount ?? 0) + 1;
        this.d.status = { ...this.d.status, collisionCount };
        try {
          await this.writeStatus();
          this.deps.logger.info({ deployment: objectKeyOf(this.d.metadata), collisionCount }, 'found a hash collision; bumped collisionCount');
        } catch {
          // The next sync retries; the original error below is what matters.
        }
        throw error;
      }
      created = found;
      alreadyExisted = true;
    }
    const replicas = desiredReplicas(created);
    if (!alreadyExisted && replicas > 0) this.deps.events.record(this.d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} to ${replicas}`);
    this.remember(created);
    await this.setRevision(String(newRevision));
    if (!alreadyExisted && hasProgressDeadline(this.d)) {
      this.d.status = { ...this.d.status };
      setCondition(this.d.status, newCondition(Progressing, 'True', Reasons.NewReplicaSet, `Created new replica set "${name}"`, this.deps.now()));
      await this.writeStatus();
    }
    return created;
  }

  private async reportCreateFailure(name: string, error: unknown): Promise<void> {
    const msg = `Failed to create new replica set "${name}": ${message(error)}`;
    if (hasProgressDeadline(this.d)) {
      this.d.status = { ...this.d.status };
      setCondition(this.d.status, newCondition(Progressing, 'False', Reasons.FailedRSCreate, msg, this.deps.now()));
      await this.writeStatus().catch(() => undefined);
    }
    this.deps.events.record(this.d, 'Warning', Reasons.FailedRSCreate, msg);
  }

  /**
   * SetDeploymentRevision. Kubernetes writes it along with the status (its
   * status strategy keeps annotations); a patch of the annotation does the
   * same on any API server that resets metadata on status writes.
   */
  private async setRevision(revision: string | undefined): Promise<void> {
    if (revision === undefined || this.d.metadata.annotations?.[REVISION] === revision) return;
    const patched = await this.deps.client.patch(Resources.deployments, this.d.metadata.namespace, this.d.metadata.name ?? '', 'merge', {
      metadata: { annotations: { [REVISION]: revision } },
    });
    this.d.metadata = { ...this.d.metadata, annotations: { ...patched.metadata.annotations }, resourceVersion: patched.metadata.resourceVersion };
  }

  /** Writes the working copy's status through the status subresource. */
  async writeStatus(): Promise<void> {
    const written = await this.deps.client.update(Resources.deployments, this.d, { subresource: 'status' });
    this.d.metadata = { ...this.d.metadata, resourceVersion: written.metadata.resourceVersion };
  }

  /** Writes the working copy's spec and metadata (a rollback through the deprecated annotation). */
  async updateDeployment(): Promise<void> {
    const written = await this.deps.client.update(Resources.deployments, this.d);
    this.d.metadata = { ...this.d.metadata, resourceVersion: written.metadata.resourceVersion };
  }

  private async updateReplicaSet(rs: ReplicaSet): Promise<ReplicaSet> {
    const result = await this.deps.client.update(Resources.replicaSets, rs);
    return isReplicaSet(result) ? result : rs;
  }

  /** scaleReplicaSet: sets size and size annotations when either is off; records an event when the size changed. */
  async scaleReplicaSet(target: ReplicaSet, replicas: number): Promise<{ scaled: boolean; rs: ReplicaSet }> {
    const rs = this.latest(target);
    const from = desiredReplicas(rs);
    if (from === replicas && !replicasAnnotationsNeedUpdate(rs, this.d)) return { scaled: false, rs };
    const copy = cloneJson(rs);
    copy.spec.replicas = replicas;
    setReplicasAnnotations(copy, this.d);
    const updated = this.remember(await this.updateReplicaSet(copy));
    if (from !== replicas) {
      const direction = from < replicas ? 'up' : 'down';
      this.deps.events.record(this.d, 'Normal', 'ScalingReplicaSet', `Scaled ${direction} replica set ${rs.metadata.name ?? ''} to ${replicas} from ${from}`);
    }
    return { scaled: from !== replicas, rs: updated };
  }

  /** scaleReplicaSetAndRecordEvent: like scaleReplicaSet, but nothing at all when the size is already right. */
  async scaleIfNeeded(target: ReplicaSet, replicas: number): Promise<boolean> {
    if (desiredReplicas(this.latest(target)) === replicas) return false;
    return (await this.scaleReplicaSet(target, replicas)).scaled;
  }

  /** Runs scale steps in order; how many changed a size. */
  async apply(actions: readonly ScaleAction[], refreshAnnotations = false): Promise<number> {
    let scaled = 0;
    for (const action of actions) {
      const changed = refreshAnnotations ? (await this.scaleReplicaSet(action.rs, action.replicas)).scaled : await this.scaleIfNeeded(action.rs, action.replicas);
      if (changed) scaled++;
    }
    return scaled;
  }

  /** cleanupDeployment: deletes old ReplicaSets beyond revisionHistoryLimit. */
  async cleanup(oldRSs: readonly ReplicaSet[]): Promise<void> {
    for (const rs of planHistoryCleanup(this.d, oldRSs.map((r) => this.latest(r)))) {
      try {
        await this.deps.client.delete(Resources.replicaSets, rs.metadata.namespace, rs.metadata.name ?? '');
      } catch (error) {
        if (!isApiError(error, 'NotFound')) throw error;
      }
    }
  }

  /** The ReplicaSets as they are now, new one included. */
  current(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): { newRS: ReplicaSet | undefined; all: ReplicaSet[] } {
    const fresh = newRS === undefined ? undefined : this.latest(newRS);
    const all = oldRSs.map((rs) => this.latest(rs));
    if (fresh !== undefined) all.push(fresh);
    return { newRS: fresh, all };
  }

  /** syncDeploymentStatus: writes the computed status when it differs. */
  async syncStatus(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): Promise<void> {
    const { newRS: fresh, all } = this.current(newRS, oldRSs);
    const status = calculateDeploymentStatus(all, fresh, this.d, this.deps.now());
    if (semanticEqual(this.d.status, status)) return;
    this.d.status = status;
    await this.writeStatus();
  }

  /** syncRolloutStatus: the status with progress conditions; a quiet rollout is looked at again at its deadline. */
  async syncRolloutStatus(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): Promise<void> {
    const { newRS: fresh, all } = this.current(newRS, oldRSs);
    const now = this.deps.now();
    const status = calculateRolloutStatus(all, fresh, this.d, now);
    if (semanticEqual(this.d.status, status)) {
      this.requeueAfterMs = progressCheckAfterMs(this.d, status, now);
      return;
    }
    this.d.status = status;
    await this.writeStatus();
  }
}
