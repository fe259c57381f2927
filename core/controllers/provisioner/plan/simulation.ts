import { WellKnownLabels } from '../../../api/kinds/nodepool/types.ts';
import type { NodeInfo, PodInfo } from '../../../contracts/scheduling.ts';
import { MutableNodeInfo } from '../../scheduler/cache/node-info.ts';
import { hasAnyAffinity } from '../../scheduler/cache/pod-info.ts';
import { capacityOf, hypotheticalNode } from './hypothetical-node.ts';
import { commonLabels, offerLabelsOf, poolLabelsOf } from './offer-labels.ts';
import type { PlannedNodeState } from './planned-node.ts';
import type { PoolCatalog } from './pool-catalog.ts';
import { TargetList } from './targets.ts';
import type { LaunchingNode, ProvisioningInput } from './types.ts';

/**
 * The cluster as the plan changes it: copies of the existing nodes (the
 * input's are never touched), the launching claims and the planned nodes as
 * NodeInfos that take simulated pods, plus one empty placeholder per pool
 * and zone. PreFilter sees the placeholders as nodes a pool could launch
 * there, as Karpenter counts the domains its node pools offer: a zone no
 * node runs in yet is still a topology domain, and a fresh hostname always
 * is (its count 0). No pod is ever placed on a placeholder.
 */
export class Simulation {
  /** every node PreFilter sees */
  readonly nodes: MutableNodeInfo[] = [];
  readonly placeholders: MutableNodeInfo[] = [];
  readonly targets = new TargetList();
  readonly planned: PlannedNodeState[] = [];
  private readonly real: MutableNodeInfo[] = [];
  private readonly takenNames = new Set<string>();
  private podsWithAffinity = 0;
  private podsWithRequiredAntiAffinity = 0;
  private nodesWithPreferNoSchedule = 0;
  private plannedOrdinal = 0;

  constructor(input: ProvisioningInput, catalogs: readonly PoolCatalog[]) {
    for (const node of input.nodes) this.addReal(copyOf(node), 'existing');
    for (const claim of input.launching) {
      const catalog = catalogs.find((c) => c.name === claim.pool);
      this.addReal(launchingNodeOf(claim, catalog), 'launching');
    }
    for (const catalog of catalogs) {
      catalog.zones.forEach((zone, z) => {
        const placeholder = hypotheticalNode(`placeholder/${catalog.name}/${zone}`, catalog.zoneLabels[z] ?? {}, catalog.pool.taints, capacityOf(0, 0, 0));
        this.placeholders.push(placeholder);
        this.nodes.push(placeholder);
      });
    }
  }

  nodeList(): readonly NodeInfo[] {
    return this.real;
  }

  get anyPodWithAffinity(): boolean {
    return this.podsWithAffinity > 0;
  }

  get anyPodWithRequiredAntiAffinity(): boolean {
    return this.podsWithRequiredAntiAffinity > 0;
  }

  get anyNodeWithPreferNoScheduleTaint(): boolean {
    return this.nodesWithPreferNoSchedule > 0;
  }

  /** `plan-0`, `plan-1`, ...: the next name no node of the cluster has */
  nextPlannedName(): string {
    let name = `plan-${this.plannedOrdinal}`;
    while (this.takenNames.has(name)) name = `plan-${++this.plannedOrdinal}`;
    return name;
  }

  addPlanned(node: PlannedNodeState): void {
    this.plannedOrdinal++;
    this.planned.push(node);
    this.addReal(node.info, 'planned', node);
  }

  /** counts `pod` on `node`; true when it is the first pod with required anti-affinity */
  place(pod: PodInfo, node: MutableNodeInfo): boolean {
    node.addPod(pod);
    return this.count(pod);
  }

  private count(pod: PodInfo): boolean {
    if (hasAnyAffinity(pod)) this.podsWithAffinity++;
    if (pod.requiredAntiAffinityTerms.length === 0) return false;
    return ++this.podsWithRequiredAntiAffinity === 1;
  }

  private addReal(info: MutableNodeInfo, kind: 'existing' | 'launching' | 'planned', planned?: PlannedNodeState): void {
    this.real.push(info);
    this.nodes.push(info);
    this.takenNames.add(info.name);
    for (const pod of info.pods) this.count(pod);
    if (info.taints.some((t) => t.effect === 'PreferNoSchedule')) this.nodesWithPreferNoSchedule++;
    const serial = this.targets.serial();
    if (kind === 'planned' && planned !== undefined) this.targets.push({ kind, serial, info, closed: false, position: 0, planned });
    else if (kind !== 'planned') this.targets.push({ kind, serial, info, closed: false, position: 0 });
  }
}

/** a NodeInfo of our own with the same node and pods, so simulated pods never land in the caller's */
function copyOf(node: NodeInfo): MutableNodeInfo {
  const copy = new MutableNodeInfo(node.name);
  copy.setNode(node.node);
  copy.labels = node.labels;
  copy.taints = node.taints;
  copy.unschedulable = node.unschedulable;
  copy.allocatable = node.allocatable;
  for (const pod of node.pods) copy.addPod(pod);
  return copy;
}

/**
 * A claim without its Node: it may still launch as any of its candidates,
 * so it offers what the smallest of them does, resource by resource, and
 * carries the labels they all agree on.
 */
function launchingNodeOf(claim: LaunchingNode, catalog: PoolCatalog | undefined): MutableNodeInfo {
  const poolLabels = catalog === undefined ? { [WellKnownLabels.nodePool]: claim.pool } : poolLabelsOf(claim.pool, catalog.pool.labels, catalog.pool.requirements);
  const labels = commonLabels(
    claim.instanceTypes.map((type) => {
      const labels = offerLabelsOf(poolLabels, type, claim.zone ?? '');
      if (claim.zone === undefined) delete labels[WellKnownLabels.zone];
      return labels;
    }),
  );
  const min = (values: number[]): number => (values.length === 0 ? 0 : Math.min(...values));
  const capacity = capacityOf(
    min(claim.instanceTypes.map((t) => t.cpuMillis)),
    min(claim.instanceTypes.map((t) => t.memoryBytes)),
    min(claim.instanceTypes.map((t) => t.pods)),
  );
  const info = hypotheticalNode(claim.name, labels, catalog?.pool.taints ?? [], capacity);
  for (const pod of claim.pods) info.addPod(pod);
  return info;
}
