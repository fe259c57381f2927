import type { EndpointInfo, ServiceInfo } from '../../../core/index.ts';

export { FakeServiceCatalog as FakeCatalog } from '../../../test/support/fake-service-catalog.ts';

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
