import type { SchedulingPluginContribution } from '../../../contracts/scheduling.ts';
import type { SchedulerCache } from '../cache/scheduler-cache.ts';
import { InterPodAffinity, type NamespaceLabels } from './inter-pod-affinity/index.ts';
import { NodeAffinity } from './node-affinity.ts';
import { NodeName } from './node-name.ts';
import { NodePorts } from './node-ports.ts';
import { NodeResourcesFit } from './node-resources-fit.ts';
import { NodeUnschedulable } from './node-unschedulable.ts';
import { PodTopologySpread } from './pod-topology-spread/index.ts';
import { TaintToleration } from './taint-toleration.ts';

export interface BuiltinPluginDeps {
  cache: SchedulerCache;
  namespaceLabels: NamespaceLabels;
}

/**
 * The plugins that are always on, in kube-scheduler's default filter order
 * (which decides the reason a node reports) and with its default score
 * weights: TaintToleration 3, NodeAffinity 2, PodTopologySpread 2,
 * InterPodAffinity 2. Resource scoring comes from the scheduling/* plugins.
 */
export function builtinSchedulingPlugins({ cache, namespaceLabels }: BuiltinPluginDeps): SchedulingPluginContribution[] {
  const allNodes = () => cache.nodeList();
  return [
    { plugin: new NodeUnschedulable() },
    { plugin: new NodeName() },
    { plugin: new TaintToleration(() => cache.anyNodeWithPreferNoScheduleTaint), weight: 3 },
    { plugin: new NodeAffinity(), weight: 2 },
    { plugin: new NodePorts() },
    { plugin: new NodeResourcesFit() },
    { plugin: new PodTopologySpread(allNodes), weight: 2 },
    {
      plugin: new InterPodAffinity({
        namespaceLabels,
        anyPodWithRequiredAntiAffinity: () => cache.anyPodWithRequiredAntiAffinity,
        anyPodWithAffinity: () => cache.anyPodWithAffinity,
        allNodes,
      }),
      weight: 2,
    },
  ];
}
