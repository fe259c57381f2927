import { SchedulingStatus, type ClusterEvent, type CycleState, type FilterPlugin, type NodeInfo, type PodInfo, type PreFilterPlugin } from '../../../contracts/scheduling.ts';

export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";

const REJECTED = SchedulingStatus.unschedulable(ERR_REASON_NODE_PORTS);

/** hostPort conflicts: a port (protocol, number) is taken if in use on the same address or on 0.0.0.0. */
export class NodePorts implements PreFilterPlugin, FilterPlugin {
  readonly name = 'NodePorts';
  readonly events: readonly ClusterEvent[] = ['NodeAdd', 'AssignedPodDelete'];

  preFilter(_state: CycleState, pod: PodInfo): SchedulingStatus {
    return pod.hostPorts.length === 0 ? SchedulingStatus.skip : SchedulingStatus.success;
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): SchedulingStatus {
    for (const port of pod.hostPorts) if (node.usedPorts.conflicts(port)) return REJECTED;
    return SchedulingStatus.success;
  }
}
