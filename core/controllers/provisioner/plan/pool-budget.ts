import { formatCpu, formatMemory } from './quantities.ts';
import type { PoolInput } from './types.ts';

/**
 * What a pool may still launch in this plan. A planned node reserves the
 * largest capacity it may still launch with, per resource, over the
 * candidates it keeps (their allocatable cpu and memory: the catalog knows
 * no other capacity); the reservation shrinks as pods narrow the
 * candidates. So whichever candidate each node ends up as, the pool's limits
 * hold; the price is that a node opened early may keep a later one out
 * until its candidates narrow (Karpenter reserves the same way).
 */
export class PoolBudget {
  private plannedNodes = 0;
  private reservedCpu = 0;
  private reservedMemory = 0;

  constructor(private readonly pool: PoolInput) {}

  /** why the pool can launch no further node, or undefined */
  get maxNodesReason(): string | undefined {
    const max = this.pool.maxNodes;
    if (max === undefined || this.pool.usage.nodes + this.plannedNodes < max) return undefined;
    return `nodepool "${this.pool.name}" reached its max of ${max} nodes`;
  }

  get nodesPlanned(): number {
    return this.plannedNodes;
  }

  /** cpu (millicores) a new node may still have: Infinity without a limit */
  get cpuRoom(): number {
    const limit = this.pool.limits.cpuMillis;
    return limit === undefined ? Number.POSITIVE_INFINITY : limit - this.pool.usage.cpuMillis - this.reservedCpu;
  }

  get memoryRoom(): number {
    const limit = this.pool.limits.memoryBytes;
    return limit === undefined ? Number.POSITIVE_INFINITY : limit - this.pool.usage.memoryBytes - this.reservedMemory;
  }

  cpuLimitReason(): string {
    const limit = this.pool.limits.cpuMillis ?? 0;
    return `nodepool "${this.pool.name}" reached its cpu limit (limit ${formatCpu(limit)}, in use ${formatCpu(this.pool.usage.cpuMillis + this.reservedCpu)})`;
  }

  memoryLimitReason(): string {
    const limit = this.pool.limits.memoryBytes ?? 0;
    return `nodepool "${this.pool.name}" reached its memory limit (limit ${formatMemory(limit)}, in use ${formatMemory(this.pool.usage.memoryBytes + this.reservedMemory)})`;
  }

  nodeOpened(): void {
    this.plannedNodes++;
  }

  /** a planned node's reservation changed by this much */
  reserve(cpuMillis: number, memoryBytes: number): void {
    this.reservedCpu += cpuMillis;
    this.reservedMemory += memoryBytes;
  }
}
