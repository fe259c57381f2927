import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { builtinRegistry } from '../api/builtin/index.ts';
import type { ResourceRegistry } from '../api/registry.ts';
import type { StoreBackend } from '../contracts/store-backend.ts';
import { CoreTokens } from '../kernel/core-tokens.ts';
import type { KubernelConfig } from '../kernel/config-schema.ts';
import { KernelError } from '../kernel/errors.ts';
import { Kernel } from '../kernel/kernel.ts';
import type { PluginCatalog } from '../kernel/plugin-loader.ts';
import { storeBackends } from '../kernel/plugin.ts';
import { schedulingPlugins } from '../contracts/scheduling.ts';
import { nodeProviders } from '../contracts/node-provider.ts';
import { prepareNodePools, startPreparedNodePools, type RunningNodePools } from '../controllers/node-pools/node-pools.ts';
import { withNodePoolProviders } from '../controllers/node-pools/provider-plugins.ts';
import { ensureAdminToken } from '../server/admin-token.ts';
import { buildApiServer, createApiContext } from '../server/api-server.ts';
import { InProcessClient } from '../server/in-process-client.ts';
import type { ApiClient } from '../client/api-client.ts';
import { ensureServingPki } from '../server/pki.ts';
import { loadClusterCaSigner } from '../auth/pki/ca-signer.ts';
import { builtinStoreBackends } from '../store/builtin-backends.ts';
import { ObjectStore } from '../store/object-store.ts';
import { WatchCache } from '../store/watch-cache.ts';
import { writeKubeconfig } from './kubeconfig.ts';
import { bootstrapKubernetesService, bootstrapNamespaces } from './bootstrap.ts';
import { kubernetesServiceIP } from '../server/admission/service-ranges.ts';
import { builtinControllers } from './builtin-controllers.ts';
import { provisioningDeps } from './provisioning-deps.ts';
import { registerProvisioning, type RunningProvisioning } from '../controllers/provisioner/index.ts';
import type { ControllerManager } from '../controllers/framework/manager.ts';
import { serviceNetworkFrom } from '../services/service-network.ts';
import { startServicePlugins, type RunningServicePlugins } from '../services/service-plugins.ts';

export const KUBERNEL_VERSION = '0.1.0';

export interface ControlPlaneOptions {
  config: KubernelConfig;
  configDir: string;
  dataDir: string;
  catalog: PluginCatalog;
  logger?: Logger;
  /** run the built-in controllers; default: `controllers.enabled` of the config */
  controllers?: boolean;
  /** the API server adds the orphan and foregroundDeletion finalizers; default: when the built-in controllers run */
  garbageCollection?: boolean;
}

/**
 * The all-in-one control plane: kernel and plugins, the store, the watch
 * cache and the HTTPS API server, started in dependency order and stopped in
 * reverse.
 */
export class ControlPlane {
  /** the nodes of kubernel.yaml's node pools, made by their providers */
  nodePools: RunningNodePools | undefined;
  /** the discovery and load-balancer plugins, on the control plane's ServiceCatalog */
  servicePlugins: RunningServicePlugins | undefined;
  /** the built-in controllers, when this process runs them */
  private controllers: ControllerManager | undefined;
  /** nodes on demand: pool providers, NodeClaim lifecycle, provisioner, disruption */
  provisioning: RunningProvisioning | undefined;

  private constructor(
    readonly kernel: Kernel,
    readonly registry: ResourceRegistry,
    readonly url: string,
    readonly kubeconfigPath: string,
    readonly adminToken: string,
    readonly caCertPem: string,
    /** the in-process API client of the control plane's own controllers */
    readonly client: ApiClient,
    private readonly backend: StoreBackend,
    private readonly watchCache: WatchCache,
    private readonly server: FastifyInstance,
  ) {}

