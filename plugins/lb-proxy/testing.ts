import type { EndpointInfo, ServiceCatalog, ServiceInfo, ServicePortInfo } from '../../core/index.ts';
import { serviceKey } from '../../core/index.ts';

/**
 * A ServiceCatalog whose Services a test (or the `lb` benchmark) sets by
 * hand; every change is announced at once, as the core's catalog does when
 * a Service or EndpointSlice event arrives.
 */
export class FakeServiceCatalog implements ServiceCatalog {
  private readonly byKey = new Map<string, ServiceInfo>();
  private readonly listeners = new Set<(key: string, service: ServiceInfo | undefined) => void>();

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
    return Promise.resolve();
  }

  set(service: ServiceInfo): void {
    const key = serviceKey(service.namespace, service.name);
    this.byKey.set(key, service);
    for (const listener of this.listeners) listener(key, service);
  }

  delete(namespace: string, name: string): void {
    const key = serviceKey(namespace, name);
    this.byKey.delete(key);
    for (const listener of this.listeners) listener(key, undefined);
  }
}

export function serviceInfo(fields: Partial<ServiceInfo> & Pick<ServiceInfo, 'name' | 'clusterIP' | 'ports'>): ServiceInfo {
  return {
    namespace: 'default',
    type: 'ClusterIP',
    sessionAffinity: 'None',
    sessionAffinityTimeoutSeconds: 10800,
    publishNotReadyAddresses: false,
    externalName: undefined,
    endpoints: [],
    ...fields,
  };
}

export function tcpPort(port: number, fields: Partial<ServicePortInfo> = {}): ServicePortInfo {
  return { name: '', port, protocol: 'TCP', nodePort: 0, ...fields };
}

/** A ready endpoint serving the Service port named `portName` ('' for the only one) on `port`. */
export function endpointInfo(ip: string, port: number, fields: Partial<EndpointInfo> & { portName?: string } = {}): EndpointInfo {
  const { portName, ...rest } = fields;
  return {
    ip,
    ports: new Map([[portName ?? '', port]]),
    ready: true,
    serving: true,
    terminating: false,
    nodeName: undefined,
    podName: undefined,
    hostname: undefined,
    ...rest,
  };
}
