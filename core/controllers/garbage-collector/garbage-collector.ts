import type { Logger } from 'pino';
import { isApiError } from '../../api/errors.ts';
import type { KubeObject, OwnerReference } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources, type ResourceRef } from '../../client/resources.ts';
import { Controller } from '../framework/controller.ts';
import type { ControllerContext } from '../framework/manager.ts';
import { DONE, type Reconciler, type Result } from '../framework/result.ts';
import { AbsentOwnerCache } from './absent-owner-cache.ts';
import { DependencyGraph, resourceName, type GraphNode } from './dependency-graph.ts';
import { GarbageCollectorOperations } from './operations.ts';
import {
  FOREGROUND_FINALIZER,
  ORPHAN_FINALIZER,
  hasFinalizer,
  isBeingDeleted,
  isDeletingDependents,
  ownerReferencesOf,
  unblocked,
  withoutOwners,
} from './owner-references.ts';
import { planDeletingOwner, planDependent, type ClassifiedOwner } from './plan.ts';

export interface GarbageCollectorOptions {
  /** the kinds collected and looked up as owners; every built-in kind by default */
  resources?: readonly ResourceRef[];
  /** Kubernetes' --concurrent-gc-syncs */
  workers?: number;
}

/**
 * Kubernetes' garbage collector over the shared informers. A queue key names
 * one object of one kind; reconciling it either handles it as an owner being
 * deleted with the orphan or foregroundDeletion finalizer, or as a dependent
 * whose owners may be gone (checked live, the cache can lag) or waiting for it.
 */
export class GarbageCollector implements Reconciler {
  readonly name = 'garbagecollector';
  private readonly absentOwners = new AbsentOwnerCache();
  private readonly operations: GarbageCollectorOperations;

  constructor(
    private readonly client: ApiClient,
    private readonly graph: DependencyGraph,
    private readonly logger: Logger,
    private readonly enqueue: (key: string) => void,
  ) {
    this.operations = new GarbageCollectorOperations(client);
  }

  async reconcile(key: string): Promise<Result> {
    const node = this.graph.lookup(key);
    if (node === undefined) return DONE;
    if (isBeingDeleted(node.object)) {
      await this.processDeletingOwner(node);
      return DONE;
    }
    // The common case costs no request: every owner is in the caches and none waits for dependents.
    if (ownerReferencesOf(node.object).every((ref) => this.looksSolid(ref))) return DONE;
    await this.processDependent(node);
    return DONE;
  }

  private looksSolid(ref: OwnerReference): boolean {
    const owner = this.graph.byUid(ref.uid);
    return owner !== undefined && !isDeletingDependents(owner.object);
  }

