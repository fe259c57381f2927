import { definePlugin, loadBalancers, type LoadBalancerFactory } from '../../core/index.ts';
import { proxyOptionsSchema, type ProxyOptions } from './options.ts';
import { ServiceProxier } from './service-proxier.ts';

export { ServiceProxier, type ServiceProxierDeps } from './service-proxier.ts';
export { proxyOptionsSchema, type ProxyOptions, type Algorithm } from './options.ts';

/**
 * The `proxy` load balancer with these options: Kubernel's kube-proxy, a
 * user-space TCP proxy on every Service's ClusterIP and NodePort (see
 * README.md). The kernel validated the options once, as this plugin's
 * configSchema; the control plane calls create() without any
 * (core/services/service-plugins.ts), so create() ignores its argument.
 */
export function proxyLoadBalancerFactory(options: ProxyOptions): LoadBalancerFactory<ProxyOptions> {
  return {
    name: 'proxy',
    optionsSchema: proxyOptionsSchema,
    create: (_ignored, context) =>
      new ServiceProxier({ catalog: context.catalog, network: context.network, logger: context.logger.child({ component: 'lb/proxy' }), options }),
  };
}

export default definePlugin({
  name: 'lb/proxy',
  version: '0.1.0',
  description: 'Load balancer for Services like kube-proxy: TCP listeners on ClusterIPs (added to lo) and NodePorts, round-robin / least-connections / power-of-two-choices over ready endpoints',
  configSchema: proxyOptionsSchema,
  register(registrar, { options }) {
    registrar.contribute(loadBalancers, proxyLoadBalancerFactory(options));
  },
});
