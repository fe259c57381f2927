import type { Logger } from 'pino';
import type { KubeObject } from '../api/types/meta.ts';
import type { ApiClient } from '../client/api-client.ts';
import { Resources } from '../client/resources.ts';
import { serviceKey, type ServiceCatalog, type ServiceInfo } from '../contracts/discovery.ts';
import { SharedInformer } from '../controllers/framework/shared-informer.ts';
import { sameServiceInfo } from './same-service-info.ts';
import { serviceInfoFrom } from './service-info.ts';
import { SERVICE_NAME_LABEL } from './slice-endpoints.ts';

export interface InformerServiceCatalogOptions {
  client: ApiClient;
  logger: Logger;
}

type ChangeListener = (key: string, service: ServiceInfo | undefined) => void;

const BY_SERVICE = 'service';

/** The key of the Service a slice belongs to, from its `kubernetes.io/service-name` label. */
function owningServiceKeys(slice: KubeObject): string[] {
  const name = slice.metadata.labels?.[SERVICE_NAME_LABEL];
  return name === undefined || name === '' ? [] : [serviceKey(slice.metadata.namespace ?? '', name)];
}

function keyOfService(service: KubeObject): string {
  return serviceKey(service.metadata.namespace ?? '', service.metadata.name ?? '');
}

/**
 * The ServiceCatalog the control plane hands to discovery and load-balancer
 * plugins: one watch of Services and one of EndpointSlices, joined by the
 * slices' service-name label. Every change marks its Service and the marks are
 * turned into ServiceInfos in the next microtask, so a readiness change reaches
 * the proxy as soon as the watch event does; a change nothing reads (a label,
 * a resourceVersion) notifies no one.
 */
export class InformerServiceCatalog implements ServiceCatalog {
  private readonly serviceInformer: SharedInformer;
  private readonly sliceInformer: SharedInformer;
  private readonly infos = new Map<string, ServiceInfo>();
  private readonly dirty = new Set<string>();
  private readonly listeners = new Set<ChangeListener>();
  private flushQueued = false;

  constructor(private readonly options: InformerServiceCatalogOptions) {
    this.serviceInformer = new SharedInformer(options.client, Resources.services, options.logger.child({ informer: 'services' }));
    this.sliceInformer = new SharedInformer(options.client, Resources.endpointSlices, options.logger.child({ informer: 'endpointslices' }));
    this.sliceInformer.addIndex(BY_SERVICE, owningServiceKeys);
    this.serviceInformer.addHandlers({
      onAdd: (service) => this.mark(keyOfService(service)),
      onUpdate: (_old, service) => this.mark(keyOfService(service)),
      onDelete: (service) => this.mark(keyOfService(service)),
    });
    const markOwners = (slice: KubeObject): void => {
      for (const key of owningServiceKeys(slice)) this.mark(key);
    };
    this.sliceInformer.addHandlers({
      onAdd: markOwners,
      // The label may have moved the slice to another Service: both change.
      onUpdate: (old, slice) => {
        markOwners(old);
        markOwners(slice);
      },
      onDelete: markOwners,
    });
  }

  start(): void {
    this.serviceInformer.start();
    this.sliceInformer.start();
  }

  stop(): void {
    this.serviceInformer.stop();
    this.sliceInformer.stop();
    this.listeners.clear();
  }

  async synced(): Promise<void> {
    await Promise.all([this.serviceInformer.waitForSync(), this.sliceInformer.waitForSync()]);
    this.flush();
  }

  services(): ServiceInfo[] {
    this.flush();
    return [...this.infos.values()];
  }

  get(namespace: string, name: string): ServiceInfo | undefined {
    this.flush();
    return this.infos.get(serviceKey(namespace, name));
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private mark(key: string): void {
    this.dirty.add(key);
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => this.flush());
  }

  /** Rebuilds the marked Services; also run by readers, so that they never see a change before listeners are told. */
  private flush(): void {
    this.flushQueued = false;
    // One key at a time, so that a listener reading the catalog sees every other pending change applied.
    for (const key of this.dirty) {
      this.dirty.delete(key);
      const previous = this.infos.get(key);
      const next = this.build(key);
      if (next === undefined) this.infos.delete(key);
      else this.infos.set(key, next);
      if (!sameServiceInfo(previous, next)) this.notify(key, next);
    }
  }

  private build(key: string): ServiceInfo | undefined {
    const service = this.serviceInformer.cache.get(key);
    if (service === undefined) return undefined;
    return serviceInfoFrom(service, this.sliceInformer.cache.byIndex(BY_SERVICE, key));
  }

  private notify(key: string, service: ServiceInfo | undefined): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(key, service);
      } catch (error) {
        this.options.logger.error({ err: error, service: key }, 'a service catalog listener failed');
      }
    }
  }
}