  static async start(options: ControlPlaneOptions): Promise<ControlPlane> {
    const { config, dataDir } = options;
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const logger = options.logger ?? pino({ level: config.logging.level, base: { component: 'kubernel' } });
    // A node pool's provider plugin loads without a `plugins:` entry of its own.
    const kernel = new Kernel({ config: withNodePoolProviders(config, options.catalog), configDir: options.configDir, catalog: options.catalog, logger });
    kernel.provide(CoreTokens.clock, { now: () => new Date() });
    kernel.provide(CoreTokens.dataDir, dataDir);
    kernel.provide(CoreTokens.logger, logger);
    for (const backend of builtinStoreBackends) kernel.contribute(storeBackends, backend);
    await kernel.load();
    // Pool options are checked before anything opens, so a bad pool is a start-up error naming its YAML path.
    const pools = await prepareNodePools(config.nodePools, kernel.contributionsTo(nodeProviders));
    const serviceNetwork = serviceNetworkFrom(config);

    const backend = await openBackend(kernel, config, dataDir);
    const registry = builtinRegistry();
    const store = new ObjectStore(backend);
    const watchCache = new WatchCache(backend, store, config.store.watchCacheSize);
    await watchCache.start();
    const [pki, adminToken] = await Promise.all([ensureServingPki(dataDir, config.api.certificateSANs), ensureAdminToken(dataDir)]);
    const runControllers = options.controllers ?? config.controllers.enabled;
    const api = createApiContext({
      registry,
      store,
      watchCache,
      garbageCollection: options.garbageCollection ?? runControllers,
      defaultTolerationSeconds: { notReady: config.api.defaultNotReadyTolerationSeconds, unreachable: config.api.defaultUnreachableTolerationSeconds },
      services: config.services,
    });
    const server = buildApiServer({
      api,
      registry,
      store,
      watchCache,
      tls: { cert: pki.certPem, key: pki.keyPem, clientCa: pki.caCertPem },
      tokens: () => [adminToken],
      maxBodyBytes: config.api.maxRequestBodyBytes,
      logger: logger.child({ component: 'apiserver' }),
      kubernelVersion: KUBERNEL_VERSION,
    });
    try {
      await bootstrapNamespaces(registry, store);
      await server.listen({ host: config.api.address, port: config.api.port });
    } catch (error) {
      watchCache.stop();
      await backend.close();
      throw error;
    }
    const address = server.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.api.port;
    const host = config.api.address === '0.0.0.0' || config.api.address === '::' ? '127.0.0.1' : config.api.address;
    const url = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const kubeconfigPath = join(dataDir, 'kubeconfig');
    await writeKubeconfig(kubeconfigPath, { server: url, caCertPem: pki.caCertPem, token: adminToken });
    const client = new InProcessClient(api, 'kube-controller-manager');
    // The default `kubernetes` Service; as with kube-apiserver's controller, a failure (a user's Service on its address) is no start-up error.
    const apiServerAddress = /^\d+(\.\d+){3}$/.test(host) ? host : '127.0.0.1';
    const apiServerEndpoint = { clusterIP: kubernetesServiceIP(config.services.clusterIPRange), address: apiServerAddress, port };
    await bootstrapKubernetesService(registry, api.store, apiServerEndpoint).catch((error: unknown) => {
      logger.warn({ err: error }, 'the default kubernetes Service could not be made');
    });
    const csrSigner = runControllers
      ? await loadClusterCaSigner(dataDir).catch((error: unknown) => {
          logger.warn({ err: error }, 'the cluster CA key could not be loaded: node certificate requests will not be signed');
          return undefined;
        })
      : undefined;
    const plane = new ControlPlane(kernel, registry, url, kubeconfigPath, adminToken, pki.caCertPem, client, backend, watchCache, server);
    try {
      await kernel.start();
      const cluster = { server: url, caCertPem: pki.caCertPem, token: adminToken, dataDir };
      plane.nodePools = await startPreparedNodePools(pools, {
        client,
        logger: logger.child({ component: 'node-pools' }),
        cluster,
        contributions: (point) => kernel.contributionsTo(point),
      });
      if (runControllers) {
        const manager = builtinControllers({
          client,
          registry,
          logger: logger.child({ component: 'controller-manager' }),
          schedulingPlugins: kernel.contributionsTo(schedulingPlugins),
          nodeLifecycle: config.controllers.nodeLifecycle,
          // kube-controller-manager's --cluster-signing-cert-file/--cluster-signing-key-file: the cluster CA in DIR/pki.
          ...(csrSigner === undefined ? {} : { csrSigner }),
        });
        plane.controllers = manager;
        plane.provisioning = await registerProvisioning(manager, provisioningDeps(config, pools, plane.nodePools, { client, logger, cluster, kernel }));
        manager.start();
        await plane.provisioning.afterManagerStart();
      }
      plane.servicePlugins = await startServicePlugins({
        contributions: (point) => kernel.contributionsTo(point),
        pluginNames: kernel.plugins.map((p) => p.name),
        client,
        network: serviceNetwork,
        logger: logger.child({ component: 'services' }),
      });
    } catch (error) {
      await plane.stop();
      throw error;
    }
    return plane;
  }

  /** Stops plugins, ends every watch cleanly, closes the listener, then the store. */
  async stop(): Promise<void> {
    await this.servicePlugins?.stop();
    await this.provisioning?.stop();
    await this.controllers?.stop();
    await this.nodePools?.stop();
    await this.kernel.stop();
    this.watchCache.stop();
    await this.server.close();
    await this.backend.close();
  }
}

async function openBackend(kernel: Kernel, config: KubernelConfig, dataDir: string): Promise<StoreBackend> {
  const factories = kernel.contributionsTo(storeBackends);
  const factory = factories.find((f) => f.name === config.store.backend);
  if (factory === undefined) {
    throw new KernelError(
      'KERNEL_ERR_UNKNOWN_STORE_BACKEND',
      `store.backend: unknown store backend "${config.store.backend}"; available: ${factories.map((f) => f.name).join(', ')} (a plugin may add more)`,
    );
  }
  const backend = await factory.create(config.store.options, { dataDir });
  await backend.open();
  return backend;
}

