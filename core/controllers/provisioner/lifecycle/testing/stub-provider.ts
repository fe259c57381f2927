import type { NodeProvider } from '../../../../contracts/node-provider.ts';

/** A NodeProvider with no machines that launches none, for tests about how a pool's provider is run; `overrides` gives it what the test watches. */
export function stubProvider(overrides: Partial<NodeProvider> = {}): NodeProvider {
  return {
    name: 'stub',
    capabilities: { registersNodes: true, maxConcurrentCreates: 1, capacityTypes: ['on-demand'] },
    instanceTypes: () => [],
    create: () => Promise.reject(new Error('the stub provider launches nothing')),
    delete: () => Promise.resolve(),
    list: () => Promise.resolve([]),
    ...overrides,
  };
}
