/**
 * Would these pods find room elsewhere? Karpenter's SimulateScheduling, done
 * with this scheduler's own machinery: a scratch SchedulerCache holding the
 * remaining nodes and their pods, the built-in plugins (plus any contributed
 * ones) in a SchedulingFramework, and PodScheduler placing the pods one by
 * one, largest first, each counted on its node before the next is placed.
 */
import type { KubeObject } from '../../../api/types/meta.ts';
import { CycleState, type PodInfo, type SchedulingPluginContribution } from '../../../contracts/scheduling.ts';
import { podInfoOf, unboundCopy } from '../../scheduler/cache/pod-info.ts';
import { SchedulerCache } from '../../scheduler/cache/scheduler-cache.ts';
import { SchedulingFramework } from '../../scheduler/framework.ts';
import type { NamespaceLabels } from '../../scheduler/plugins/inter-pod-affinity/term-matching.ts';
import { builtinSchedulingPlugins } from '../../scheduler/plugins/index.ts';
import { createResourceAllocationScorer, mostAllocated } from '../../scheduler/resource-allocation.ts';
import { PodScheduler } from '../../scheduler/schedule-pod.ts';
import { isActivePod } from './pod-classes.ts';

export interface SimulationInput {
  /** the nodes pods may go to */
  nodes: readonly KubeObject[];
  /** pods running on those nodes (others are ignored) */
  pods: readonly KubeObject[];
  /** pods that need a new home */
  podsToPlace: readonly KubeObject[];
  namespaceLabels?: NamespaceLabels;
  /** contributed scheduling plugins, run after the built-ins; bind and reserve are never called */
  plugins?: readonly SchedulingPluginContribution[];
}

export interface SimulationResult {
  allFit: boolean;
  /** pod key → node it would go to */
  placements: Map<string, string>;
  /** keys of pods no node took */
  unplaced: string[];
}

/** largest first (cpu, then memory), as the provisioner's first-fit decreasing packs */
function byRequestsDescending(a: PodInfo, b: PodInfo): number {
  return b.requests.milliCPU - a.requests.milliCPU || b.requests.memory - a.requests.memory || a.key.localeCompare(b.key);
}

export function simulateScheduling(input: SimulationInput): SimulationResult {
  const cache = new SchedulerCache();
  const nodeNames = new Set<string>();
  for (const node of input.nodes) {
    cache.setNode(node);
    nodeNames.add(node.metadata.name ?? '');
  }
  for (const pod of input.pods) {
    const info = podInfoOf(pod);
    if (nodeNames.has(info.nodeName) && isActivePod(pod)) cache.setPod(info);
  }
  // Packing onto the fullest node that fits leaves the most room for the pods still to come.
  const packer = createResourceAllocationScorer({ name: 'DisruptionSimulationPacking', resources: { cpu: 1, memory: 1 }, strategy: mostAllocated, useRequested: false });
  const framework = new SchedulingFramework([
    ...builtinSchedulingPlugins({ cache, namespaceLabels: input.namespaceLabels ?? (() => undefined) }),
    ...(input.plugins ?? []),
    { plugin: packer },
  ]);
  const scheduler = new PodScheduler(framework, { percentageOfNodesToScore: 100, random: () => 0, searchFromFirstNode: true });

  const placements = new Map<string, string>();
  const unplaced: string[] = [];
  const pods = input.podsToPlace.map((p) => podInfoOf(unboundCopy(p))).sort(byRequestsDescending);
  for (const info of pods) {
    const nodes = cache.nodeList();
    const result = nodes.length === 0 ? undefined : scheduler.schedule(new CycleState(), info, nodes);
    if (result?.kind !== 'scheduled') {
      unplaced.push(info.key);
      continue;
    }
    cache.assumePod(info, result.nodeName);
    placements.set(info.key, result.nodeName);
  }
  return { allFit: unplaced.length === 0, placements, unplaced };
}
