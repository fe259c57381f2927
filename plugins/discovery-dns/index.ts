import { definePlugin, discoveryProviders, type DiscoveryFactory } from '../../core/index.ts';
import { DnsServer } from './dns-server.ts';
import { dnsOptionsSchema, type DnsOptions } from './options.ts';

export { DnsServer } from './dns-server.ts';
export { dnsOptionsSchema, type DnsOptions } from './options.ts';

/**
 * Kubernel's CoreDNS: answers the cluster domain from the Services and
 * EndpointSlices the core keeps in its ServiceCatalog (the Kubernetes DNS
 * specification's records), forwards other names to the host's resolvers,
 * and keeps the `kube-dns` Service that points pods at it.
 */
export default definePlugin({
  name: 'discovery/dns',
  version: '0.1.0',
  description: 'Cluster DNS (CoreDNS-compatible): Service, endpoint and pod records for the cluster domain, forwarding for the rest',
  configSchema: dnsOptionsSchema,
  register(registrar, { options }) {
    // The kernel validated this plugin's options once (configSchema); the control plane calls create() without any.
    const factory: DiscoveryFactory<DnsOptions> = {
      name: 'dns',
      optionsSchema: dnsOptionsSchema,
      create: (_options, context) => new DnsServer(options, context),
    };
    registrar.contribute(discoveryProviders, factory);
  },
});
