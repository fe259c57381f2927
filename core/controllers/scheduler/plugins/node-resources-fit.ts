import { SchedulingStatus, type ClusterEvent, type CycleState, type FilterPlugin, type NodeInfo, type PodInfo } from '../../../contracts/scheduling.ts';

export const REASON_TOO_MANY_PODS = 'Too many pods';

const TOO_MANY_PODS = SchedulingStatus.unschedulable(REASON_TOO_MANY_PODS);

/**
 * NodeResourcesFit's filter: the pod's requests (cpu, memory,
 * ephemeral-storage, extended resources) must fit in what the node has left
 * of its allocatable, and the node must have a pod slot left. Each missing
 * resource is a reason of its own ("Insufficient cpu"); a request larger than
 * the whole node cannot be helped by removing pods, so it is unresolvable.
 */
export class NodeResourcesFit implements FilterPlugin {
  readonly name = 'NodeResourcesFit';
  readonly events: readonly ClusterEvent[] = ['NodeAdd', 'NodeAllocatableChange', 'AssignedPodDelete'];

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): SchedulingStatus {
    const request = pod.requests;
    const free = node.allocatable;
    const used = node.requested;
    // The common case, straight through: called for hundreds of nodes per pod.
    if (
      node.pods.length < free.allowedPodNumber &&
      request.milliCPU <= free.milliCPU - used.milliCPU &&
      request.memory <= free.memory - used.memory &&
      request.ephemeralStorage <= free.ephemeralStorage - used.ephemeralStorage &&
      request.scalar.size === 0
    ) {
      return SchedulingStatus.success;
    }
    return insufficient(pod, node);
  }
}

/** fitsRequest: every reason the node falls short, in Kubernetes' order */
function insufficient(pod: PodInfo, node: NodeInfo): SchedulingStatus {
  const request = pod.requests;
  const free = node.allocatable;
  const used = node.requested;
  const reasons: string[] = [];
  if (node.pods.length + 1 > free.allowedPodNumber) reasons.push(REASON_TOO_MANY_PODS);
  const empty = request.milliCPU === 0 && request.memory === 0 && request.ephemeralStorage === 0 && request.scalar.size === 0;
  if (empty) return reasons.length === 0 ? SchedulingStatus.success : TOO_MANY_PODS;
  let unresolvable = false;
  const check = (name: string, requested: number, inUse: number, allocatable: number): void => {
    if (requested > 0 && requested > allocatable - inUse) {
      reasons.push(`Insufficient ${name}`);
      if (requested > allocatable) unresolvable = true;
    }
  };
  check('cpu', request.milliCPU, used.milliCPU, free.milliCPU);
  check('memory', request.memory, used.memory, free.memory);
  check('ephemeral-storage', request.ephemeralStorage, used.ephemeralStorage, free.ephemeralStorage);
  for (const [name, amount] of request.scalar) check(name, amount, used.scalar.get(name) ?? 0, free.scalar.get(name) ?? 0);
  if (reasons.length === 0) return SchedulingStatus.success;
  return unresolvable ? SchedulingStatus.unresolvable(...reasons) : SchedulingStatus.unschedulable(...reasons);
}
