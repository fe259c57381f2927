/**
 * The `local` provider passes the provider conformance suite like every
 * other: against a real control plane, each machine a real `kubernel agent`
 * process (on the process runtime, so no Docker is needed) started with the
 * claim's bootstrap token. The suite's token is made up, so the agents are
 * refused and exit; create, list and delete are what the suite checks.
 */
import { pino } from 'pino';
import { builtinCatalog } from '../../core/cli/catalog.ts';
import { loadRuntimePlugins } from '../../core/agent/runtime-plugins.ts';
import type { NodeProvider } from '../../core/index.ts';
import { localOptionsSchema } from '../../providers/local/options.ts';
import { LocalNodeProvider } from '../../providers/local/provider.ts';
import { describeNodeProviderConformance, type NodeProviderHarness } from '../conformance/node-provider.conformance.ts';
import { startCluster } from './support/cluster.ts';

async function localHarness(): Promise<NodeProviderHarness> {
  const cluster = await startCluster();
  const logger = pino({ level: 'silent' });
  const { kernel } = await loadRuntimePlugins(builtinCatalog, logger);
  const options = localOptionsSchema.parse({ count: 0, runtime: 'process', capacity: { cpu: '2', memory: '4Gi', pods: 20 } });
  const providers: NodeProvider[] = [];
  return {
    provider: (pool) => {
      const provider = new LocalNodeProvider(
        options,
        {
          pool: { name: pool, min: undefined, max: undefined },
          client: cluster.plane.client,
          logger,
          clock: { now: () => new Date() },
          cluster: { server: cluster.plane.url, caCertPem: cluster.plane.caCertPem, token: cluster.plane.adminToken, dataDir: cluster.dataDir },
          // The runtime plugins' kernel, as `kubernel up`'s would offer them.
          contributions: (point) => kernel.contributionsTo(point),
        },
        logger,
      );
      providers.push(provider);
      return Promise.resolve(provider);
    },
    close: async () => {
      for (const provider of providers) await provider.stop?.();
      await kernel.stop();
      await cluster.stop();
    },
  };
}

describeNodeProviderConformance('local', localHarness, { timeoutMs: 60_000 });
