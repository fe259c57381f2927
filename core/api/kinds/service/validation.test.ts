import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { summary } from '../support/test-helpers.ts';
import { defaultService } from './defaults.ts';
import { validateService } from './validation.ts';

function service(spec: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  const obj: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'my-service', namespace: 'default', ...meta }, spec: structuredClone(spec) };
  defaultService(obj);
  return obj;
}

// Manifests from the Kubernetes "Service" concept page and the StatefulSet tutorial.
const selector = { 'app.kubernetes.io/name': 'MyApp' };
const clusterIPService = { selector, ports: [{ protocol: 'TCP', port: 80, targetPort: 9376 }] };
const multiPort = {
  selector,
  ports: [
    { name: 'http', protocol: 'TCP', port: 80, targetPort: 9376 },
    { name: 'https', protocol: 'TCP', port: 443, targetPort: 9377 },
  ],
};
const nodePortService = { type: 'NodePort', selector, ports: [{ port: 80, targetPort: 80, nodePort: 30007 }] };
const loadBalancer = { type: 'LoadBalancer', selector, clusterIP: '10.0.171.239', ports: [{ protocol: 'TCP', port: 80, targetPort: 9376 }] };
const externalName = { type: 'ExternalName', externalName: 'my.database.example.com' };
const headless = { clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ port: 80, name: 'web' }] };
const externalIPs = { selector, ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 49152 }], externalIPs: ['198.51.100.32'] };
const namedTarget = { selector: { 'app.kubernetes.io/name': 'proxy' }, ports: [{ name: 'name-of-service-port', protocol: 'TCP', port: 80, targetPort: 'http-web-svc' }] };

