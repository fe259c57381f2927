/**
 * One pass's picture of the cluster: the informers' objects at one instant,
 * and for each NodeClaim its pool, node, pods and activity.
 */
import { conditionIsTrue } from '../../../api/kinds/nodepool/conditions.ts';
import { WellKnownLabels, type NodeClaimObject, type NodePoolObject } from '../../../api/kinds/nodepool/types.ts';
import type { KubeObject } from '../../../api/types/meta.ts';
import type { InstanceType } from '../../../contracts/node-provider.ts';
import { claimActivity, type ClaimActivity } from './claim-activity.ts';
import { isNodeReady } from './conditions.ts';
import { isReschedulablePod } from './pod-classes.ts';
import { disruptionSettingsOf, type PoolDisruptionSettings } from './pool-settings.ts';
import { DisruptionKeys } from './resources.ts';

export interface ClusterSnapshot {
  now: Date;
  pools: ReadonlyMap<string, NodePoolObject>;
  claims: readonly NodeClaimObject[];
  nodes: ReadonlyMap<string, KubeObject>;
  podsByNode: ReadonlyMap<string, readonly KubeObject[]>;
  pdbs: readonly KubeObject[];
  /** when a reschedulable pod last left the node, as far as this process saw */
  lastPodRemoval(nodeName: string): Date | undefined;
  /** the pool's provider's instance types */
  instanceTypesOf(pool: NodePoolObject): readonly InstanceType[];
}

export interface ClaimView {
  claim: NodeClaimObject;
  name: string;
  poolName: string;
  pool: NodePoolObject | undefined;
  settings: PoolDisruptionSettings | undefined;
  node: KubeObject | undefined;
  nodeName: string;
  /** every pod bound to the node */
  pods: readonly KubeObject[];
  reschedulable: readonly KubeObject[];
  /** Initialized (or Ready): pods can run there, it counts towards the pool's budget */
  initialized: boolean;
  /** the claim or its node has a deletionTimestamp */
  deleting: boolean;
  /** the claim replacing this one, while a consolidation by replacement is under way */
  replacedBy: string | undefined;
  instanceType: InstanceType | undefined;
  /** undefined while it is not initialized, is deleting or has no node */
  activity: ClaimActivity | undefined;
}

/** a claim's node: status.nodeName, else the node labelled with the claim's name */
function nodeOf(claim: NodeClaimObject, nodes: ReadonlyMap<string, KubeObject>): KubeObject | undefined {
  const byStatus = claim.status?.nodeName;
  if (byStatus !== undefined && byStatus !== '') return nodes.get(byStatus);
  for (const node of nodes.values()) if (node.metadata.labels?.[WellKnownLabels.nodeClaim] === claim.metadata.name) return node;
  return undefined;
}

export function viewClaim(snapshot: ClusterSnapshot, claim: NodeClaimObject): ClaimView {
  const poolName = claim.metadata.labels?.[WellKnownLabels.nodePool] ?? '';
  const pool = snapshot.pools.get(poolName);
  const settings = pool === undefined ? undefined : disruptionSettingsOf(pool);
  const node = nodeOf(claim, snapshot.nodes);
  const nodeName = node?.metadata.name ?? claim.status?.nodeName ?? '';
  const pods = nodeName === '' ? [] : (snapshot.podsByNode.get(nodeName) ?? []);
  const reschedulable = pods.filter(isReschedulablePod);
  const initialized = conditionIsTrue(claim, 'Initialized') || conditionIsTrue(claim, 'Ready');
  const deleting = claim.metadata.deletionTimestamp !== undefined || node?.metadata.deletionTimestamp !== undefined;
  const typeName = claim.metadata.labels?.[WellKnownLabels.instanceType] ?? node?.metadata.labels?.[WellKnownLabels.instanceType];
  const instanceType = pool === undefined || typeName === undefined ? undefined : snapshot.instanceTypesOf(pool).find((t) => t.name === typeName);
  const replacedBy = claim.metadata.annotations?.[DisruptionKeys.replacedBy];
  const activity =
    initialized && !deleting && node !== undefined
      ? claimActivity({
          claim,
          reschedulablePods: reschedulable,
          now: snapshot.now,
          consolidateAfterMs: settings?.consolidateAfterMs,
          lastPodRemoval: snapshot.lastPodRemoval(nodeName),
        })
      : undefined;
  return {
    claim,
    name: claim.metadata.name ?? '',
    poolName,
    pool,
    settings,
    node,
    nodeName,
    pods,
    reschedulable,
    initialized,
    deleting,
    replacedBy: replacedBy === undefined || replacedBy === '' ? undefined : replacedBy,
    instanceType,
    activity,
  };
}

export function viewClaims(snapshot: ClusterSnapshot): ClaimView[] {
  return snapshot.claims.map((claim) => viewClaim(snapshot, claim));
}

/** counting the claim against its pool's budget as disrupting: going away, being replaced, or its node unhealthy */
export function isDisrupting(view: ClaimView): boolean {
  return view.deleting || view.replacedBy !== undefined || (view.node !== undefined && !isNodeReady(view.node));
}
