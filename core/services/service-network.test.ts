import { describe, expect, it } from 'vitest';
import { configSchema, type KubernelConfig } from '../kernel/config-schema.ts';
import { KernelError } from '../kernel/errors.ts';
import { serviceNetworkFrom } from './service-network.ts';

const parsed = (services?: Record<string, unknown>): KubernelConfig => configSchema.parse(services === undefined ? {} : { services });

describe('serviceNetworkFrom', () => {
  it.each<[string, Record<string, unknown> | undefined, Record<string, unknown>]>([
    [
      'no section: the defaults',
      undefined,
      { clusterIPRange: '10.96.0.0/16', dnsServiceIP: '10.96.0.10', nodePortRange: { first: 30000, last: 32767 }, clusterDomain: 'cluster.local', nodeAddress: '127.0.0.1' },
    ],
    ['a /12 range', { clusterIPRange: '10.96.0.0/12' }, { clusterIPRange: '10.96.0.0/12', dnsServiceIP: '10.96.0.10' }],
    ['a /24 of a test', { clusterIPRange: '10.100.7.0/24' }, { dnsServiceIP: '10.100.7.10' }],
    ['the smallest range', { clusterIPRange: '192.168.5.16/28' }, { dnsServiceIP: '192.168.5.26' }],
    ['another node port range', { nodePortRange: '31000-31099' }, { nodePortRange: { first: 31000, last: 31099 } }],
    ['another domain', { clusterDomain: 'kubernel.test' }, { clusterDomain: 'kubernel.test', dnsServiceIP: '10.96.0.10' }],
  ])('%s', (_name, services, expected) => {
    expect(serviceNetworkFrom(parsed(services))).toMatchObject(expected);
  });

  it.each<[string, Partial<KubernelConfig['services']>, string]>([
    ['a range that is no CIDR', { clusterIPRange: '10.96.0.0' }, 'services: service ClusterIP range must be an IPv4 CIDR'],
    ['a reversed port range', { nodePortRange: '32767-30000' }, 'services: service node port range must not end'],
  ])('refuses %s in a config built without the schema', (_name, override, message) => {
    const config = parsed();
    const broken: KubernelConfig = { ...config, services: { ...config.services, ...override } };
    expect(() => serviceNetworkFrom(broken)).toThrow(KernelError);
    expect(() => serviceNetworkFrom(broken)).toThrow(message);
  });
});
