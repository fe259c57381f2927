import type { KubeObject } from '../../api/types/meta.ts';
import { Resources } from '../../client/resources.ts';
import { Controller } from '../framework/controller.ts';
import type { ControllerContext } from '../framework/manager.ts';
import { objectKeyOf } from '../framework/result.ts';
import { MONITOR_KEY, NO_EXECUTE_KEY, nodeWorkKey, podWorkKey } from './lifecycle-keys.ts';
import { nodeNameOf } from './node-fields.ts';
import { NodeLifecycleReconciler } from './node-lifecycle-reconciler.ts';
import { DEFAULT_NODE_LIFECYCLE_OPTIONS, type NodeLifecycleOptions } from './options.ts';
import { ensureNodeNameIndex } from './pods-by-node.ts';

export interface NodeLifecycleControllerOptions extends Partial<NodeLifecycleOptions> {
  now?: () => number;
}

/** A controller whose periodic health pass is queued whenever it starts, leadership regained included. */
class PeriodicController extends Controller {
  override start(): void {
    super.start();
    this.enqueue(MONITOR_KEY);
  }
}

/**
 * The node lifecycle controller (component `node-controller`). One worker
 * runs its passes in turn, so the health pass, the taint writes and the zone
 * bookkeeping never race each other; the health pass spreads its own writes
 * over several nodes at once.
 */
export function setupNodeLifecycleController(ctx: ControllerContext, options: NodeLifecycleControllerOptions = {}): Controller {
  const { now = Date.now, ...overrides } = options;
  const settings: NodeLifecycleOptions = { ...DEFAULT_NODE_LIFECYCLE_OPTIONS, ...overrides };
  const nodes = ctx.informers.forResource(Resources.nodes);
  const pods = ctx.informers.forResource(Resources.pods);
  const leases = ctx.informers.forResource(Resources.leases);
  ensureNodeNameIndex(pods);
  const logger = ctx.logger.child({ controller: 'node-lifecycle' });
  const reconciler = new NodeLifecycleReconciler({
    client: ctx.client,
    nodes: nodes.cache,
    pods: pods.cache,
    leases: leases.cache,
    events: ctx.events('node-controller'),
    logger,
    options: settings,
    now,
    scheduleTainting: (delayMs) => controller.queue.addAfter(NO_EXECUTE_KEY, delayMs),
  });
  const controller = new PeriodicController(reconciler, { workers: 1, logger });

  const nodeChanged = (node: KubeObject): void => controller.enqueue(nodeWorkKey(node.metadata.name ?? ''));
  nodes.addHandlers({ onAdd: nodeChanged, onUpdate: (_old, node) => nodeChanged(node) });
  pods.addHandlers({
    onAdd: (pod) => {
      if (nodeNameOf(pod) !== '') controller.enqueue(podWorkKey(objectKeyOf(pod.metadata)));
    },
    onUpdate: (oldPod, pod) => {
      const nodeName = nodeNameOf(pod);
      if (nodeName !== '' && nodeName !== nodeNameOf(oldPod)) controller.enqueue(podWorkKey(objectKeyOf(pod.metadata)));
    },
  });
  return controller;
}