describe('validateService', () => {
  it.each([
    ['a ClusterIP service', clusterIPService],
    ['a multi-port service', multiPort],
    ['a NodePort service', nodePortService],
    ['a LoadBalancer service', loadBalancer],
    ['a Local LoadBalancer with its health-check port', { ...loadBalancer, externalTrafficPolicy: 'Local', healthCheckNodePort: 32000 }],
    // The API server's allocator picks one when it stores the Service.
    ['a Local LoadBalancer without health-check port', { ...loadBalancer, externalTrafficPolicy: 'Local' }],
    ['an ExternalName service', externalName],
    ['an ExternalName with a trailing dot', { ...externalName, externalName: 'my.database.example.com.' }],
    ['a headless service', headless],
    ['a selectorless headless service', { clusterIP: 'None' }],
    ['a service with external IPs', externalIPs],
    ['a named target port', namedTarget],
    ['ClientIP affinity', { ...clusterIPService, sessionAffinity: 'ClientIP' }],
    ['source ranges on a LoadBalancer', { ...loadBalancer, loadBalancerSourceRanges: ['130.211.204.1/32', ' 130.211.204.2/32'] }],
    ['a load-balancer class', { ...loadBalancer, loadBalancerClass: 'example.com/internal-vip' }],
    ['traffic distribution', { ...clusterIPService, trafficDistribution: 'PreferClose' }],
  ])('accepts %s', (_, spec) => {
    expect(validateService(service(spec))).toEqual([]);
  });

  const p = (port: Record<string, unknown>) => ({ ...clusterIPService, ports: [{ protocol: 'TCP', port: 80, ...port }] });
  it.each([
    ['a name starting with a digit', service(clusterIPService, { name: '1-service' }), 'FieldValueInvalid', 'metadata.name'],
    ['a dotted name', service(clusterIPService, { name: 'my.service' }), 'FieldValueInvalid', 'metadata.name'],
    ['an unknown type', service({ ...clusterIPService, type: 'Internal' }), 'FieldValueNotSupported', 'spec.type'],
    ['no ports', service({ selector }), 'FieldValueRequired', 'spec.ports'],
    ['port 0', service(p({ port: 0, targetPort: 80 })), 'FieldValueInvalid', 'spec.ports[0].port'],
    ['port 65536', service(p({ port: 65536, targetPort: 80 })), 'FieldValueInvalid', 'spec.ports[0].port'],
    ['an unknown protocol', service(p({ protocol: 'HTTP' })), 'FieldValueNotSupported', 'spec.ports[0].protocol'],
    ['a bad target port name', service(p({ targetPort: 'my_port' })), 'FieldValueInvalid', 'spec.ports[0].targetPort'],
    ['a bad port name', service(p({ name: 'HTTP' })), 'FieldValueInvalid', 'spec.ports[0].name'],
    ['a bad appProtocol', service(p({ appProtocol: 'not valid' })), 'FieldValueInvalid', 'spec.ports[0].appProtocol'],
    ['an unnamed port among two', service({ selector, ports: [{ port: 80 }, { name: 'b', port: 81 }] }), 'FieldValueRequired', 'spec.ports[0].name'],
    ['a repeated port name', service({ selector, ports: [{ name: 'a', port: 80 }, { name: 'a', port: 81 }] }), 'FieldValueDuplicate', 'spec.ports[1].name'],
    ['a repeated port', service({ selector, ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] }), 'FieldValueDuplicate', 'spec.ports[1]'],
    ['a node port on a ClusterIP service', service(p({ nodePort: 30007 })), 'FieldValueForbidden', 'spec.ports[0].nodePort'],
    [
      'a repeated node port',
      service({ type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30007 }, { name: 'b', port: 81, nodePort: 30007 }] }),
      'FieldValueDuplicate',
      'spec.ports[1].nodePort',
    ],
    ['an unknown affinity', service({ ...clusterIPService, sessionAffinity: 'Sticky' }), 'FieldValueNotSupported', 'spec.sessionAffinity'],
    [
      'a zero affinity timeout',
      service({ ...clusterIPService, sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } } }),
      'FieldValueInvalid',
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
    ],
    ['a malformed cluster IP', service({ ...clusterIPService, clusterIP: '10.0.0.300' }), 'FieldValueInvalid', 'spec.clusterIPs[0]'],
    ['clusterIPs not matching clusterIP', service({ ...clusterIPService, clusterIP: '10.0.0.10', clusterIPs: ['10.0.0.11'] }), 'FieldValueInvalid', 'spec.clusterIPs'],
    ['a headless NodePort service', service({ ...nodePortService, clusterIP: 'None' }), 'FieldValueInvalid', 'spec.clusterIPs[0]'],
    ['an ExternalName without a name', service({ type: 'ExternalName' }), 'FieldValueRequired', 'spec.externalName'],
    ['an ExternalName that is no DNS name', service({ ...externalName, externalName: 'my_db' }), 'FieldValueInvalid', 'spec.externalName'],
    ['an ExternalName with a cluster IP', service({ ...externalName, clusterIP: '10.0.0.10' }), 'FieldValueForbidden', 'spec.clusterIPs'],
    ['an ExternalName with families', service({ ...externalName, ipFamilies: ['IPv4'] }), 'FieldValueForbidden', 'spec.ipFamilies'],
    ['an unknown IP family', service({ ...clusterIPService, ipFamilies: ['IPv5'] }), 'FieldValueNotSupported', 'spec.ipFamilies[0]'],
    ['an unknown family policy', service({ ...clusterIPService, ipFamilyPolicy: 'DualStack' }), 'FieldValueNotSupported', 'spec.ipFamilyPolicy'],
    ['IPv6 on this IPv4 cluster', service({ ...clusterIPService, ipFamilies: ['IPv6'] }), 'FieldValueInvalid', 'spec.ipFamilies[0]'],
    ['required dual-stack on this cluster', service({ ...clusterIPService, ipFamilyPolicy: 'RequireDualStack' }), 'FieldValueInvalid', 'spec.ipFamilyPolicy'],
    ['a loopback external IP', service({ ...externalIPs, externalIPs: ['127.0.0.1'] }), 'FieldValueInvalid', 'spec.externalIPs[0]'],
    ['source ranges on a ClusterIP service', service({ ...clusterIPService, loadBalancerSourceRanges: ['10.0.0.0/8'] }), 'FieldValueForbidden', 'spec.LoadBalancerSourceRanges'],
    ['a malformed source range', service({ ...loadBalancer, loadBalancerSourceRanges: ['10.0.0.0/33'] }), 'FieldValueInvalid', 'spec.LoadBalancerSourceRanges[0]'],
    ['an external policy on a ClusterIP service', service({ ...clusterIPService, externalTrafficPolicy: 'Local' }), 'FieldValueInvalid', 'spec.externalTrafficPolicy'],
    ['an unknown external policy', service({ ...nodePortService, externalTrafficPolicy: 'Global' }), 'FieldValueNotSupported', 'spec.externalTrafficPolicy'],
    ['a health-check port on a NodePort service', service({ ...nodePortService, healthCheckNodePort: 32000 }), 'FieldValueInvalid', 'spec.healthCheckNodePort'],
    ['an unknown internal policy', service({ ...clusterIPService, internalTrafficPolicy: 'Node' }), 'FieldValueNotSupported', 'spec.internalTrafficPolicy'],
    ['an unknown traffic distribution', service({ ...clusterIPService, trafficDistribution: 'Random' }), 'FieldValueNotSupported', 'spec.trafficDistribution'],
    ['a load-balancer class on a ClusterIP service', service({ ...clusterIPService, loadBalancerClass: 'example.com/lb' }), 'FieldValueForbidden', 'spec.loadBalancerClass'],
    ['node-port allocation on a NodePort service', service({ ...nodePortService, allocateLoadBalancerNodePorts: false }), 'FieldValueForbidden', 'spec.allocateLoadBalancerNodePorts'],
    ['a bad selector value', service({ ...clusterIPService, selector: { app: 'my app' } }), 'FieldValueInvalid', 'spec.selector'],
    ['a port given as text', service(p({ port: '80', targetPort: 80 })), 'FieldValueTypeInvalid', 'spec.ports[0].port'],
    ['a selector value given as a number', service({ ...clusterIPService, selector: { version: 2 } }), 'FieldValueTypeInvalid', 'spec.selector[version]'],
    ['ports given as an object', service({ ports: { http: 80 } }), 'FieldValueTypeInvalid', 'spec.ports'],
    ['a spec given as a list', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', namespace: 'default' }, spec: [] }, 'FieldValueTypeInvalid', 'spec'],
  ])('rejects %s', (_, obj, type, field) => {
    expect(summary(validateService(obj))).toEqual([[type, field]]);
  });

  it('says which node ports are valid, from the configured range', () => {
    const obj = service({ ...nodePortService, ports: [{ port: 80, nodePort: 30007 }] });
    expect(validateService(obj, { nodePortRange: { min: 31000, max: 31999 } })[0]?.message).toBe(
      'Invalid value: 30007: provided port is not in the valid range. The range of valid ports is 31000-31999',
    );
    expect(validateService(obj, { nodePortRange: { min: 30000, max: 30010 } })).toEqual([]);
  });

  it('leaves node ports to the allocator when no range is given', () => {
    const obj = service({ ...nodePortService, ports: [{ port: 80, nodePort: 8080 }] });
    expect(validateService(obj)).toEqual([]);
    expect(summary(validateService(obj, { nodePortRange: { min: 30000, max: 32767 } }))).toEqual([['FieldValueInvalid', 'spec.ports[0].nodePort']]);
  });

  it('accepts IPv6 on a cluster configured for it', () => {
    const obj = service({ ...clusterIPService, ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6'] });
    expect(validateService(obj, { clusterIPFamilies: ['IPv4', 'IPv6'] })).toEqual([]);
  });

  it('lists service types as Kubernetes does', () => {
    expect(validateService(service({ ...clusterIPService, type: 'Internal' }))[0]?.message).toBe(
      'Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
  });

  it('requires every field defaults would fill', () => {
    const raw: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', namespace: 'default' }, spec: { ports: [{ port: 80 }] } };
    expect(summary(validateService(raw))).toEqual([
      ['FieldValueRequired', 'spec.ports[0].protocol'],
      ['FieldValueInvalid', 'spec.ports[0].targetPort'],
      ['FieldValueRequired', 'spec.sessionAffinity'],
      ['FieldValueRequired', 'spec.type'],
    ]);
  });
});
