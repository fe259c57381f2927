/** Builders of the ServiceCatalog's values for the load-balancer plugins' tests and the lb benchmark. */
import type { EndpointInfo, ServiceInfo, ServicePortInfo } from '../../core/index.ts';

export { FakeServiceCatalog } from './fake-service-catalog.ts';

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
