import { definePlugin, nodeProviders, type NodeProviderFactory } from '../../core/index.ts';
import { localOptionsSchema, type LocalOptions } from './options.ts';
import { LOCAL_PROVIDER, LocalNodeProvider } from './provider.ts';

/**
 * Nodes on this machine: each is a node agent started in the control plane's
 * process, whose pods run on the local Docker engine (or as host processes
 * where none runs). `kubernel up`'s all-in-one node is one of them.
 */
export default definePlugin({
  name: 'providers/local',
  version: '0.1.0',
  description: 'nodes on this machine: in-process node agents running pods in Docker or as processes',
  // The runtimes load with the provider, without `plugins:` entries of their own.
  dependsOn: ['runtime/docker', 'runtime/process'],
  register(registrar, { logger }) {
    const factory: NodeProviderFactory<LocalOptions> = {
      name: LOCAL_PROVIDER,
      optionsSchema: localOptionsSchema,
      initialNodeCount: (options) => options.count,
      create: (options, context) => new LocalNodeProvider(options, context, logger),
    };
    registrar.contribute(nodeProviders, factory);
  },
});
