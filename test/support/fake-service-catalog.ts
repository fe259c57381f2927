import { serviceKey, type ServiceCatalog, type ServiceInfo } from '../../core/index.ts';

/**
 * A ServiceCatalog test double for the service plugins' tests and the `lb`
 * benchmark: Services set by hand, every change announced at once as the
 * core's catalog announces a Service or EndpointSlice event.
 */
export class FakeServiceCatalog implements ServiceCatalog {
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
