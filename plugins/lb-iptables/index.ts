import { definePlugin, loadBalancers, type LoadBalancerFactory } from '../../core/index.ts';
import { iptablesUnavailable } from './iptables-command.ts';
import { IptablesProxier } from './iptables-proxier.ts';
import { iptablesOptionsSchema, type IptablesOptions } from './options.ts';

export { IptablesProxier, type IptablesProxierDeps } from './iptables-proxier.ts';
export { iptablesOptionsSchema, type IptablesOptions } from './options.ts';
export { renderRules, renderTeardown, type RuleSettings, type OwnChains, type RenderedRules } from './render-rules.ts';
export { servicePortRoutes, type ServicePortRoute } from './service-port-routes.ts';

/**
 * The `iptables` load balancer: kube-proxy's iptables mode (see README.md).
 * As with lb/proxy, the kernel validated the options as the configSchema and
 * create() ignores its argument.
 */
export function iptablesLoadBalancerFactory(options: IptablesOptions): LoadBalancerFactory<IptablesOptions> {
  return {
    name: 'iptables',
    optionsSchema: iptablesOptionsSchema,
    unavailable: () => iptablesUnavailable(),
    create: (_ignored, context) =>
      new IptablesProxier({ catalog: context.catalog, network: context.network, logger: context.logger.child({ component: 'lb/iptables' }), options }),
  };
}

export default definePlugin({
  name: 'lb/iptables',
  version: '0.1.0',
  description: 'Load balancer for Services as kube-proxy\'s iptables mode: DNAT rules in KUBERNEL-* nat chains (iptables-restore), round-robin or random over ready endpoints, no process in the data path; needs root (CAP_NET_ADMIN) and iptables',
  configSchema: iptablesOptionsSchema,
  register(registrar, { options }) {
    registrar.contribute(loadBalancers, iptablesLoadBalancerFactory(options));
  },
});
