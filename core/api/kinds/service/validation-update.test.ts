import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { summary } from '../support/test-helpers.ts';
import { defaultService } from './defaults.ts';
import { prepareServiceForUpdate } from './prepare-update.ts';
import { validateServiceUpdate } from './validation.ts';

const meta = { name: 'my-service', namespace: 'default', resourceVersion: '42', uid: 'u' };

function service(spec: Record<string, unknown>): KubeObject {
  const obj: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { ...meta }, spec: structuredClone(spec) };
  defaultService(obj);
  return obj;
}

/** The stored form of the docs ClusterIP service once an IP was allocated. */
const allocated = {
  selector: { 'app.kubernetes.io/name': 'MyApp' },
  ports: [{ protocol: 'TCP', port: 80, targetPort: 9376 }],
  clusterIP: '10.96.0.11',
  clusterIPs: ['10.96.0.11'],
};
const nodePort = { ...allocated, type: 'NodePort', ports: [{ name: 'http', protocol: 'TCP', port: 80, nodePort: 30007 }] };
const localLB = { ...allocated, type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 32001, loadBalancerClass: 'example.com/a', ports: [{ port: 80, nodePort: 30080 }] };

describe('validateServiceUpdate', () => {
  it('accepts new ports and selector', () => {
    const next = service({ ...allocated, selector: { app: 'v2' }, ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] });
    expect(validateServiceUpdate(next, service(allocated))).toEqual([]);
  });

  it('refuses a new cluster IP', () => {
    const errs = validateServiceUpdate(service({ ...allocated, clusterIP: '10.96.0.12', clusterIPs: ['10.96.0.12'] }), service(allocated));
    expect(summary(errs)).toEqual([['FieldValueInvalid', 'spec.clusterIPs[0]']]);
    expect(errs[0]?.message).toBe('Invalid value: []string{"10.96.0.12"}: may not change once set');
  });

  it('refuses clearing the cluster IP', () => {
    const { clusterIP: _ip, clusterIPs: _ips, ...cleared } = allocated;
    expect(summary(validateServiceUpdate(service(cleared), service(allocated)))).toEqual([['FieldValueInvalid', 'spec.clusterIPs[0]']]);
  });

  it('allows turning into an ExternalName service', () => {
    const next = service({ type: 'ExternalName', externalName: 'my.database.example.com' });
    expect(validateServiceUpdate(next, service(allocated))).toEqual([]);
  });

  it('allows an ExternalName service to get a cluster IP', () => {
    const stored = service({ type: 'ExternalName', externalName: 'my.database.example.com' });
    expect(validateServiceUpdate(service(allocated), stored)).toEqual([]);
  });

  it('refuses a new load-balancer class', () => {
    const next = service({ ...localLB, loadBalancerClass: 'example.com/b' });
    expect(summary(validateServiceUpdate(next, service(localLB)))).toEqual([['FieldValueInvalid', 'spec.loadBalancerClass']]);
  });

  it('refuses a new health-check node port', () => {
    const next = service({ ...localLB, healthCheckNodePort: 32002 });
    expect(summary(validateServiceUpdate(next, service(localLB)))).toEqual([['FieldValueForbidden', 'spec.healthCheckNodePort']]);
  });

  it('spares node ports already held when the range has moved', () => {
    const opts = { nodePortRange: { min: 31000, max: 31999 } };
    expect(validateServiceUpdate(service(nodePort), service(nodePort), opts)).toEqual([]);
    const next = service({ ...nodePort, ports: [...nodePort.ports, { name: 'https', port: 443, nodePort: 30443 }] });
    expect(summary(validateServiceUpdate(next, service(nodePort), opts))).toEqual([['FieldValueInvalid', 'spec.ports[1].nodePort']]);
  });

  it('still applies the create rules', () => {
    const next = service({ ...allocated, sessionAffinity: 'Sticky' });
    expect(summary(validateServiceUpdate(next, service(allocated)))).toEqual([['FieldValueNotSupported', 'spec.sessionAffinity']]);
  });
});

describe('prepareServiceForUpdate then validateServiceUpdate', () => {
  function prepared(next: KubeObject, stored: KubeObject): KubeObject {
    prepareServiceForUpdate(next, stored);
    return next;
  }

  it('lets a replace without allocated values keep them', () => {
    const stored = service(nodePort);
    const next = service({ selector: nodePort.selector, type: 'NodePort', ports: [{ name: 'http', protocol: 'TCP', port: 80 }] });
    const result = prepared(next, stored);
    expect(result['spec']).toMatchObject({ clusterIP: '10.96.0.11', clusterIPs: ['10.96.0.11'], ports: [{ name: 'http', nodePort: 30007 }] });
    expect(validateServiceUpdate(result, stored)).toEqual([]);
  });

  it('drops the cluster IP when a client only changes the type to ExternalName', () => {
    const stored = service(allocated);
    const next = service({ ...allocated, type: 'ExternalName', externalName: 'db.example.com' });
    const result = prepared(next, stored);
    expect(result['spec']).toMatchObject({ clusterIP: '' });
    expect(result['spec']).not.toHaveProperty('clusterIPs');
    expect(result['spec']).not.toHaveProperty('ipFamilies');
    expect(validateServiceUpdate(result, stored)).toEqual([]);
  });

  it('drops node ports and the external policy when going back to ClusterIP', () => {
    const stored = service(nodePort);
    const next = service({ ...nodePort, type: 'ClusterIP', externalTrafficPolicy: 'Cluster' });
    const result = prepared(next, stored);
    expect(result['spec']).not.toHaveProperty('externalTrafficPolicy');
    expect(result['spec']).toMatchObject({ ports: [{ name: 'http', port: 80 }] });
    expect(validateServiceUpdate(result, stored)).toEqual([]);
  });

  it('keeps a node port the client changed, for validation to judge', () => {
    const stored = service(nodePort);
    const next = service({ ...nodePort, type: 'ClusterIP', ports: [{ name: 'http', port: 80, nodePort: 30008 }] });
    const result = prepared(next, stored);
    expect(summary(validateServiceUpdate(result, stored))).toContainEqual(['FieldValueForbidden', 'spec.ports[0].nodePort']);
  });

  it('follows a changed clusterIP into clusterIPs', () => {
    const stored = service(allocated);
    const next = service({ ...allocated, clusterIP: '10.96.0.99' });
    const result = prepared(next, stored);
    expect(result['spec']).toMatchObject({ clusterIPs: ['10.96.0.99'] });
    expect(summary(validateServiceUpdate(result, stored))).toEqual([['FieldValueInvalid', 'spec.clusterIPs[0]']]);
  });

  it('clears the load-balancer status of a service that is no longer one', () => {
    const stored = service(localLB);
    stored['status'] = { loadBalancer: { ingress: [{ ip: '192.0.2.127' }] } };
    const next = service({ ...allocated });
    next['status'] = { loadBalancer: { ingress: [{ ip: '192.0.2.127' }] } };
    expect(prepared(next, stored)['status']).toEqual({ loadBalancer: {} });
  });
});
