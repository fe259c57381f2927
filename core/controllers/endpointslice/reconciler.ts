import type { Logger } from 'pino';
import { isApiError } from '../../api/errors.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';
import type { EventRecorder } from '../framework/event-recorder.ts';
import type { IndexedCache } from '../framework/indexed-cache.ts';
import { DONE, type Reconciler, type Result } from '../framework/result.ts';
import { isEndpointSlice, type EndpointSlice } from './objects.ts';
import type { NodeInfo } from './pod-endpoint.ts';
import { podView, type PodView } from './pod-view.ts';
import { isEmptyPlan, planEndpointSlices, type SlicePlan } from './plan.ts';
import { selectorMatches, serviceView, type ServiceView } from './service-view.ts';
import { managedBy } from './slice-meta.ts';
import type { EndpointSliceTracker } from './slice-tracker.ts';
import type { TriggerTimeTracker } from './trigger-time.ts';
import { message, namespaceTerminating } from './write-failures.ts';

/** the index of the slice cache by `namespace/service` (the service-name label) */
export const SLICES_BY_SERVICE = 'endpointslice.kubernetes.io/service';
const ZONE_LABEL = 'topology.kubernetes.io/zone';
/** how soon a sync that found the slice cache behind our own writes looks again */
const STALE_CACHE_RETRY_MS = 25;

export interface EndpointSliceReconcilerDeps {
  client: ApiClient;
  services: IndexedCache;
  pods: IndexedCache;
  slices: IndexedCache;
  nodes: IndexedCache;
  tracker: EndpointSliceTracker;
  triggerTimes: TriggerTimeTracker;
  events: EventRecorder;
  logger: Logger;
  controllerName: string;
  maxEndpointsPerSlice: number;
}

/** Conflicts stay ApiErrors, so the controller retries them quietly; anything else says which write failed. */
function failure(error: unknown, what: string): unknown {
  return isApiError(error, 'Conflict') ? error : new Error(`${what}: ${message(error)}`, { cause: error });
}

/**
 * syncService of the EndpointSlice controller: reads the Service, its pods
 * and its slices from the caches, plans, and writes only what the plan says.
 * Services without a selector (or of type ExternalName) are left alone: their
 * slices belong to whoever wrote them. A deleted Service's slices go with
 * it through their owner reference.
 */
export class EndpointSliceReconciler implements Reconciler {
  readonly name = 'endpointslice';

  constructor(private readonly deps: EndpointSliceReconcilerDeps) {}

  async reconcile(key: string): Promise<Result> {
    const { deps } = this;
    const obj = deps.services.get(key);
    if (obj === undefined) {
      deps.triggerTimes.deleteService(key);
      deps.tracker.deleteService(key);
      return DONE;
    }
    const service = serviceView(obj);
    if (service.type === 'ExternalName' || service.selector === undefined) return DONE;

    const pods = this.selectedPods(service);
    const slices = deps.slices
      .byIndex(SLICES_BY_SERVICE, key)
      .filter((s): s is EndpointSlice => isEndpointSlice(s) && managedBy(s, deps.controllerName) && s.metadata.deletionTimestamp === undefined);
    // Our last writes are not in the cache yet: planning now would write them again.
    if (deps.tracker.staleSlices(key, slices)) return { requeueAfterMs: STALE_CACHE_RETRY_MS };

    const triggerTimeMs = deps.triggerTimes.compute(key, service.creationTimestamp, pods);
    const plan = planEndpointSlices({
      service,
      pods,
      existing: slices,
      node: (name) => this.node(name),
      controllerName: deps.controllerName,
      maxEndpointsPerSlice: deps.maxEndpointsPerSlice,
      triggerTimeMs,
    });
    try {
      if (!isEmptyPlan(plan)) await this.apply(service, plan);
    } catch (error) {
      // A conflict only means the cache was behind: the retry sees the new slice.
      if (!isApiError(error, 'Conflict')) {
        deps.events.record(obj, 'Warning', 'FailedToUpdateEndpointSlices', `Error updating Endpoint Slices for Service ${key}: ${message(error)}`);
      }
      throw error;
    }
    // Pods on Nodes not seen yet were left out; look again with backoff, as Kubernetes does.
    if (plan.skipped.length > 0) throw new Error(plan.skipped.join('; '));
    return DONE;
  }

  private selectedPods(service: ServiceView): PodView[] {
    const pods: PodView[] = [];
    for (const pod of this.deps.pods.byIndex('namespace', service.namespace)) {
      if (selectorMatches(service.selector, pod.metadata.labels)) pods.push(podView(pod));
    }
    return pods;
  }

  private node(name: string): NodeInfo | undefined {
    const node = this.deps.nodes.get(name);
    if (node === undefined) return undefined;
    return { zone: node.metadata.labels?.[ZONE_LABEL] };
  }

  /** finalize: creations, then updates, then deletions; the first failure ends the sync. */
  private async apply(service: ServiceView, plan: SlicePlan): Promise<void> {
    const { client, tracker } = this.deps;
    const where = `Service ${service.namespace}/${service.name}`;
    for (const slice of plan.create) {
      let created: KubeObject;
      try {
        created = await client.create(Resources.endpointSlices, slice);
      } catch (error) {
        if (namespaceTerminating(error)) return;
        throw failure(error, `failed to create EndpointSlice for ${where}`);
      }
      tracker.update(created);
    }
    for (const slice of plan.update) {
      let updated: KubeObject;
      try {
        updated = await client.update(Resources.endpointSlices, slice);
      } catch (error) {
        throw failure(error, `failed to update ${slice.metadata.name ?? ''} EndpointSlice for ${where}`);
      }
      tracker.update(updated);
    }
    for (const slice of plan.delete) {
      try {
        await client.delete(Resources.endpointSlices, slice.metadata.namespace, slice.metadata.name ?? '');
      } catch (error) {
        if (isApiError(error, 'NotFound')) continue;
        throw failure(error, `failed to delete ${slice.metadata.name ?? ''} EndpointSlice for ${where}`);
      }
      tracker.expectDeletion(slice);
    }
  }
}
