import { definePlugin, nodeProviders, type NodeProviderFactory } from '../../core/index.ts';
import { gcpOptionsSchema, type GcpOptions } from './options.ts';
import { createGcpProvider, GCP_PROVIDER } from './provider.ts';

/**
 * Google Compute Engine nodes: a pool with `provider: gcp` launches an
 * instance per NodeClaim, whose startup script joins it to the cluster
 * with the claim's bootstrap token. Talks to the Compute Engine API with
 * Application Default Credentials (or the pool's `keyFile`).
 */
export default definePlugin({
  name: 'providers/gcp',
  version: '0.1.0',
  description: 'Google Compute Engine instances as nodes, joining with a bootstrap token from their startup script',
  register(registrar) {
    const factory: NodeProviderFactory<GcpOptions> = {
      name: GCP_PROVIDER,
      optionsSchema: gcpOptionsSchema,
      create: (options, context) => createGcpProvider(options, context),
    };
    registrar.contribute(nodeProviders, factory);
  },
});
