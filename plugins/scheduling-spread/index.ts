import { z } from 'zod';
import { createResourceAllocationScorer, definePlugin, leastAllocated, schedulingPlugins } from '../../core/index.ts';

/** `weight` multiplies this score against the built-in ones (taints 3, affinity 2, spread 2); `resources` weighs cpu against memory and others. */
export const spreadOptions = z
  .object({
    weight: z.number().int().min(1).max(100).default(1),
    resources: z.record(z.string().min(1), z.number().int().min(1).max(100)).default({ cpu: 1, memory: 1 }),
  })
  .strict();

/**
 * Spreading: scores nodes by Kubernetes' LeastAllocated strategy (its
 * default), so each pod goes to the emptiest node and load evens out. The
 * scheduler behaves this way when kubernel.yaml names no scheduling plugin.
 */
export default definePlugin({
  name: 'scheduling/spread',
  version: '1.0.0',
  description: 'Spread pods over the least used nodes (LeastAllocated scoring, the default)',
  configSchema: spreadOptions,
  register(registrar, { options }) {
    registrar.contribute(schedulingPlugins, {
      plugin: createResourceAllocationScorer({ name: 'NodeResourcesLeastAllocated', resources: options.resources, strategy: leastAllocated, useRequested: false }),
      weight: options.weight,
    });
  },
});