  private async processDeletingOwner(owner: GraphNode): Promise<void> {
    const uid = owner.object.metadata.uid ?? '';
    const action = planDeletingOwner(owner.object, this.graph.dependentsOf(uid));
    switch (action.type) {
      case 'none':
        return;
      case 'removeFinalizer':
        await this.operations.removeFinalizer(owner.resource, owner.object, action.finalizer);
        return;
      case 'deleteDependents':
        // Each dependent decides for itself: deleted, or only let go of this owner when it has another.
        for (const dependent of action.dependents) this.enqueue(dependent.key);
        return;
      case 'orphanDependents': {
        const results = await Promise.allSettled(
          action.dependents.map((d) => this.operations.rewriteOwnerReferences(d.resource, d.object, (refs) => withoutOwners(refs, [uid]))),
        );
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed !== undefined) throw failed.reason;
        await this.operations.removeFinalizer(owner.resource, owner.object, ORPHAN_FINALIZER);
        return;
      }
    }
  }

  private async processDependent(node: GraphNode): Promise<void> {
    const latest = await this.getLive(node.resource, node.object.metadata.namespace, node.object.metadata.name ?? '');
    if (latest === undefined || latest.metadata.uid !== node.object.metadata.uid || isBeingDeleted(latest)) return;
    const refs = ownerReferencesOf(latest);
    const owners = await Promise.all(refs.map((ref) => this.classify(ref, latest)));
    const dependents = this.graph.dependentsOf(latest.metadata.uid ?? '');
    const action = planDependent({
      owners,
      finalizers: latest.metadata.finalizers ?? [],
      hasDependents: dependents.length > 0,
      dependentDeletingDependents: dependents.some((d) => isDeletingDependents(d.object)),
    });
    switch (action.type) {
      case 'keep':
        return;
      case 'removeOwnerReferences':
        this.logger.debug({ key: node.key, owners: action.uids }, 'removing dangling and waiting owner references');
        await this.operations.rewriteOwnerReferences(node.resource, latest, (current) => withoutOwners(current, action.uids));
        return;
      case 'delete': {
        let target = latest;
        if (action.unblockOwnerReferencesFirst) {
          // A dependent of this object waits for it in the foreground too: unblock, or the two would wait for each other.
          await this.operations.rewriteOwnerReferences(node.resource, latest, unblocked);
          target = (await this.getLive(node.resource, latest.metadata.namespace, latest.metadata.name ?? '')) ?? latest;
        }
        this.logger.debug({ key: node.key, policy: action.policy }, 'deleting object whose owners are gone');
        await this.operations.deleteObject(node.resource, target, action.policy);
        return;
      }
    }
  }

  /** classifyReferences/isDangling: the owner as the API server has it now. */
  private async classify(ref: OwnerReference, dependent: KubeObject): Promise<ClassifiedOwner> {
    const solid: ClassifiedOwner = { uid: ref.uid, state: 'solid' };
    const resource = this.graph.resourceFor(ref);
    if (resource === undefined) {
      // A kind this collector does not serve: never delete on a guess.
      this.logger.debug({ owner: ref }, 'owner of an unknown kind; keeping the dependent');
      return solid;
    }
    const dependentNamespace = dependent.metadata.namespace;
    if (resource.namespaced && (dependentNamespace === undefined || dependentNamespace === '')) {
      this.logger.debug({ owner: ref, dependent: dependent.metadata.name }, 'cluster-scoped objects cannot refer to namespaced owners');
      return solid;
    }
    const namespace = resource.namespaced ? dependentNamespace : undefined;
    const absentKey = `${resourceName(resource)}|${namespace ?? ''}|${ref.name}|${ref.uid}`;
    if (this.absentOwners.has(absentKey)) return { uid: ref.uid, state: 'dangling' };
    const owner = await this.getLive(resource, namespace, ref.name);
    if (owner === undefined || owner.metadata.uid !== ref.uid) {
      this.absentOwners.add(absentKey);
      return { uid: ref.uid, state: 'dangling' };
    }
    return { uid: ref.uid, state: isDeletingDependents(owner) ? 'waitingForDependentsDeletion' : 'solid' };
  }

  private async getLive(resource: ResourceRef, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    try {
      return await this.client.get(resource, namespace, name);
    } catch (error) {
      if (isApiError(error, 'NotFound')) return undefined;
      throw error;
    }
  }
}

/**
 * Kubernetes' DefaultIgnoredResources: Events are never owners or collected
 * dependents that matter, and there are many of them (one per pod scheduled);
 * watching them would hold every Event in an informer for nothing.
 */
export function isIgnoredByCollector(resource: ResourceRef): boolean {
  return resource.plural === 'events' && (resource.group === '' || resource.group === 'events.k8s.io');
}

/** The garbage collector as a controller: every watched kind's changes enqueue the objects they may affect. */
export function setupGarbageCollector(ctx: ControllerContext, options: GarbageCollectorOptions = {}): Controller {
  const graph = new DependencyGraph(ctx.informers, options.resources ?? Object.values(Resources).filter((r) => !isIgnoredByCollector(r)));
  const logger = ctx.logger.child({ controller: 'garbagecollector' });
  const enqueue = (key: string): void => controller.enqueue(key);
  const controller = new Controller(new GarbageCollector(ctx.client, graph, logger, enqueue), { workers: options.workers ?? 20, logger });
  const enqueueWaitingOwners = (obj: KubeObject): void => {
    for (const ref of ownerReferencesOf(obj)) {
      const owner = graph.byUid(ref.uid);
      if (owner !== undefined && isBeingDeleted(owner.object)) enqueue(owner.key);
    }
  };
  for (const { resource, informer } of graph.monitors) {
    const enqueueIfCollectable = (obj: KubeObject): void => {
      const gcFinalizer = hasFinalizer(obj, ORPHAN_FINALIZER) || hasFinalizer(obj, FOREGROUND_FINALIZER);
      if (ownerReferencesOf(obj).length > 0 || (isBeingDeleted(obj) && gcFinalizer)) enqueue(graph.keyOf(resource, obj));
    };
    informer.addHandlers({
      onAdd: enqueueIfCollectable,
      onUpdate: (old, obj) => {
        enqueueIfCollectable(obj);
        // An owner waiting for this object must look again when it lets go of the owner.
        enqueueWaitingOwners(old);
      },
      onDelete: (obj) => {
        for (const dependent of graph.dependentsOf(obj.metadata.uid ?? '')) enqueue(dependent.key);
        enqueueWaitingOwners(obj);
      },
    });
  }
  return controller;
}
