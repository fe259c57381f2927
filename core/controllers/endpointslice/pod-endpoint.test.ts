import { describe, expect, it } from 'vitest';
import { addressTypesForService, endpointPorts, findPort, podToEndpoint, shouldPodBeInEndpoints } from './pod-endpoint.ts';
import { pod, service } from './test-fixtures.ts';

describe('podToEndpoint conditions', () => {
  it.each([
    { ready: true, deleting: false, publish: false, want: { ready: true, serving: true, terminating: false } },
    { ready: false, deleting: false, publish: false, want: { ready: false, serving: false, terminating: false } },
    { ready: true, deleting: true, publish: false, want: { ready: false, serving: true, terminating: true } },
    { ready: false, deleting: true, publish: false, want: { ready: false, serving: false, terminating: true } },
    { ready: false, deleting: false, publish: true, want: { ready: true, serving: false, terminating: false } },
    { ready: true, deleting: true, publish: true, want: { ready: true, serving: true, terminating: true } },
  ])('pod ready=$ready deleting=$deleting, publishNotReadyAddresses=$publish: $want', ({ ready, deleting, publish, want }) => {
    const endpoint = podToEndpoint(pod({ name: 'a', ip: '10.0.0.7', ready, deleting }), { zone: 'z1' }, service({ publishNotReadyAddresses: publish }), 'IPv4');
    expect(endpoint.conditions).toEqual(want);
  });

  it('names the pod, its node and zone, and its only address of the slice family', () => {
    const endpoint = podToEndpoint(pod({ name: 'a', ips: ['10.0.0.7', 'fd00::7'], node: 'n1' }), { zone: 'z1' }, service(), 'IPv4');
    expect(endpoint).toEqual({
      addresses: ['10.0.0.7'],
      conditions: { ready: true, serving: true, terminating: false },
      targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' },
      nodeName: 'n1',
      zone: 'z1',
    });
    expect(podToEndpoint(pod({ name: 'a', ips: ['10.0.0.7', 'fd00::7'] }), undefined, service(), 'IPv6').addresses).toEqual(['fd00::7']);
  });

  it.each([
    { hostname: 'db-0', subdomain: 'web', want: 'db-0' },
    { hostname: 'db-0', subdomain: 'other', want: undefined },
    { hostname: undefined, subdomain: 'web', want: undefined },
  ])('hostname $hostname with subdomain $subdomain gives hostname $want', ({ hostname, subdomain, want }) => {
    const shape = { name: 'a', ...(hostname === undefined ? {} : { hostname }), subdomain };
    expect(podToEndpoint(pod(shape), undefined, service({ name: 'web' }), 'IPv4').hostname).toBe(want);
  });
});

describe('shouldPodBeInEndpoints', () => {
  it.each([
    { what: 'a running pod with an IP', shape: {}, includeTerminating: false, want: true },
    { what: 'a pod without an IP', shape: { ip: null }, includeTerminating: true, want: false },
    { what: 'a Succeeded pod', shape: { phase: 'Succeeded' }, includeTerminating: true, want: false },
    { what: 'a Failed pod', shape: { phase: 'Failed' }, includeTerminating: true, want: false },
    { what: 'a terminating pod, terminating excluded', shape: { deleting: true }, includeTerminating: false, want: false },
    { what: 'a terminating pod, terminating included', shape: { deleting: true }, includeTerminating: true, want: true },
    { what: 'an unready pod', shape: { ready: false }, includeTerminating: false, want: true },
  ])('$what: $want', ({ shape, includeTerminating, want }) => {
    expect(shouldPodBeInEndpoints(pod({ name: 'a', ...shape }), includeTerminating)).toBe(want);
  });
});

describe('findPort', () => {
  const named = { name: 'web', port: 80, protocol: 'TCP', appProtocol: undefined };
  it.each([
    { what: 'a number', servicePort: { ...named, targetPort: 9000 }, ports: [], sidecar: undefined, want: 9000 },
    { what: 'a name the container has', servicePort: { ...named, targetPort: 'http' }, ports: [{ name: 'http', containerPort: 8080 }], sidecar: undefined, want: 8080 },
    { what: 'a name with another protocol', servicePort: { ...named, targetPort: 'dns' }, ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }], sidecar: undefined, want: undefined },
    { what: 'a name the pod lacks', servicePort: { ...named, targetPort: 'http' }, ports: [{ name: 'metrics', containerPort: 9090 }], sidecar: undefined, want: undefined },
    { what: 'a name of a sidecar', servicePort: { ...named, targetPort: 'proxy' }, ports: [], sidecar: [{ name: 'proxy', containerPort: 15001 }], want: 15001 },
  ])('targetPort as $what: $want', ({ servicePort, ports, sidecar, want }) => {
    expect(findPort(pod({ name: 'a', ports, ...(sidecar === undefined ? {} : { sidecarPorts: sidecar }) }), servicePort)).toBe(want);
  });

  it('resolves a named targetPort per pod and leaves out the ports a pod lacks', () => {
    const svc = service({ ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 'metrics', appProtocol: 'http' }] });
    expect(endpointPorts(svc, pod({ name: 'a', ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9100 }] }))).toEqual([
      { name: 'http', port: 8080, protocol: 'TCP' },
      { name: 'metrics', port: 9100, protocol: 'TCP', appProtocol: 'http' },
    ]);
    expect(endpointPorts(svc, pod({ name: 'b', ports: [{ name: 'http', containerPort: 3000 }] }))).toEqual([{ name: 'http', port: 3000, protocol: 'TCP' }]);
  });

  it('gives a headless Service without ports no ports', () => {
    expect(endpointPorts(service({ clusterIP: 'None', ports: [] }), pod({ name: 'a' }))).toEqual([]);
  });
});

describe('addressTypesForService', () => {
  it.each([
    { ipFamilies: ['IPv4'], clusterIP: '10.96.0.1', want: ['IPv4'] },
    { ipFamilies: ['IPv6', 'IPv4'], clusterIP: 'fd00::1', want: ['IPv6', 'IPv4'] },
    { ipFamilies: [], clusterIP: 'fd00::1', want: ['IPv6'] },
    { ipFamilies: [], clusterIP: 'None', want: ['IPv4', 'IPv6'] },
  ])('families $ipFamilies, cluster IP $clusterIP: $want', ({ ipFamilies, clusterIP, want }) => {
    expect(addressTypesForService(service({ ipFamilies, clusterIP }))).toEqual(want);
  });
});
