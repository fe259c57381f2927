import { Quantity } from '../../../api/quantity.ts';
import type { KubeObject } from '../../../api/types/meta.ts';
import { instanceFamilyOf, singleValuedLabels } from '../../../api/kinds/nodepool/node-labels.ts';
import { PODS_ANNOTATION, WellKnownLabels, type NodeClaimObject, type NodePoolObject } from '../../../api/kinds/nodepool/types.ts';
import { NodePoolLabels, type CapacityType, type InstanceType } from '../../../contracts/node-provider.ts';

/** What was launched, from a create or from a machine adopted after a crash. */
export interface Launched {
  instanceType: InstanceType;
  zone: string | undefined;
  capacityType: CapacityType;
}

/** What a node of the type offers, as a NodeClaim's capacity and allocatable. */
export function resourcesOf(type: InstanceType): Record<string, string> {
  return {
    cpu: Quantity.fromMilli(type.cpuMillis).toString(),
    memory: Quantity.fromValue(type.memoryBytes, 'BinarySI').toString(),
    pods: String(type.pods),
  };
}

/** The provisioner's `kubernel.dev/pods` annotation; undefined when absent or not a count. */
export function podCountOf(claim: KubeObject): number | undefined {
  const text = claim.metadata.annotations?.[PODS_ANNOTATION];
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}

function price(perHour: number): string {
  return `$${Number(perHour.toFixed(4)).toString()}/h`;
}

/** `launched m6i.large in us-east-1a (on-demand) for 7 pods, $0.096/h`: the Launched condition's and Event's message. */
export function launchedMessage(launched: Launched, pods: number | undefined): string {
  const where = launched.zone === undefined || launched.zone === '' ? '' : ` in ${launched.zone}`;
  const forPods = pods === undefined ? '' : ` for ${pods} ${pods === 1 ? 'pod' : 'pods'}`;
  return `launched ${launched.instanceType.name}${where} (${launched.capacityType})${forPods}, ${price(launched.instanceType.pricePerHour)}`;
}

/** Labels the claim gets once launched, so `kubectl get nodeclaims -L` shows what it became. */
export function claimLabelsFor(launched: Launched): Record<string, string> {
  const labels: Record<string, string> = {
    [WellKnownLabels.instanceType]: launched.instanceType.name,
    [WellKnownLabels.capacityType]: launched.capacityType,
  };
  if (launched.zone !== undefined && launched.zone !== '') labels[WellKnownLabels.zone] = launched.zone;
  return labels;
}

/**
 * The labels the node must carry: the pool's template labels, the claim's
 * single-valued In requirements (a pod selecting them was packed here), the
 * well-known labels of what was launched, and the pool labels every provider
 * puts on its nodes.
 */
export function nodeLabelsFor(claim: NodeClaimObject, pool: NodePoolObject, launched: Launched): Record<string, string> {
  const poolName = pool.metadata.name ?? '';
  return {
    ...(pool.spec.template?.metadata?.labels ?? {}),
    ...singleValuedLabels(claim.spec.requirements),
    ...claimLabelsFor(launched),
    [WellKnownLabels.arch]: launched.instanceType.arch,
    [WellKnownLabels.instanceFamily]: instanceFamilyOf(launched.instanceType.name),
    // the same key as NodePoolLabels.pool
    [WellKnownLabels.nodePool]: poolName,
    [WellKnownLabels.nodeClaim]: claim.metadata.name ?? '',
    [NodePoolLabels.provider]: pool.spec.provider,
  };
}
