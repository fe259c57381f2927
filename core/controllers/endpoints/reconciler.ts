import type { Logger } from 'pino';
import { isApiError } from '../../api/errors.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';
import { podView, type PodView } from '../endpointslice/pod-view.ts';
import { selectorMatches, serviceView, type ServiceView } from '../endpointslice/service-view.ts';
import type { TriggerTimeTracker } from '../endpointslice/trigger-time.ts';
import type { EventRecorder } from '../framework/event-recorder.ts';
import type { IndexedCache } from '../framework/indexed-cache.ts';
import { DONE, splitKey, type Reconciler, type Result } from '../framework/result.ts';
import { planEndpoints } from './plan.ts';
import type { StaleEndpointsTracker } from './stale-endpoints.ts';
import { message, namespaceTerminating } from '../endpointslice/write-failures.ts';

/** how soon a sync that found the Endpoints cache behind our own write looks again */
const STALE_CACHE_RETRY_MS = 25;

export interface EndpointsReconcilerDeps {
  client: ApiClient;
  services: IndexedCache;
  pods: IndexedCache;
  endpoints: IndexedCache;
  staleTracker: StaleEndpointsTracker;
  triggerTimes: TriggerTimeTracker;
  events: EventRecorder;
  logger: Logger;
}

/**
 * syncService of the Endpoints controller. A Service that is gone takes its
 * Endpoints with it (they have no owner reference); Services without a
 * selector, and ExternalName ones, keep whatever Endpoints their users wrote.
 */
export class EndpointsReconciler implements Reconciler {
  readonly name = 'endpoints';

  constructor(private readonly deps: EndpointsReconcilerDeps) {}

  async reconcile(key: string): Promise<Result> {
    const { deps } = this;
    const obj = deps.services.get(key);
    if (obj === undefined) {
      const { namespace, name } = splitKey(key);
      try {
        await deps.client.delete(Resources.endpoints, namespace, name);
      } catch (error) {
        if (!isApiError(error, 'NotFound')) throw error;
      }
      deps.triggerTimes.deleteService(key);
      deps.staleTracker.delete(key);
      return DONE;
    }
    const service = serviceView(obj);
    if (service.type === 'ExternalName' || service.selector === undefined) return DONE;

    const pods = this.selectedPods(service);
    // Computed on every sync, so the tracker knows what this sync saw even when nothing is written.
    const triggerTimeMs = deps.triggerTimes.compute(key, service.creationTimestamp, pods);
    const current = deps.endpoints.get(key);
    if (current !== undefined && deps.staleTracker.isStale(current)) return { requeueAfterMs: STALE_CACHE_RETRY_MS };

    const plan = planEndpoints({ service, pods, current, triggerTimeMs });
    if (plan.action === 'none') return DONE;
    try {
      if (plan.action === 'create') {
        await deps.client.create(Resources.endpoints, plan.endpoints);
      } else {
        const updated = await deps.client.update(Resources.endpoints, plan.endpoints);
        if (current !== undefined && updated.metadata.resourceVersion !== current.metadata.resourceVersion) deps.staleTracker.stale(current);
      }
    } catch (error) {
      // Creations in a namespace being deleted keep failing: drop the key.
      if (plan.action === 'create' && namespaceTerminating(error)) return DONE;
      if (!isApiError(error, 'Conflict') && !isApiError(error, 'AlreadyExists')) {
        const reason = plan.action === 'create' ? 'FailedToCreateEndpoint' : 'FailedToUpdateEndpoint';
        const what = plan.action === 'create' ? `Failed to create endpoint for service ${key}` : `Failed to update endpoint ${key}`;
        deps.events.record(plan.endpoints, 'Warning', reason, `${what}: ${message(error)}`);
      }
      throw error;
    }
    return DONE;
  }

  private selectedPods(service: ServiceView): PodView[] {
    const pods: PodView[] = [];
    for (const pod of this.deps.pods.byIndex('namespace', service.namespace)) {
      if (selectorMatches(service.selector, pod.metadata.labels)) pods.push(podView(pod));
    }
    return pods;
  }
}
