import type { NodePoolTaint } from '../../../api/kinds/nodepool/types.ts';
import type { PodInfo, ResourceAmounts } from '../../../contracts/scheduling.ts';
import type { MutableNodeInfo } from '../../scheduler/cache/node-info.ts';
import type { MutableResourceAmounts } from '../../scheduler/cache/resource-amounts.ts';
import { capacityOf, hypotheticalNode } from './hypothetical-node.ts';
import type { PoolBudget } from './pool-budget.ts';
import type { PoolCatalog } from './pool-catalog.ts';
import type { PlannedNode } from './types.ts';

/** Karpenter truncates a NodeClaim's types to this many (scheduling.MaxInstanceTypes). */
export const MAX_INSTANCE_TYPES = 60;

/**
 * A node this plan launches, while pods are still being packed: the
 * instance types it may still launch as (cheapest first), and a NodeInfo
 * whose allocatable is the most any of them offers per resource, so the
 * scheduler's filters turn down no pod that one of them could hold. Whether
 * one type holds everything at once is checked here, on the candidates.
 */
export class PlannedNodeState {
  readonly info: MutableNodeInfo;
  private readonly envelope: MutableResourceAmounts;
  private candidates: number[];
  private committed = false;

  constructor(
    readonly name: string,
    readonly catalog: PoolCatalog,
    private readonly budget: PoolBudget,
    /** index into catalog.zones */
    readonly zone: number,
    candidates: number[],
    labels: Readonly<Record<string, string>>,
    taints: readonly NodePoolTaint[],
  ) {
    this.candidates = candidates;
    this.envelope = capacityOf(0, 0, 0);
    this.info = hypotheticalNode(name, labels, taints, this.envelope);
    this.setEnvelope();
  }

  /** the plan keeps this node: it counts against its pool's maximum and limits from now on */
  commit(): void {
    this.committed = true;
    this.budget.nodeOpened();
    this.budget.reserve(this.envelope.milliCPU, this.envelope.memory);
  }

  /** the cheap test first: could any candidate hold `requests` more, resource by resource? */
  mayFit(requests: ResourceAmounts): boolean {
    const used = this.info.requested;
    return (
      this.info.pods.length < this.envelope.allowedPodNumber &&
      used.milliCPU + requests.milliCPU <= this.envelope.milliCPU &&
      used.memory + requests.memory <= this.envelope.memory &&
      requests.scalar.size === 0
    );
  }

  /**
   * The candidates that hold the pods so far plus `pod` and that its node
   * selector allows (`compatible`, from the catalog); empty when none does.
   */
  narrowFor(pod: PodInfo, compatible: Uint8Array | null): number[] {
    const { cpu, memory, pods } = this.catalog;
    const needCpu = this.info.requested.milliCPU + pod.requests.milliCPU;
    const needMemory = this.info.requested.memory + pod.requests.memory;
    const needPods = this.info.pods.length + 1;
    const row = this.zone * this.catalog.types.length;
    return this.candidates.filter(
      (t) => (cpu[t] ?? 0) >= needCpu && (memory[t] ?? 0) >= needMemory && (pods[t] ?? 0) >= needPods && (compatible === null || compatible[row + t] === 1),
    );
  }

  /** the pod went on: keep only the candidates that hold it too */
  narrowTo(candidates: number[]): void {
    this.candidates = candidates;
    this.setEnvelope();
  }

  /** the most any remaining candidate offers, per resource */
  get capacity(): ResourceAmounts {
    return this.envelope;
  }

  toPlannedNode(): PlannedNode {
    const types = this.candidates.slice(0, MAX_INSTANCE_TYPES).flatMap((t) => this.catalog.types[t] ?? []);
    const first = types[0];
    const capacityTypes = [...new Set(types.map((t) => t.capacityType))];
    return {
      name: this.name,
      pool: this.catalog.name,
      instanceTypes: types,
      zone: this.catalog.zones[this.zone] ?? '',
      capacityType: first?.capacityType ?? 'on-demand',
      capacityTypes,
      pods: [...this.info.pods],
      requests: { cpuMillis: this.info.requested.milliCPU, memoryBytes: this.info.requested.memory, pods: this.info.pods.length },
    };
  }

  private setEnvelope(): void {
    let cpu = 0;
    let memory = 0;
    let pods = 0;
    for (const t of this.candidates) {
      cpu = Math.max(cpu, this.catalog.cpu[t] ?? 0);
      memory = Math.max(memory, this.catalog.memory[t] ?? 0);
      pods = Math.max(pods, this.catalog.pods[t] ?? 0);
    }
    if (this.committed) this.budget.reserve(cpu - this.envelope.milliCPU, memory - this.envelope.memory);
    this.envelope.milliCPU = cpu;
    this.envelope.memory = memory;
    this.envelope.allowedPodNumber = pods;
  }
}
