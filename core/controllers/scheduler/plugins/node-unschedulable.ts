import { SchedulingStatus, type ClusterEvent, type CycleState, type FilterPlugin, type NodeInfo, type PodInfo, type Taint } from '../../../contracts/scheduling.ts';
import { tolerationsTolerateTaint } from './tolerations.ts';

export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

/** The taint the node lifecycle controller puts on cordoned nodes; tolerating it tolerates the cordon. */
const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' };

const REJECTED = SchedulingStatus.unresolvable(ERR_REASON_UNSCHEDULABLE);

/** Turns down cordoned nodes (spec.unschedulable) unless the pod tolerates node.kubernetes.io/unschedulable:NoSchedule. */
export class NodeUnschedulable implements FilterPlugin {
  readonly name = 'NodeUnschedulable';
  readonly events: readonly ClusterEvent[] = ['NodeAdd', 'NodeSpecUnschedulableChange', 'NodeTaintChange'];

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): SchedulingStatus {
    if (!node.unschedulable || tolerationsTolerateTaint(pod.tolerations, UNSCHEDULABLE_TAINT)) return SchedulingStatus.success;
    return REJECTED;
  }
}
