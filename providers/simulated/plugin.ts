import { definePlugin, nodeProviders, type NodeProviderFactory } from '../../core/index.ts';
import { SIMULATED_PROVIDER, SimulatedFleet } from './fleet.ts';
import { poolSettings, simulatedOptionsSchema, type SimulatedOptions } from './options.ts';
import { SimulatedNodeProvider } from './provider.ts';

/**
 * Simulated nodes, kwok-like: a pool with `provider: simulated` gets Nodes
 * that heartbeat and report Ready, and whose pods run at once, with no
 * machine behind them. For tests, benchmarks and laptop demos.
 */
export default definePlugin({
  name: 'providers/simulated',
  version: '0.1.0',
  description: 'kwok-like simulated nodes: Ready Nodes with Lease heartbeats whose pods run at once',
  register(registrar, { logger }) {
    // One fleet for all simulated pools of this control plane: one pod watch and one lease ticker.
    let fleet: SimulatedFleet | undefined;
    const factory: NodeProviderFactory<SimulatedOptions> = {
      name: SIMULATED_PROVIDER,
      optionsSchema: simulatedOptionsSchema,
      initialNodeCount: (options) => options.count,
      create(options, context) {
        fleet ??= new SimulatedFleet(context.client, context.clock, logger);
        return new SimulatedNodeProvider(poolSettings(context.pool.name, options), fleet, context.logger);
      },
    };
    registrar.contribute(nodeProviders, factory);
  },
});
