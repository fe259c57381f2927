import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { defaultService } from './defaults.ts';

function service(spec: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'my-service', namespace: 'default' }, spec: structuredClone(spec), ...extra };
}

function defaulted(spec: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const obj = service(spec, extra);
  defaultService(obj);
  return obj;
}

describe('defaultService', () => {
  it('defaults the docs ClusterIP service as the API server shows it', () => {
    const obj = defaulted({ selector: { 'app.kubernetes.io/name': 'MyApp' }, ports: [{ port: 80, targetPort: 9376 }] });
    expect(obj['spec']).toEqual({
      selector: { 'app.kubernetes.io/name': 'MyApp' },
      ports: [{ port: 80, targetPort: 9376, protocol: 'TCP' }],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
  });

  it('makes targetPort the port when unset, zero or empty', () => {
    const obj = defaulted({ ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81, targetPort: 0 }, { name: 'c', port: 82, targetPort: '' }, { name: 'd', port: 83, targetPort: 'http' }] });
    expect(obj['spec']).toMatchObject({
      ports: [
        { name: 'a', port: 80, targetPort: 80 },
        { name: 'b', port: 81, targetPort: 81 },
        { name: 'c', port: 82, targetPort: 82 },
        { name: 'd', port: 83, targetPort: 'http' },
      ],
    });
  });

  it.each([
    ['NodePort', {}],
    ['LoadBalancer', { allocateLoadBalancerNodePorts: true }],
  ])('gives a %s service the Cluster external traffic policy', (type, more) => {
    const obj = defaulted({ type, ports: [{ port: 80 }] });
    expect(obj['spec']).toMatchObject({ type, externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', ...more });
  });

  it('gives a ClusterIP service with external IPs an external traffic policy', () => {
    const obj = defaulted({ ports: [{ port: 80 }], externalIPs: ['198.51.100.32'] });
    expect(obj['spec']).toMatchObject({ externalTrafficPolicy: 'Cluster' });
  });

  it('leaves traffic policies and families off an ExternalName service', () => {
    const obj = defaulted({ type: 'ExternalName', externalName: 'my.database.example.com' });
    expect(obj['spec']).toEqual({ type: 'ExternalName', externalName: 'my.database.example.com', sessionAffinity: 'None' });
  });

  it('fills the ClientIP timeout and drops config for None', () => {
    expect(defaulted({ sessionAffinity: 'ClientIP' })['spec']).toMatchObject({ sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } });
    expect(defaulted({ sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } } })['spec']).not.toHaveProperty('sessionAffinityConfig');
  });

  it('copies clusterIP into clusterIPs and derives the family from it', () => {
    const obj = defaulted({ clusterIP: 'fd00:10:96::a', ports: [{ port: 80 }] });
    expect(obj['spec']).toMatchObject({ clusterIPs: ['fd00:10:96::a'], ipFamilies: ['IPv6'], ipFamilyPolicy: 'SingleStack' });
  });

  it('makes a selectorless headless service dual-stack', () => {
    const obj = defaulted({ clusterIP: 'None' });
    expect(obj['spec']).toMatchObject({ clusterIPs: ['None'], ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6'] });
  });

  it('keeps a headless service with a selector single-stack', () => {
    const obj = defaulted({ clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ name: 'web', port: 80 }] });
    expect(obj['spec']).toMatchObject({ ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'] });
  });

  it('marks load-balancer ingress IPs as VIPs', () => {
    const obj = defaulted({ type: 'LoadBalancer', ports: [{ port: 80 }] }, { status: { loadBalancer: { ingress: [{ ip: '192.0.2.127' }, { hostname: 'lb.example.com' }] } } });
    expect(obj['status']).toEqual({ loadBalancer: { ingress: [{ ip: '192.0.2.127', ipMode: 'VIP' }, { hostname: 'lb.example.com' }] } });
  });

  it('keeps explicit values', () => {
    const spec = {
      type: 'LoadBalancer',
      ports: [{ port: 443, protocol: 'UDP', targetPort: 8443 }],
      externalTrafficPolicy: 'Local',
      internalTrafficPolicy: 'Local',
      allocateLoadBalancerNodePorts: false,
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } },
      ipFamilyPolicy: 'PreferDualStack',
      ipFamilies: ['IPv4'],
    };
    expect(defaulted(spec)['spec']).toEqual(spec);
  });
});
