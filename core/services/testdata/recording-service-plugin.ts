import { z } from 'zod';
import { definePlugin, isApiError, loadBalancers, Resources, type LoadBalancerFactory } from '../../index.ts';

/**
 * A load balancer that balances nothing: on start it writes what it was given
 * (the Services of the catalog, the network) to a ConfigMap, so a test can see
 * that the control plane started it after the catalog synced. It follows the
 * options convention of core/services/service-plugins.ts: register() captures
 * the plugin's options, the factory ignores its own argument.
 */
export default definePlugin({
  name: 'test/recording-lb',
  version: '0.0.1',
  configSchema: z.object({ configMap: z.string().default('recording-lb'), failStart: z.boolean().default(false) }).strict(),
  register(registrar, { options }) {
    const factory: LoadBalancerFactory = {
      name: 'test/recording-lb',
      optionsSchema: z.unknown(),
      create: (_ignored, context) => ({
        start: async () => {
          if (options.failStart) throw new Error('cannot bind 10.96.0.10:53');
          const services = context.catalog.services().map((s) => `${s.namespace}/${s.name}`).sort();
          await context.client.delete(Resources.configMaps, 'default', options.configMap).catch((error: unknown) => {
            if (!isApiError(error, 'NotFound')) throw error;
          });
          await context.client.create(Resources.configMaps, {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: options.configMap, namespace: 'default' },
            data: { services: services.join(','), dnsServiceIP: context.network.dnsServiceIP, clusterDomain: context.network.clusterDomain },
          });
        },
        stop: async () => {},
      }),
    };
    registrar.contribute(loadBalancers, factory);
  },
});
