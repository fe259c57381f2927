import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import { ServiceAllocations } from './service-allocations.ts';

const ranges = { clusterIPRange: '10.96.0.0/24', nodePortRange: '30000-30009' };

function service(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: structuredClone(spec) };
}

function spec(svc: KubeObject): Record<string, unknown> {
  const value = svc['spec'];
  if (!isRecord(value)) throw new Error('no spec');
  return value;
}

function apiError(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

const port80 = [{ port: 80, protocol: 'TCP', targetPort: 8080 }];

describe('ServiceAllocations on create', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['a ClusterIP Service', { type: 'ClusterIP', ports: port80 }, { clusterIP: '10.96.0.2', clusterIPs: ['10.96.0.2'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' }],
    ['a ClusterIP Service with clusterIP ""', { type: 'ClusterIP', clusterIP: '', ports: port80 }, { clusterIP: '10.96.0.2' }],
    ['a Service asking for an address', { type: 'ClusterIP', clusterIP: '10.96.0.77', clusterIPs: ['10.96.0.77'], ports: port80 }, { clusterIPs: ['10.96.0.77'] }],
    ['the DNS Service asking for the 10th address', { type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: port80 }, { clusterIP: '10.96.0.10' }],
    ['a NodePort Service', { type: 'NodePort', ports: port80 }, { clusterIP: '10.96.0.2', ports: [{ ...port80[0], nodePort: 30000 }] }],
    ['a LoadBalancer Service', { type: 'LoadBalancer', allocateLoadBalancerNodePorts: true, ports: port80 }, { clusterIP: '10.96.0.2', ports: [{ ...port80[0], nodePort: 30000 }] }],
    ['a LoadBalancer without node ports', { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: port80 }, { clusterIP: '10.96.0.2', ports: port80 }],
    ['a NodePort asking for its port', { type: 'NodePort', ports: [{ ...port80[0], nodePort: 30005 }] }, { ports: [{ ...port80[0], nodePort: 30005 }] }],
    [
      'TCP and UDP of one port, sharing a node port',
      { type: 'NodePort', ports: [{ name: 'a', port: 53, protocol: 'TCP' }, { name: 'b', port: 53, protocol: 'UDP' }] },
      { ports: [{ name: 'a', port: 53, protocol: 'TCP', nodePort: 30000 }, { name: 'b', port: 53, protocol: 'UDP', nodePort: 30000 }] },
    ],
    [
      'a Local LoadBalancer, with its health-check port',
      { type: 'LoadBalancer', allocateLoadBalancerNodePorts: true, externalTrafficPolicy: 'Local', ports: port80 },
      { ports: [{ ...port80[0], nodePort: 30000 }], healthCheckNodePort: 30001 },
    ],
    ['a headless Service', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], ports: port80 }, { clusterIP: 'None', clusterIPs: ['None'] }],
  ])('%s', (_, input, expected) => {
    const svc = service('web', input);
    new ServiceAllocations(ranges).allocateCreate(svc).commit();
    expect(spec(svc)).toMatchObject(expected);
  });

  it('gives an ExternalName Service nothing', () => {
    const allocations = new ServiceAllocations(ranges);
    const svc = service('db', { type: 'ExternalName', externalName: 'db.example.com' });
    allocations.allocateCreate(svc).commit();
    expect(spec(svc)).toEqual({ type: 'ExternalName', externalName: 'db.example.com' });
    expect([allocations.clusterIPs.used, allocations.nodePorts.used]).toEqual([0, 0]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'an address outside the range',
      { type: 'ClusterIP', clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1'], ports: port80 },
      'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.1"}: failed to allocate IP 10.0.0.1: the provided IP (10.0.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/24',
    ],
    [
      'a taken address',
      { type: 'ClusterIP', clusterIP: '10.96.0.5', clusterIPs: ['10.96.0.5'], ports: port80 },
      'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.5"}: failed to allocate IP 10.96.0.5: provided IP is already allocated',
    ],
    [
      'a node port outside the range',
      { type: 'NodePort', ports: [{ ...port80[0], nodePort: 80 }] },
      'Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-30009',
    ],
    [
      'a taken node port',
      { type: 'NodePort', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81, nodePort: 30003 }] },
      'Service "web" is invalid: spec.ports[1].nodePort: Invalid value: 30003: provided port is already allocated',
    ],
  ])('refuses %s with Kubernetes\' 422, allocating nothing', (_, input, message) => {
    const allocations = new ServiceAllocations(ranges);
    allocations.allocateCreate(service('other', { type: 'NodePort', clusterIP: '10.96.0.5', clusterIPs: ['10.96.0.5'], ports: [{ port: 1, nodePort: 30003 }] })).commit();
    const error = apiError(() => allocations.allocateCreate(service('web', input)));
    expect([error.code, error.message]).toEqual(['Invalid', message]);
    // what the refused Service got before the refusal went back
    expect([allocations.clusterIPs.used, allocations.nodePorts.used]).toEqual([1, 1]);
  });

  it('answers a full range as an internal error, like Kubernetes', () => {
    const allocations = new ServiceAllocations({ clusterIPRange: '10.96.0.0/28', nodePortRange: '30000-30000' });
    for (let i = 0; i < 12; i++) allocations.allocateCreate(service(`s${i}`, { type: 'ClusterIP', ports: port80 })).commit();
    const full = apiError(() => allocations.allocateCreate(service('web', { type: 'ClusterIP', ports: port80 })));
    expect([full.code, full.message]).toEqual(['InternalError', 'Internal error occurred: failed to allocate a serviceIP: range is full']);
    const svc = service('np', { type: 'NodePort', clusterIP: '10.96.0.1', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81 }] });
    const noPort = apiError(() => allocations.allocateCreate(svc));
    expect(noPort.message).toBe('Internal error occurred: failed to allocate a nodePort: range is full');
    expect([allocations.clusterIPs.has('10.96.0.1'), allocations.nodePorts.used]).toEqual([false, 0]);
  });

  it('gives everything back on revert', () => {
    const allocations = new ServiceAllocations(ranges);
    const txn = allocations.allocateCreate(service('web', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: port80 }));
    expect([allocations.clusterIPs.used, allocations.nodePorts.used]).toEqual([1, 2]);
    txn.revert();
    expect([allocations.clusterIPs.used, allocations.nodePorts.used]).toEqual([0, 0]);
  });
});

