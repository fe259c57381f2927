import type { KubeObject } from '../../api/types/meta.ts';
import { Resources } from '../../client/resources.ts';
import { Controller } from '../framework/controller.ts';
import type { ControllerContext } from '../framework/manager.ts';
import { objectKeyOf } from '../framework/result.ts';
import { CONTROLLER_NAME, LABEL_SERVICE_NAME } from './objects.ts';
import { MAX_ENDPOINTS_PER_SLICE } from './plan.ts';
import { EndpointSliceReconciler, SLICES_BY_SERVICE } from './reconciler.ts';
import { syncServicesOnChanges } from './service-triggers.ts';
import { managedBy, serviceKeyOfSlice } from './slice-meta.ts';
import { EndpointSliceTracker } from './slice-tracker.ts';
import { TriggerTimeTracker } from './trigger-time.ts';

export interface EndpointSliceControllerOptions {
  /** Services synced at once (--concurrent-service-endpoint-syncs, 5) */
  workers?: number;
  /** --max-endpoints-per-slice (100) */
  maxEndpointsPerSlice?: number;
  /** --endpointslice-updates-batch-period: a delay before a pod change is synced, to batch changes (0) */
  batchPeriodMs?: number;
}

/** endpointSliceChangeMinSyncDelay: a slice changed by someone else is put right after a second. */
const SLICE_CHANGE_MIN_SYNC_DELAY_MS = 1000;

/**
 * The EndpointSlice controller: every Service with a selector gets
 * discovery.k8s.io/v1 EndpointSlices listing the pods it selects. Handlers
 * enqueue the Services a change concerns: the Service itself, the Services
 * selecting a changed pod (old and new labels), and the Service of a slice
 * someone else changed or deleted.
 */
export function setupEndpointSliceController(ctx: ControllerContext, options: EndpointSliceControllerOptions = {}): Controller {
  const serviceInformer = ctx.informers.forResource(Resources.services);
  const podInformer = ctx.informers.forResource(Resources.pods);
  const sliceInformer = ctx.informers.forResource(Resources.endpointSlices);
  const nodeInformer = ctx.informers.forResource(Resources.nodes);
  sliceInformer.addIndex(SLICES_BY_SERVICE, (slice) => {
    const key = serviceKeyOfSlice(slice);
    return key === undefined ? [] : [key];
  });
  const logger = ctx.logger.child({ controller: 'endpointslice' });
  const tracker = new EndpointSliceTracker();
  const reconciler = new EndpointSliceReconciler({
    client: ctx.client,
    services: serviceInformer.cache,
    pods: podInformer.cache,
    slices: sliceInformer.cache,
    nodes: nodeInformer.cache,
    tracker,
    triggerTimes: new TriggerTimeTracker(),
    events: ctx.events('endpoint-slice-controller'),
    logger,
    controllerName: CONTROLLER_NAME,
    maxEndpointsPerSlice: options.maxEndpointsPerSlice ?? MAX_ENDPOINTS_PER_SLICE,
  });
  const controller = new Controller(reconciler, { workers: options.workers ?? 5, logger });
  const batchMs = options.batchPeriodMs ?? 0;
  syncServicesOnChanges(controller, serviceInformer, podInformer, batchMs);

  const enqueueForSlice = (slice: KubeObject): void => {
    const key = serviceKeyOfSlice(slice);
    if (key !== undefined) controller.queue.addAfter(key, Math.max(SLICE_CHANGE_MIN_SYNC_DELAY_MS, batchMs));
  };
  const ours = (slice: KubeObject): boolean => managedBy(slice, CONTROLLER_NAME);
  sliceInformer.addHandlers({
    onAdd: (slice) => {
      if (ours(slice) && tracker.shouldSync(slice)) enqueueForSlice(slice);
    },
    onUpdate: (oldSlice, slice) => {
      // Users may relabel a slice to another Service: both Services need a look.
      if (oldSlice.metadata.labels?.[LABEL_SERVICE_NAME] !== slice.metadata.labels?.[LABEL_SERVICE_NAME]) {
        enqueueForSlice(slice);
        enqueueForSlice(oldSlice);
        return;
      }
      if (ours(oldSlice) !== ours(slice) || (ours(slice) && tracker.shouldSync(slice))) enqueueForSlice(slice);
    },
    onDelete: (slice) => {
      if (ours(slice) && tracker.has(slice) && !tracker.handleDeletion(slice)) enqueueForSlice(slice);
    },
  });
  return controller;
}
