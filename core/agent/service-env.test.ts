import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types/meta.ts';
import { serviceEnvForPod, serviceEnvVars } from './service-env.ts';

function service(namespace: string, name: string, clusterIP: string, ports: Record<string, unknown>[]): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace, name }, spec: { clusterIP, ports } };
}

const pod = (namespace: string, enableServiceLinks?: boolean): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace, name: 'p' },
  spec: enableServiceLinks === undefined ? {} : { enableServiceLinks },
});

describe('Service environment variables', () => {
  it('follows kubelet for a Service with a named and an unnamed port', () => {
    const env = serviceEnvVars(service('default', 'web-front', '10.96.0.7', [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }]));
    expect(env).toEqual([
      { name: 'WEB_FRONT_SERVICE_HOST', value: '10.96.0.7' },
      { name: 'WEB_FRONT_SERVICE_PORT', value: '80' },
      { name: 'WEB_FRONT_SERVICE_PORT_HTTP', value: '80' },
      { name: 'WEB_FRONT_SERVICE_PORT_DNS', value: '53' },
      { name: 'WEB_FRONT_PORT', value: 'tcp://10.96.0.7:80' },
      { name: 'WEB_FRONT_PORT_80_TCP', value: 'tcp://10.96.0.7:80' },
      { name: 'WEB_FRONT_PORT_80_TCP_PROTO', value: 'tcp' },
      { name: 'WEB_FRONT_PORT_80_TCP_PORT', value: '80' },
      { name: 'WEB_FRONT_PORT_80_TCP_ADDR', value: '10.96.0.7' },
      { name: 'WEB_FRONT_PORT_53_UDP', value: 'udp://10.96.0.7:53' },
      { name: 'WEB_FRONT_PORT_53_UDP_PROTO', value: 'udp' },
      { name: 'WEB_FRONT_PORT_53_UDP_PORT', value: '53' },
      { name: 'WEB_FRONT_PORT_53_UDP_ADDR', value: '10.96.0.7' },
    ]);
  });

  it.each([
    { what: 'headless', ip: 'None' },
    { what: 'not allocated', ip: '' },
  ])('gives nothing for a $what Service', ({ ip }) => {
    expect(serviceEnvVars(service('default', 'x', ip, [{ port: 80 }]))).toEqual([]);
  });

  it.each([
    { what: 'its namespace and the kubernetes Service', links: undefined, names: ['KUBERNETES_SERVICE_HOST', 'WEB_SERVICE_HOST'] },
    { what: 'only the kubernetes Service with enableServiceLinks false', links: false, names: ['KUBERNETES_SERVICE_HOST'] },
  ])('a pod sees $what', ({ links, names }) => {
    const services = [service('default', 'kubernetes', '10.96.0.1', [{ name: 'https', port: 443 }]), service('prod', 'web', '10.96.0.9', [{ port: 80 }]), service('other', 'db', '10.96.0.8', [{ port: 5432 }])];
    const hosts = serviceEnvForPod(pod('prod', links), services).filter((v) => v.name.endsWith('_SERVICE_HOST')).map((v) => v.name);
    expect(hosts).toEqual(names);
  });
});
