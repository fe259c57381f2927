import { serviceKey, type EndpointInfo, type ServiceCatalog, type ServiceInfo } from '../../../core/index.ts';

/** A ServiceCatalog test double: Services set by the test, change listeners called at once. */
export class FakeCatalog implements ServiceCatalog {
  private readonly byKey = new Map<string, ServiceInfo>();
  private readonly listeners = new Set<(key: string, service: ServiceInfo | undefined) => void>();
  private markSynced: () => void = () => {};
  private readonly syncedPromise: Promise<void>;

  constructor(options: { synced?: boolean } = {}) {
    this.syncedPromise = new Promise((resolve) => (this.markSynced = resolve));
    if (options.synced !== false) this.markSynced();
  }

  finishSync(): void {
    this.markSynced();
  }

  set(...services: ServiceInfo[]): void {
    for (const service of services) {
      const key = serviceKey(service.namespace, service.name);
      this.byKey.set(key, service);
      for (const listener of this.listeners) listener(key, service);
    }
  }

  delete(namespace: string, name: string): void {
    const key = serviceKey(namespace, name);
    this.byKey.delete(key);
    for (const listener of this.listeners) listener(key, undefined);
  }

  services(): ServiceInfo[] {
    return [...this.byKey.values()];
  }

  get(namespace: string, name: string): ServiceInfo | undefined {
    return this.byKey.get(serviceKey(namespace, name));
  }

  onChange(listener: (key: string, service: ServiceInfo | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  synced(): Promise<void> {
    return this.syncedPromise;
  }
}

/** A ClusterIP Service in `default` unless told otherwise. */
export function serviceInfo(fields: Partial<ServiceInfo> & { name: string }): ServiceInfo {
  return {
    namespace: 'default',
    type: 'ClusterIP',
    clusterIP: '',
    ports: [],
    sessionAffinity: 'None',
    sessionAffinityTimeoutSeconds: 10_800,
    publishNotReadyAddresses: false,
    externalName: undefined,
    endpoints: [],
    ...fields,
  };
}

/** A ready endpoint; `ports` by Service port name. */
export function endpointInfo(ip: string, fields: Partial<Omit<EndpointInfo, 'ports'>> & { ports?: Record<string, number> } = {}): EndpointInfo {
  const { ports, ...rest } = fields;
  return {
    ip,
    ports: new Map(Object.entries(ports ?? {})),
    ready: true,
    serving: true,
    terminating: false,
    nodeName: undefined,
    podName: undefined,
    hostname: undefined,
    ...rest,
  };
}
