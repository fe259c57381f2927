import { isRecord, type KubeObject } from '../../../api/types/meta.ts';
import { WellKnownLabels } from '../../../api/kinds/nodepool/types.ts';
import { Controller } from '../../framework/controller.ts';
import type { ControllerContext } from '../../framework/manager.ts';
import { objectKeyOf } from '../../framework/result.ts';
import type { Clock } from '../../../kernel/core-tokens.ts';
import { LifecycleIndexes, type LifecycleContext } from './lifecycle-context.ts';
import type { LifecycleInformers } from './lifecycle-informers.ts';
import { EVENT_COMPONENT } from './names.ts';
import { NodeClaimReconciler } from './nodeclaim-reconciler.ts';
import type { LifecycleOptions } from './options.ts';
import type { PoolProviders } from './pool-providers.ts';

export interface NodeClaimControllerDeps {
  informers: LifecycleInformers;
  providers: PoolProviders;
  clock: Clock;
  options: LifecycleOptions;
  issueBootstrapToken(claimName: string): Promise<string>;
}

/** launches run at once; a slow cloud API must not hold up every other claim */
const WORKERS = 16;

/** The NodeClaim lifecycle controller: claims, and the Nodes and pods that move them on. */
export function setupNodeClaimController(ctx: ControllerContext, deps: NodeClaimControllerDeps): Controller {
  const { claims, nodes, pods } = deps.informers;
  const logger = ctx.logger.child({ controller: 'nodeclaim-lifecycle' });
  const lifecycle: LifecycleContext = {
    client: ctx.client,
    providers: deps.providers,
    nodes: nodes.cache,
    pods: pods.cache,
    events: ctx.events(EVENT_COMPONENT),
    logger,
    clock: deps.clock,
    options: deps.options,
    issueBootstrapToken: deps.issueBootstrapToken,
  };
  const controller = new Controller(new NodeClaimReconciler(lifecycle, claims.cache), { workers: WORKERS, logger });

  const enqueueClaim = (claim: KubeObject): void => controller.enqueue(objectKeyOf(claim.metadata));
  claims.addHandlers({ onAdd: enqueueClaim, onUpdate: (_old, claim) => enqueueClaim(claim), onDelete: enqueueClaim });

  const claimsOfNode = (node: KubeObject): KubeObject[] => {
    const found = [...claims.cache.byIndex(LifecycleIndexes.nodeName, node.metadata.name ?? '')];
    const providerID = isRecord(node['spec']) ? node['spec']['providerID'] : undefined;
    if (typeof providerID === 'string' && providerID !== '') found.push(...claims.cache.byIndex(LifecycleIndexes.providerID, providerID));
    const labelled = node.metadata.labels?.[WellKnownLabels.nodeClaim];
    const byLabel = labelled === undefined ? undefined : claims.cache.get(labelled);
    if (byLabel !== undefined) found.push(byLabel);
    return found;
  };
  const nodeChanged = (node: KubeObject): void => {
    for (const claim of claimsOfNode(node)) enqueueClaim(claim);
  };
  nodes.addHandlers({ onAdd: nodeChanged, onUpdate: (_old, node) => nodeChanged(node), onDelete: nodeChanged });

  // A drained pod moves its terminating claim on.
  const podChanged = (pod: KubeObject): void => {
    const nodeName = isRecord(pod['spec']) ? pod['spec']['nodeName'] : undefined;
    if (typeof nodeName !== 'string' || nodeName === '') return;
    for (const claim of claims.cache.byIndex(LifecycleIndexes.nodeName, nodeName)) {
      if (claim.metadata.deletionTimestamp !== undefined) enqueueClaim(claim);
    }
  };
  pods.addHandlers({ onUpdate: (_old, pod) => podChanged(pod), onDelete: podChanged });
  return controller;
}
