/**
 * Contract usage (core/contracts/discovery.ts), decided for issue 5:
 * a discovery or load-balancer plugin's settings are its own `options` in
 * kubernel.yaml's `plugins:` list. The kernel validates them once, with the
 * plugin's configSchema, and hands them to register(); register() builds its
 * factory around them. The control plane never reads them again: it calls
 * `factory.create(undefined, context)` and does not run the factory's
 * `optionsSchema` (a second schema for the same YAML would only disagree with
 * the first). Factories therefore ignore their `options` argument.
 */
import type { Logger } from 'pino';
import type { ApiClient } from '../client/api-client.ts';
import {
  discoveryProviders,
  loadBalancers,
  type DiscoveryFactory,
  type LoadBalancerFactory,
  type ServiceCatalog,
  type ServiceNetwork,
  type ServicePluginContext,
  type ServiceRuntime,
} from '../contracts/discovery.ts';
import { KernelError } from '../kernel/errors.ts';
import type { ExtensionPoint } from '../kernel/plugin.ts';
import { InformerServiceCatalog } from './service-catalog.ts';

export interface ServicePluginsOptions {
  /** the kernel's contributions, i.e. those of the loaded plugins */
  contributions<T>(point: ExtensionPoint<T>): T[];
  /** names of the loaded plugins, to name the one behind a factory in errors */
  pluginNames?: readonly string[];
  client: ApiClient;
  network: ServiceNetwork;
  logger: Logger;
}

export interface RunningServicePlugins {
  /** undefined when no plugin offers discovery or load balancing (then nothing watches Services) */
  readonly catalog: ServiceCatalog | undefined;
  /** names of the started factories, discovery first */
  readonly started: readonly string[];
  /** load balancers listed before the one that runs, with why this host cannot run them */
  readonly unavailable: readonly { name: string; reason: string }[];
  /** stops the plugins, newest first, then the catalog; a failing stop is logged */
  stop(): Promise<void>;
}

type Role = 'discovery provider' | 'load balancer';

interface Contributed {
  role: Role;
  factory: DiscoveryFactory | LoadBalancerFactory;
}

const PLUGIN_AREA: Record<Role, string> = { 'discovery provider': 'discovery', 'load balancer': 'lb' };

/**
 * How errors name a factory: by its plugin when one is loaded under the
 * factory's name or `area/name` (`lb/proxy` contributes `proxy`), since the
 * kernel does not say which plugin contributed what.
 */
export function describeFactory(role: Role, factoryName: string, pluginNames: readonly string[]): string {
  const plugin = [factoryName, `${PLUGIN_AREA[role]}/${factoryName}`].find((name) => pluginNames.includes(name));
  if (plugin === undefined) return `${role} "${factoryName}"`;
  return plugin === factoryName ? `plugin ${plugin} (${role})` : `plugin ${plugin} (${role} "${factoryName}")`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Builds the cluster's ServiceCatalog, waits for its first lists, then
 * creates and starts every contributed DiscoveryFactory and the first
 * LoadBalancerFactory this host can run (chooseLoadBalancer). A plugin that fails to start stops the ones already
 * running and is a KernelError naming it.
 */
export async function startServicePlugins(options: ServicePluginsOptions): Promise<RunningServicePlugins> {
  const choice = await chooseLoadBalancer(options.contributions(loadBalancers), options.pluginNames ?? []);
  const contributed: Contributed[] = [
    ...options.contributions(discoveryProviders).map((factory) => ({ role: 'discovery provider' as const, factory })),
    ...(choice.chosen === undefined ? [] : [{ role: 'load balancer' as const, factory: choice.chosen }]),
  ];
  if (contributed.length === 0) return { catalog: undefined, started: [], unavailable: [], stop: async () => {} };

  const catalog = new InformerServiceCatalog({ client: options.client, logger: options.logger.child({ component: 'service-catalog' }) });
  catalog.start();
  const running: { name: string; runtime: ServiceRuntime }[] = [];
  const stop = async (): Promise<void> => {
    for (const { name, runtime } of running.splice(0).reverse()) {
      await runtime.stop().catch((error: unknown) => options.logger.error({ err: error, plugin: name }, 'service plugin failed to stop'));
    }
    catalog.stop();
  };

  await catalog.synced();
  for (const { role, factory } of contributed) {
    const context: ServicePluginContext = {
      client: options.client,
      catalog,
      network: options.network,
      logger: options.logger.child({ plugin: factory.name }),
    };
    try {
      const runtime = factory.create(undefined, context);
      // Stopped too if its start fails: it may have bound a port before failing.
      running.push({ name: factory.name, runtime });
      await runtime.start();
    } catch (error) {
      await stop();
      const what = describeFactory(role, factory.name, options.pluginNames ?? []);
      throw new KernelError('KERNEL_ERR_LIFECYCLE', `${what} failed to start: ${errorMessage(error)}`);
    }
  }
  for (const { name, reason } of choice.unavailable) options.logger.info({ loadBalancer: name, reason }, `load balancer ${name} cannot run on this host (${reason}); the next one listed runs`);
  options.logger.info({ plugins: running.map((r) => r.name), services: catalog.services().length }, 'service plugins started');
  return { catalog, started: running.map((r) => r.name), unavailable: choice.unavailable, stop };
}

interface LoadBalancerChoice {
  chosen: LoadBalancerFactory | undefined;
  unavailable: { name: string; reason: string }[];
}

/**
 * The first load balancer, in the order kubernel.yaml lists them, that this
 * host can run: two at once would both claim every ClusterIP. None listed is
 * fine (no Service traffic); listed ones that all cannot run stop start-up,
 * each with its reason.
 */
export async function chooseLoadBalancer(factories: readonly LoadBalancerFactory[], pluginNames: readonly string[]): Promise<LoadBalancerChoice> {
  const unavailable: { name: string; reason: string }[] = [];
  for (const factory of factories) {
    const reason = await factory.unavailable?.();
    if (reason === undefined) return { chosen: factory, unavailable };
    unavailable.push({ name: factory.name, reason });
  }
  if (unavailable.length > 0) {
    const reasons = unavailable.map(({ name, reason }) => `${describeFactory('load balancer', name, pluginNames)}: ${reason}`).join('; ');
    throw new KernelError('KERNEL_ERR_LIFECYCLE', `no load balancer listed can run on this host: ${reasons}`);
  }
  return { chosen: undefined, unavailable };
}
