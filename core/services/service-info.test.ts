import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types/meta.ts';
import type { ServiceInfo } from '../contracts/discovery.ts';
import { serviceInfoFrom } from './service-info.ts';

function service(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'prod' }, spec };
}

const base: Omit<ServiceInfo, 'endpoints'> = {
  namespace: 'prod',
  name: 'web',
  type: 'ClusterIP',
  clusterIP: '',
  ports: [],
  sessionAffinity: 'None',
  sessionAffinityTimeoutSeconds: 10_800,
  publishNotReadyAddresses: false,
  externalName: undefined,
};

describe('serviceInfoFrom: the Service part', () => {
  it.each<[string, Record<string, unknown>, Partial<ServiceInfo>]>([
    ['an empty spec gets Kubernetes defaults', {}, {}],
    [
      'ClusterIP with named ports, protocol defaulting to TCP',
      { type: 'ClusterIP', clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'dns', port: 53, protocol: 'UDP' }] },
      {
        clusterIP: '10.96.0.20',
        ports: [
          { name: 'http', port: 80, protocol: 'TCP', nodePort: 0 },
          { name: 'dns', port: 53, protocol: 'UDP', nodePort: 0 },
        ],
      },
    ],
    [
      'NodePort keeps nodePort; an unnamed port has name ""',
      { type: 'NodePort', clusterIP: '10.96.0.21', ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] },
      { type: 'NodePort', clusterIP: '10.96.0.21', ports: [{ name: '', port: 80, protocol: 'TCP', nodePort: 30080 }] },
    ],
    ['headless', { clusterIP: 'None', publishNotReadyAddresses: true }, { clusterIP: 'None', publishNotReadyAddresses: true }],
    ['ClientIP affinity without a config: 10800 s', { sessionAffinity: 'ClientIP' }, { sessionAffinity: 'ClientIP' }],
    [
      'ClientIP affinity with a timeout',
      { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } },
      { sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 60 },
    ],
    ['ExternalName', { type: 'ExternalName', externalName: 'db.example.com' }, { type: 'ExternalName', externalName: 'db.example.com' }],
    ['externalName is ignored on other types', { type: 'ClusterIP', externalName: 'db.example.com' }, {}],
    ['unknown type and affinity fall back', { type: 'Weird', sessionAffinity: 'Cookie', ports: 'nope' }, {}],
  ])('%s', (_name, spec, expected) => {
    expect(serviceInfoFrom(service(spec), [])).toEqual({ ...base, ...expected, endpoints: [] });
  });
});

describe('serviceInfoFrom: endpoints', () => {
  it.each([
    ['slices of the Service are merged', ['10.0.0.1', '10.0.0.2']],
    ['no slices, no endpoints', []],
  ])('%s', (_name, ips) => {
    const slices: KubeObject[] = ips.map((ip, i) => ({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: `web-${i}`, namespace: 'prod', labels: { 'kubernetes.io/service-name': 'web' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: [ip], conditions: { ready: true } }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    }));
    const info = serviceInfoFrom(service({ clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }), slices);
    expect(info.endpoints.map((e) => [e.ip, e.ports.get('http')])).toEqual(ips.map((ip) => [ip, 8080]));
  });
});
