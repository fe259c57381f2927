import type { ResourceAmounts } from '../../../contracts/scheduling.ts';
import type { MutableNodeInfo } from '../../scheduler/cache/node-info.ts';
import type { PlannedNodeState } from './planned-node.ts';

interface TargetBase {
  /** order of creation: first fit tries lower serials first */
  readonly serial: number;
  readonly info: MutableNodeInfo;
  /** no pod of the plan fits any more */
  closed: boolean;
  /** where it is in the list, kept by TargetList */
  position: number;
}

/** A node pods may be packed onto, in the order first fit tries them: existing nodes, launching ones, then planned ones. */
export type Target = (TargetBase & { kind: 'existing' | 'launching' }) | (TargetBase & { kind: 'planned'; planned: PlannedNodeState });

/** the cheap test before the filters: room left for `requests` (planned nodes: on their largest candidates) */
export function mayFit(target: Target, requests: ResourceAmounts): boolean {
  if (target.kind === 'planned') return target.planned.mayFit(requests);
  const { info } = target;
  const free = info.allocatable;
  const used = info.requested;
  return info.pods.length < free.allowedPodNumber && used.milliCPU + requests.milliCPU <= free.milliCPU && used.memory + requests.memory <= free.memory;
}

/** what the target offers pods (planned nodes: the most their candidates do), or undefined once it takes none */
function capacityOf(target: Target): ResourceAmounts | undefined {
  if (target.closed) return undefined;
  const capacity = target.kind === 'planned' ? target.planned.capacity : target.info.allocatable;
  return target.info.pods.length < capacity.allowedPodNumber ? capacity : undefined;
}

/** whether the target could still take the smallest pod of the plan */
export function canTakeMore(target: Target, minCpu: number, minMemory: number): boolean {
  const capacity = capacityOf(target);
  const used = target.info.requested;
  return capacity !== undefined && capacity.milliCPU - used.milliCPU >= minCpu && capacity.memory - used.memory >= minMemory;
}

/** Targets are looked at in blocks of this many; a block whose roomiest target is too small is passed over whole. */
const BLOCK = 32;

/**
 * The targets in first-fit order, scanned block by block: each block keeps
 * the most cpu and memory any of its targets has left, so a pod skips the
 * blocks that cannot hold it (most of a large cluster, for a pod that is
 * pending because it fits nowhere). Full targets are closed and, once they
 * are the majority, swept out.
 */
export class TargetList {
  private items: Target[] = [];
  private maxCpu: number[] = [];
  private maxMemory: number[] = [];
  private stale: boolean[] = [];
  private closedCount = 0;
  private nextSerial = 0;

  get all(): readonly Target[] {
    return this.items;
  }

  /** the serial of the next target: targets added later have higher ones */
  serial(): number {
    return this.nextSerial++;
  }

  push(target: Target): void {
    target.position = this.items.length;
    this.items.push(target);
    this.stale[Math.floor(target.position / BLOCK)] = true;
  }

  /** pods were placed on the target or its capacity shrank */
  changed(target: Target): void {
    this.stale[Math.floor(target.position / BLOCK)] = true;
  }

  close(target: Target): void {
    if (target.closed) return;
    target.closed = true;
    this.closedCount++;
    this.changed(target);
    if (this.closedCount * 2 <= this.items.length) return;
    this.items = this.items.filter((t) => !t.closed);
    this.items.forEach((t, i) => {
      t.position = i;
    });
    this.closedCount = 0;
    this.maxCpu = [];
    this.maxMemory = [];
    this.stale = this.items.filter((_, i) => i % BLOCK === 0).map(() => true);
  }

  /** the first open target from `fromSerial` on with room for `requests` that `accept` takes */
  firstFit(requests: ResourceAmounts, fromSerial: number, accept: (target: Target) => boolean): Target | undefined {
    const items = this.items;
    for (let start = 0; start < items.length; start += BLOCK) {
      const end = Math.min(start + BLOCK, items.length);
      if ((items[end - 1]?.serial ?? -1) < fromSerial) continue;
      const block = start / BLOCK;
      if (this.stale[block] !== false) this.measure(block, start, end);
      if ((this.maxCpu[block] ?? -1) < requests.milliCPU || (this.maxMemory[block] ?? -1) < requests.memory) continue;
      for (let i = start; i < end; i++) {
        const target = items[i];
        if (target === undefined || target.closed || target.serial < fromSerial || !mayFit(target, requests)) continue;
        if (accept(target)) return target;
      }
    }
    return undefined;
  }

  private measure(block: number, start: number, end: number): void {
    let cpu = -1;
    let memory = -1;
    for (let i = start; i < end; i++) {
      const target = this.items[i];
      const capacity = target === undefined ? undefined : capacityOf(target);
      if (target === undefined || capacity === undefined) continue;
      cpu = Math.max(cpu, capacity.milliCPU - target.info.requested.milliCPU);
      memory = Math.max(memory, capacity.memory - target.info.requested.memory);
    }
    this.maxCpu[block] = cpu;
    this.maxMemory[block] = memory;
    this.stale[block] = false;
  }
}
