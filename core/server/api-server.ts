import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ResourceRegistry } from '../api/registry.ts';
import type { ObjectStore } from '../store/object-store.ts';
import type { WatchCache } from '../store/watch-cache.ts';
import { WritePipeline } from './admission/pipeline.ts';
import { BootstrapTokenAuthenticator } from '../auth/bootstrap-token-authenticator.ts';
import { storeSecretLookup } from '../auth/store-secret-lookup.ts';
import { registerAuthentication } from './auth.ts';
import { registerCertificateSigningRoutes } from './certificates/register.ts';
import { registerBodyParsers } from './body.ts';
import { registerErrorHandler } from './error-handler.ts';
import type { ApiContext } from './handlers/context.ts';
import type { DefaultTolerationSeconds } from './admission/default-tolerations.ts';
import { ServiceAllocations, type ServiceRangesConfig } from './admission/service-allocations.ts';
import { withServiceAllocation } from './admission/service-storage.ts';
import { registerPodProxyRoutes } from './handlers/pod-proxy-routes.ts';
import { registerDiscoveryRoutes } from './routes/discovery.ts';
import { registerOpenApiRoutes } from './routes/openapi.ts';
import { registerResourceRoutes } from './routes/resources.ts';
import { registerSystemRoutes } from './routes/system.ts';

export interface ApiServerOptions {
  registry: ResourceRegistry;
  store: ObjectStore;
  watchCache: WatchCache;
  /**
   * PEM serving certificate and key; plain HTTP without them (in-process tests only).
   * `clientCa`: client certificates it signed authenticate their CN (kube-apiserver's --client-ca-file).
   */
  tls?: { cert: string; key: string; clientCa?: string };
  /** bearer tokens accepted, read per request so they can rotate */
  tokens: () => readonly string[];
  maxBodyBytes: number;
  logger: Logger;
  kubernelVersion: string;
  bookmarkIntervalMs?: number;
  now?: () => Date;
  /** a garbage collector acts on deletion finalizers; off until one runs (see ApiContext) */
  garbageCollection?: boolean;
}

/** What the handlers share; the in-process client uses the same one as the HTTP routes. */
export function createApiContext(
  options: Pick<ApiServerOptions, 'registry' | 'store' | 'watchCache' | 'now' | 'bookmarkIntervalMs' | 'garbageCollection'> & {
    /** DefaultTolerationSeconds admission: kube-apiserver's --default-not-ready/unreachable-toleration-seconds */
    defaultTolerationSeconds?: DefaultTolerationSeconds;
    /** where Services' ClusterIPs and node ports come from (kubernel.yaml `services`); Kubernetes' defaults without it */
    services?: ServiceRangesConfig;
  },
): ApiContext {
  // Service writes allocate ClusterIPs and node ports below admission, as Kubernetes' service REST storage does.
  const store = withServiceAllocation(options.store, new ServiceAllocations(options.services));
  return {
    registry: options.registry,
    store,
    watchCache: options.watchCache,
    pipeline: new WritePipeline(options.registry, store, options.defaultTolerationSeconds),
    now: options.now ?? (() => new Date()),
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
    garbageCollection: options.garbageCollection ?? false,
  };
}

/** The Kubernetes-compatible API server as a fastify app; `listen` is the caller's. */
export function buildApiServer(options: ApiServerOptions & { api?: ApiContext }): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger,
    // Request logs would be one line per request: far too loud for an API server under load.
    logController: new LogController({ disableRequestLogging: true }),
    // No pino child per request: making one cost about 1.5% of a GET's server time, for logs that
    // are off (above); the two error lines name their request themselves (see requestBindings).
    childLoggerFactory: (logger) => logger,
    bodyLimit: options.maxBodyBytes,
    // Clients hold watches open for minutes; keep-alive connections are reused by kubectl and informers.
    keepAliveTimeout: 75_000,
    requestTimeout: 0,
    forceCloseConnections: true,
    ...(options.tls === undefined ? {} : { https: httpsOptions(options.tls) }),
  }) as unknown as FastifyInstance;
  const api = options.api ?? createApiContext(options);
  registerErrorHandler(app, options.maxBodyBytes);
  registerBodyParsers(app);
  registerAuthentication(app, {
    tokens: options.tokens,
    bootstrap: new BootstrapTokenAuthenticator({
      lookup: storeSecretLookup(options.registry, options.store),
      onRejected: (secret, reason) => options.logger.debug({ secret }, `bootstrap token refused: the secret ${reason}`),
    }),
  });
  registerSystemRoutes(app, options.kubernelVersion, () => true);
  registerDiscoveryRoutes(app, options.registry, () => {
    const address = app.server.address();
    return typeof address === 'object' && address !== null ? `${address.address}:${address.port}` : '';
  });
  registerOpenApiRoutes(app, options.registry);
  registerCertificateSigningRoutes(app, api);
  registerResourceRoutes(app, api);
  registerPodProxyRoutes(app, api, options.tokens);
  return app;
}

/** A client certificate is asked for, never required: kubectl with a token must still connect. */
function httpsOptions(tls: NonNullable<ApiServerOptions['tls']>): { cert: string; key: string; ca?: string; requestCert?: boolean; rejectUnauthorized?: boolean } {
  if (tls.clientCa === undefined) return { cert: tls.cert, key: tls.key };
  return { cert: tls.cert, key: tls.key, ca: tls.clientCa, requestCert: true, rejectUnauthorized: false };
}
