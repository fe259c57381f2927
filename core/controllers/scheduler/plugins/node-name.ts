import { SchedulingStatus, type ClusterEvent, type CycleState, type FilterPlugin, type NodeInfo, type PodInfo, type PreFilterPlugin } from '../../../contracts/scheduling.ts';

export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

const REJECTED = SchedulingStatus.unresolvable(ERR_REASON_NODE_NAME);

/** A pod that names its node (spec.nodeName) fits only there. */
export class NodeName implements PreFilterPlugin, FilterPlugin {
  readonly name = 'NodeName';
  readonly events: readonly ClusterEvent[] = ['NodeAdd'];

  preFilter(_state: CycleState, pod: PodInfo): SchedulingStatus {
    return pod.nodeName === '' ? SchedulingStatus.skip : SchedulingStatus.success;
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): SchedulingStatus {
    return pod.nodeName === '' || pod.nodeName === node.name ? SchedulingStatus.success : REJECTED;
  }
}
