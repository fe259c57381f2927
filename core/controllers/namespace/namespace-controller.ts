import type { Logger } from 'pino';
import { isApiError } from '../../api/errors.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources, type ResourceRef } from '../../client/resources.ts';
import { Controller } from '../framework/controller.ts';
import type { ControllerContext } from '../framework/manager.ts';
import { DONE, type Reconciler, type Result } from '../framework/result.ts';
import { updateConditions } from './conditions.ts';
import { deleteAllContent } from './content-deleter.ts';

/** the finalizer this controller owns in a namespace's spec.finalizers */
export const KUBERNETES_FINALIZER = 'kubernetes';
/** namespaceDeletionGracePeriod: lets a create that raced the deletion land before the content is listed */
export const NAMESPACE_DELETION_GRACE_PERIOD_MS = 5000;

export interface NamespaceControllerOptions {
  /** discovery: the resources whose objects a namespace holds; every built-in kind by default */
  discover?: () => readonly ResourceRef[] | Promise<readonly ResourceRef[]>;
  /** wait after a namespace's deletion is seen before its content is deleted */
  deletionGracePeriodMs?: number;
  /** Kubernetes' --concurrent-namespace-syncs */
  workers?: number;
  now?: () => Date;
}

/**
 * Kubernetes' namespace controller (namespaced_resources_deleter.go): a
 * namespace with a deletionTimestamp is put in the Terminating phase, its
 * content is deleted kind by kind, the deletion conditions say what is left,
 * and once nothing is left the "kubernetes" finalizer is removed through
 * namespaces/NAME/finalize, which lets the API server delete it.
 */
export class NamespaceController implements Reconciler {
  readonly name = 'namespace';

