import type { KubeObject } from '../../api/types/meta.ts';
import { Resources } from '../../client/resources.ts';
import { syncServicesOnChanges } from '../endpointslice/service-triggers.ts';
import { TriggerTimeTracker } from '../endpointslice/trigger-time.ts';
import { Controller } from '../framework/controller.ts';
import type { ControllerContext } from '../framework/manager.ts';
import { objectKeyOf } from '../framework/result.ts';
import { EndpointsReconciler } from './reconciler.ts';
import { StaleEndpointsTracker } from './stale-endpoints.ts';

export interface EndpointsControllerOptions {
  /** Services synced at once (--concurrent-endpoint-syncs, 5) */
  workers?: number;
  /** --endpoint-updates-batch-period: a delay before a pod change is synced, to batch changes (0) */
  batchPeriodMs?: number;
}

/** resourcelock.LeaderElectionRecordAnnotationKey: Endpoints used as a lock have no Service and must stay */
const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

/**
 * The Endpoints controller: every Service with a selector gets a core/v1
 * Endpoints of its name listing the pods it selects. Handlers enqueue the
 * Service, the Services selecting a changed pod, and the Service of an
 * Endpoints someone deleted. The Endpoints present at start are looked at
 * once (checkLeftoverEndpoints), so those of Services deleted meanwhile go.
 */
export function setupEndpointsController(ctx: ControllerContext, options: EndpointsControllerOptions = {}): Controller {
  const serviceInformer = ctx.informers.forResource(Resources.services);
  const podInformer = ctx.informers.forResource(Resources.pods);
  const endpointsInformer = ctx.informers.forResource(Resources.endpoints);
  const logger = ctx.logger.child({ controller: 'endpoints' });
  const reconciler = new EndpointsReconciler({
    client: ctx.client,
    services: serviceInformer.cache,
    pods: podInformer.cache,
    endpoints: endpointsInformer.cache,
    staleTracker: new StaleEndpointsTracker(),
    triggerTimes: new TriggerTimeTracker(),
    events: ctx.events('endpoint-controller'),
    logger,
  });
  const controller = new Controller(reconciler, { workers: options.workers ?? 5, logger });
  const batchMs = options.batchPeriodMs ?? 0;
  syncServicesOnChanges(controller, serviceInformer, podInformer, batchMs);
  const enqueue = (obj: KubeObject): void => controller.enqueue(objectKeyOf(obj.metadata));

  endpointsInformer.addHandlers({
    // Only the first list: Endpoints created later may well precede their Service.
    onAdd: (endpoints) => {
      if (!endpointsInformer.hasSynced && endpoints.metadata.annotations?.[LEADER_ANNOTATION] === undefined) enqueue(endpoints);
    },
    onDelete: enqueue,
  });
  return controller;
}