describe('ServiceAllocations on update', () => {
  function stored(allocations: ServiceAllocations, input: Record<string, unknown>): KubeObject {
    const svc = service('web', input);
    allocations.allocateCreate(svc).commit();
    return svc;
  }

  it('releases the node ports of a NodePort turned ClusterIP only once it is written', () => {
    const allocations = new ServiceAllocations(ranges);
    const old = stored(allocations, { type: 'NodePort', ports: port80 });
    const next = service('web', { ...spec(old), type: 'ClusterIP', ports: port80 });
    const txn = allocations.allocateUpdate(next, old);
    expect(allocations.nodePorts.has(30000)).toBe(true);
    txn.commit();
    expect(allocations.nodePorts.has(30000)).toBe(false);
    expect(allocations.clusterIPs.has('10.96.0.2')).toBe(true);
  });

  it('keeps the node ports of a failed update', () => {
    const allocations = new ServiceAllocations(ranges);
    const old = stored(allocations, { type: 'NodePort', ports: port80 });
    allocations.allocateUpdate(service('web', { ...spec(old), type: 'ClusterIP', ports: port80 }), old).revert();
    expect(allocations.nodePorts.has(30000)).toBe(true);
  });

  it('allocates node ports for a ClusterIP turned NodePort, and takes them back on revert', () => {
    const allocations = new ServiceAllocations(ranges);
    const old = stored(allocations, { type: 'ClusterIP', ports: port80 });
    const next = service('web', { ...spec(old), type: 'NodePort', ports: [...port80, { name: 'b', port: 81, nodePort: 30007 }] });
    const txn = allocations.allocateUpdate(next, old);
    expect(spec(next)['ports']).toMatchObject([{ nodePort: 30000 }, { nodePort: 30007 }]);
    txn.revert();
    expect(allocations.nodePorts.used).toBe(0);
  });

  it('keeps a node port the Service already holds and releases one it dropped', () => {
    const allocations = new ServiceAllocations(ranges);
    const old = stored(allocations, { type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30001 }, { name: 'b', port: 81, nodePort: 30002 }] });
    const next = service('web', { ...spec(old), ports: [{ name: 'a', port: 80, nodePort: 30001 }, { name: 'c', port: 82, nodePort: 30005 }] });
    allocations.allocateUpdate(next, old).commit();
    expect([30001, 30002, 30005].map((p) => allocations.nodePorts.has(p))).toEqual([true, false, true]);
  });

  it('releases the address of a Service turned ExternalName, and allocates one when it turns back', () => {
    const allocations = new ServiceAllocations(ranges);
    const old = stored(allocations, { type: 'ClusterIP', ports: port80 });
    const external = service('web', { type: 'ExternalName', externalName: 'example.com', ports: port80 });
    allocations.allocateUpdate(external, old).commit();
    expect(allocations.clusterIPs.used).toBe(0);
    const back = service('web', { type: 'ClusterIP', ports: port80 });
    allocations.allocateUpdate(back, external).commit();
    expect(spec(back)['clusterIP']).toBe('10.96.0.2');
  });

  it('releases the health-check port of a LoadBalancer going from Local to Cluster', () => {
    const allocations = new ServiceAllocations(ranges);
    const old = stored(allocations, { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: port80 });
    expect(spec(old)['healthCheckNodePort']).toBe(30001);
    const next = service('web', { ...spec(old), externalTrafficPolicy: 'Cluster' });
    delete spec(next)['healthCheckNodePort'];
    allocations.allocateUpdate(next, old).commit();
    expect(allocations.nodePorts.has(30001)).toBe(false);
  });
});

describe('ServiceAllocations.claim and release', () => {
  it('marks what stored Services hold, so new ones get other values', () => {
    const allocations = new ServiceAllocations(ranges);
    allocations.claim(service('a', { type: 'NodePort', clusterIP: '10.96.0.2', clusterIPs: ['10.96.0.2'], ports: [{ port: 80, nodePort: 30000 }] }));
    allocations.claim(service('b', { type: 'ClusterIP', clusterIP: '10.0.0.9', clusterIPs: ['10.0.0.9'], ports: port80 }));
    allocations.claim(service('c', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] }));
    const svc = service('d', { type: 'NodePort', ports: port80 });
    allocations.allocateCreate(svc).commit();
    expect(spec(svc)).toMatchObject({ clusterIP: '10.96.0.3', ports: [{ nodePort: 30001 }] });
  });

  it('frees a deleted Service\'s address and ports', () => {
    const allocations = new ServiceAllocations(ranges);
    const svc = service('a', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: port80 });
    allocations.allocateCreate(svc).commit();
    allocations.release(svc);
    expect([allocations.clusterIPs.used, allocations.nodePorts.used]).toEqual([0, 0]);
  });
});
