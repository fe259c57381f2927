import { describeNodeProviderConformance, type NodeProviderHarness } from '../../test/conformance/node-provider.conformance.ts';
import { gcpWorld } from './test-support/gcp-world.ts';

// The shared NodeProvider contract, against the fake Compute Engine at the wire.
describeNodeProviderConformance('gcp', async (): Promise<NodeProviderHarness> => {
  const world = await gcpWorld();
  return {
    provider: async (pool) => world.provider(pool, { capacityTypes: ['on-demand', 'spot'] }),
    close: () => world.close(),
  };
});
