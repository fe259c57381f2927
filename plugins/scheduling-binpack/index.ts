import { z } from 'zod';
import { createResourceAllocationScorer, definePlugin, mostAllocated, schedulingPlugins } from '../../core/index.ts';

/** `weight` multiplies this score against the built-in ones (taints 3, affinity 2, spread 2); `resources` weighs cpu against memory and others. */
export const binpackOptions = z
  .object({
    weight: z.number().int().min(1).max(100).default(1),
    resources: z.record(z.string().min(1), z.number().int().min(1).max(100)).default({ cpu: 1, memory: 1 }),
  })
  .strict();

/**
 * Bin packing: scores nodes by Kubernetes' MostAllocated strategy, so each pod
 * goes to the fullest node that still fits and pods use as few nodes as
 * possible (the rest stay empty, to scale down or keep for big pods). It
 * asks the scheduler to search nodes in a stable order, so that in clusters
 * larger than the scheduler's per-pod sample the same nodes fill up first.
 */
export default definePlugin({
  name: 'scheduling/binpack',
  version: '1.0.0',
  description: 'Pack pods onto the fewest nodes (MostAllocated scoring)',
  configSchema: binpackOptions,
  register(registrar, { options }) {
    registrar.contribute(schedulingPlugins, {
      plugin: createResourceAllocationScorer({ name: 'NodeResourcesMostAllocated', resources: options.resources, strategy: mostAllocated, useRequested: false }),
      weight: options.weight,
      // Rotating the node search would show each pod other nodes to fill.
      searchFromFirstNode: true,
    });
  },
});
