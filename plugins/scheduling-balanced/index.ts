import { z } from 'zod';
import { balancedAllocation, createResourceAllocationScorer, definePlugin, schedulingPlugins } from '../../core/index.ts';

/** `weight` multiplies this score against the built-in ones; `resources` names the resources to balance (their weights do not apply). */
export const balancedOptions = z
  .object({
    weight: z.number().int().min(1).max(100).default(1),
    resources: z.record(z.string().min(1), z.number().int().min(1).max(100)).default({ cpu: 1, memory: 1 }),
  })
  .strict();

/**
 * Balanced resource use: scores nodes by Kubernetes' BalancedAllocation, so
 * a node's cpu and memory fill up at the same pace and neither is stranded.
 * Often combined with scheduling/binpack or scheduling/spread.
 */
export default definePlugin({
  name: 'scheduling/balanced',
  version: '1.0.0',
  description: 'Keep cpu and memory use of each node even (BalancedAllocation scoring)',
  configSchema: balancedOptions,
  register(registrar, { options }) {
    registrar.contribute(schedulingPlugins, {
      plugin: createResourceAllocationScorer({
        name: 'NodeResourcesBalancedAllocation',
        resources: options.resources,
        strategy: balancedAllocation,
        useRequested: true,
        skipBestEffort: true,
      }),
      weight: options.weight,
    });
  },
});
