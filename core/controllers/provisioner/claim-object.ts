import type { InstanceType } from '../../contracts/node-provider.ts';
import { NODE_POOL_API_VERSION, PODS_ANNOTATION, WellKnownLabels, type NodeClaimObject, type NodePoolObject, type NodeRequirement } from '../../api/kinds/nodepool/types.ts';

/** What the provisioner decided for one new node. */
export interface ClaimDecision {
  pool: NodePoolObject;
  /** every type that holds the node's pods, cheapest first: the first is launched, the rest are fallbacks */
  instanceTypes: readonly InstanceType[];
  /** undefined: any zone the types offer */
  zone: string | undefined;
  capacityTypes: readonly string[];
  podCount: number;
  requests: { cpuMillis: number; memoryBytes: number; pods: number };
}

/** Requirement keys the claim pins itself; the pool's own requirements on them are already folded into the decision. */
const DECIDED_KEYS = new Set<string>([WellKnownLabels.instanceType, WellKnownLabels.zone, WellKnownLabels.capacityType]);

/**
 * The NodeClaim for a decision, as Karpenter writes one: named after its
 * pool, owned by it (deleting the pool drains and removes its nodes), its
 * requirements pinning the candidate types cheapest first, the zone and the
 * capacity types, plus the pool's other requirements; the pool's labels and
 * taints for the node.
 */
export function claimObjectFor(decision: ClaimDecision): NodeClaimObject {
  const pool = decision.pool;
  const poolName = pool.metadata.name ?? '';
  const template = pool.spec.template;
  const requirements: NodeRequirement[] = [
    { key: WellKnownLabels.instanceType, operator: 'In', values: decision.instanceTypes.map((t) => t.name) },
    ...(decision.zone === undefined ? [] : [{ key: WellKnownLabels.zone, operator: 'In' as const, values: [decision.zone] }]),
    { key: WellKnownLabels.capacityType, operator: 'In', values: [...decision.capacityTypes] },
    ...(template?.spec?.requirements ?? []).filter((r) => !DECIDED_KEYS.has(r.key)),
  ];
  return {
    apiVersion: NODE_POOL_API_VERSION,
    kind: 'NodeClaim',
    metadata: {
      generateName: `${poolName}-`,
      labels: { ...(template?.metadata?.labels ?? {}), [WellKnownLabels.nodePool]: poolName },
      annotations: { ...(template?.metadata?.annotations ?? {}), [PODS_ANNOTATION]: String(decision.podCount) },
      ownerReferences: [{ apiVersion: NODE_POOL_API_VERSION, kind: 'NodePool', name: poolName, uid: pool.metadata.uid ?? '', blockOwnerDeletion: true }],
    },
    spec: {
      requirements,
      resources: { requests: { cpu: `${decision.requests.cpuMillis}m`, memory: String(decision.requests.memoryBytes), pods: String(decision.requests.pods) } },
      ...(template?.spec?.taints === undefined ? {} : { taints: template.spec.taints }),
    },
  };
}

/** "m6i.large ($0.096/h), cheapest of 12 types that fit" — why this type, for the claim's Event. */
export function describeChoice(decision: ClaimDecision): string {
  const first = decision.instanceTypes[0];
  if (first === undefined) return 'no instance type';
  const others = decision.instanceTypes.length - 1;
  const price = `$${first.pricePerHour.toFixed(3)}/h`;
  const zone = decision.zone === undefined ? '' : ` in ${decision.zone}`;
  return `${first.name}${zone} (${price})${others > 0 ? `, cheapest of ${others + 1} types that fit` : ''}`;
}