  constructor(
    private readonly client: ApiClient,
    private readonly discover: () => readonly ResourceRef[] | Promise<readonly ResourceRef[]>,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  async reconcile(key: string): Promise<Result> {
    const found = await this.getNamespace(key);
    if (found === undefined || found.metadata.deletionTimestamp === undefined) return DONE;
    const namespace = await this.retryOnConflict(found, (ns) => this.markTerminating(ns));
    if (namespace === undefined || namespace.metadata.deletionTimestamp === undefined || finalizersOf(namespace).length === 0) return DONE;

    let resources: readonly ResourceRef[] = [];
    let discoveryError: string | undefined;
    try {
      resources = await this.discover();
    } catch (error) {
      // Not fatal: the resources that are known still get deleted.
      discoveryError = error instanceof Error ? error.message : String(error);
    }
    const content = await deleteAllContent(this.client, resources, key, new Date(namespace.metadata.deletionTimestamp), this.now());
    const outcome = { ...content, ...(discoveryError === undefined ? {} : { discoveryError }) };
    const latest = await this.writeConditions(namespace, outcome);

    const errors = [...(discoveryError === undefined ? [] : [discoveryError]), ...content.contentErrors];
    if (errors.length > 0) throw new Error(errors.length === 1 ? (errors[0] ?? '') : `[${errors.join(', ')}]`);
    if (content.estimateSeconds > 0) {
      this.logger.debug({ namespace: key, estimateSeconds: content.estimateSeconds }, 'content remaining in namespace');
      return { requeueAfterMs: (Math.floor(content.estimateSeconds / 2) + 1) * 1000 };
    }
    await this.retryOnConflict(latest, (ns) => this.finalize(ns));
    return DONE;
  }

  /** updateNamespaceStatusFunc */
  private async markTerminating(ns: KubeObject): Promise<KubeObject> {
    const status = isRecord(ns['status']) ? ns['status'] : {};
    if (ns.metadata.deletionTimestamp === undefined || status['phase'] === 'Terminating') return ns;
    return this.client.update(Resources.namespaces, { ...ns, status: { ...status, phase: 'Terminating' } }, { subresource: 'status' });
  }

  /** finalizeNamespace: spec.finalizers without ours, through the finalize subresource. */
  private async finalize(ns: KubeObject): Promise<KubeObject> {
    const spec = isRecord(ns['spec']) ? ns['spec'] : {};
    const finalizers = [...new Set(finalizersOf(ns).filter((f) => f !== KUBERNETES_FINALIZER))].sort();
    try {
      return await this.client.update(Resources.namespaces, { ...ns, spec: { ...spec, finalizers } }, { subresource: 'finalize' });
    } catch (error) {
      // Finished by someone else meanwhile.
      if (isApiError(error, 'NotFound')) return ns;
      throw error;
    }
  }

  /** the namespace as written, or as given when nothing changed or the write failed */
  private async writeConditions(ns: KubeObject, outcome: Parameters<typeof updateConditions>[1]): Promise<KubeObject> {
    const status = isRecord(ns['status']) ? ns['status'] : {};
    const { conditions, changed } = updateConditions(status['conditions'], outcome, this.now().toISOString().replace(/\.\d{3}Z$/, 'Z'));
    if (!changed) return ns;
    try {
      return await this.client.update(Resources.namespaces, { ...ns, status: { ...status, conditions } }, { subresource: 'status' });
    } catch (error) {
      // The conditions are informative; the next pass writes them again.
      this.logger.debug({ err: error, namespace: ns.metadata.name }, 'could not update namespace conditions');
      return ns;
    }
  }

  /** retryOnConflictError: re-reads on a conflict, and gives up if the namespace was replaced. */
  private async retryOnConflict(ns: KubeObject, change: (ns: KubeObject) => Promise<KubeObject>): Promise<KubeObject | undefined> {
    let latest = ns;
    for (;;) {
      try {
        return await change(latest);
      } catch (error) {
        if (isApiError(error, 'NotFound')) return undefined;
        if (!isApiError(error, 'Conflict')) throw error;
      }
      const previous = latest;
      const fresh = await this.getNamespace(previous.metadata.name ?? '');
      if (fresh === undefined) return undefined;
      if (fresh.metadata.uid !== previous.metadata.uid) throw new Error('namespace uid has changed across retries');
      latest = fresh;
    }
  }

  private async getNamespace(name: string): Promise<KubeObject | undefined> {
    try {
      return await this.client.get(Resources.namespaces, undefined, name);
    } catch (error) {
      if (isApiError(error, 'NotFound')) return undefined;
      throw error;
    }
  }
}

export function finalizersOf(ns: KubeObject): string[] {
  const spec = ns['spec'];
  const finalizers = isRecord(spec) ? spec['finalizers'] : undefined;
  return Array.isArray(finalizers) ? finalizers.filter((f): f is string => typeof f === 'string') : [];
}

/**
 * The namespace controller. A namespace's deletion is acted on after the
 * grace period; afterwards the deletion of anything inside it brings the
 * namespace back to the queue at once, rather than after the next estimate.
 */
export function setupNamespaceController(ctx: ControllerContext, options: NamespaceControllerOptions = {}): Controller {
  const builtins = Object.values(Resources).filter((r) => r.namespaced);
  const now = options.now ?? (() => new Date());
  const graceMs = options.deletionGracePeriodMs ?? NAMESPACE_DELETION_GRACE_PERIOD_MS;
  const logger = ctx.logger.child({ controller: 'namespace' });
  const reconciler = new NamespaceController(ctx.client, options.discover ?? (() => builtins), logger, now);
  const controller = new Controller(reconciler, { workers: options.workers ?? 10, logger });
  const namespaces = ctx.informers.forResource(Resources.namespaces);
  const enqueueDeleted = (ns: KubeObject): void => {
    if (ns.metadata.deletionTimestamp !== undefined) controller.queue.addAfter(ns.metadata.name ?? '', graceMs);
  };
  namespaces.addHandlers({ onAdd: enqueueDeleted, onUpdate: (_old, ns) => enqueueDeleted(ns) });
  // Events go at once with a deletecollection and have no finalizers: the requeue after the estimate sees them gone,
  // and an informer of every Event in the cluster would cost far more than it saves.
  for (const resource of builtins.filter((r) => r.plural !== 'events')) {
    ctx.informers.forResource(resource).addHandlers({
      onDelete: (obj) => {
        const name = obj.metadata.namespace ?? '';
        const deletedAt = namespaces.cache.get(name)?.metadata.deletionTimestamp;
        if (deletedAt !== undefined && now().getTime() - Date.parse(deletedAt) >= graceMs) controller.enqueue(name);
      },
    });
  }
  return controller;
}
