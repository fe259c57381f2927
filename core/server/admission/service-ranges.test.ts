import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../kernel/config.ts';
import {
  addressAt,
  formatIPv4,
  kubernetesServiceIP,
  nodePortRangeProblem,
  parseIPv4,
  parseNodePortRange,
  parseServiceIPRange,
  serviceIPRangeProblem,
} from './service-ranges.ts';

describe('service ranges', () => {
  it.each([
    ['10.96.0.0/16', undefined],
    ['10.96.0.0/12', undefined],
    ['10.96.0.16/28', undefined],
    ['10.96.0.0/8', 'must be an IPv4 CIDR between /12 and /28, not /8'],
    ['10.96.0.0/29', 'must be an IPv4 CIDR between /12 and /28, not /29'],
    ['10.96.0.1/16', 'must be the network address of its prefix, 10.96.0.0/16, not 10.96.0.1/16'],
    ['10.96.0.0', 'must be an IPv4 CIDR such as 10.96.0.0/16, not "10.96.0.0"'],
    ['fd00::/112', 'must be an IPv4 CIDR such as 10.96.0.0/16, not "fd00::/112"'],
    ['10.096.0.0/16', 'must be an IPv4 CIDR such as 10.96.0.0/16, not "10.096.0.0/16"'],
    ['10.96.0.0/16/1', 'must be an IPv4 CIDR such as 10.96.0.0/16, not "10.96.0.0/16/1"'],
  ])('clusterIPRange %s: %s', (text, problem) => {
    expect(serviceIPRangeProblem(text)).toBe(problem);
  });

  it.each([
    ['30000-32767', undefined],
    ['1-65535', undefined],
    ['8080-8080', undefined],
    ['0-100', 'must lie inside 1-65535'],
    ['30000-70000', 'must lie inside 1-65535'],
    ['32767-30000', 'must not end (30000) before it starts (32767)'],
    ['30000', 'must be a port range such as 30000-32767, not "30000"'],
  ])('nodePortRange %s: %s', (text, problem) => {
    expect(nodePortRangeProblem(text)).toBe(problem);
  });

  it('parses what it accepts', () => {
    expect(parseServiceIPRange('10.96.0.0/16')).toEqual({ cidr: '10.96.0.0/16', network: parseIPv4('10.96.0.0'), prefix: 16, size: 65536 });
    expect(parseNodePortRange('30000-32767')).toEqual({ first: 30000, last: 32767 });
    expect(() => parseServiceIPRange('10.96.0.0/8')).toThrow(/between \/12 and \/28/);
    expect(() => parseNodePortRange('a-b')).toThrow(/port range/);
  });

  it.each([
    ['10.96.0.0/16', 1, '10.96.0.1'],
    ['10.96.0.0/16', 10, '10.96.0.10'],
    ['10.111.200.0/24', 10, '10.111.200.10'],
    ['10.96.0.0/12', 65536 + 5, '10.97.0.5'],
  ])('address %i of %s is %s', (cidr, offset, ip) => {
    expect(addressAt(parseServiceIPRange(cidr), offset)).toBe(ip);
  });

  it('round-trips IPv4 addresses', () => {
    expect(formatIPv4(parseIPv4('255.254.0.1') ?? -1)).toBe('255.254.0.1');
    expect(parseIPv4('256.0.0.1')).toBeUndefined();
    expect(kubernetesServiceIP('10.100.0.0/24')).toBe('10.100.0.1');
  });
});

describe('kubernel.yaml services section', () => {
  it('defaults to Kubernetes\' ranges', async () => {
    expect((await parseConfig('')).services).toEqual({ clusterIPRange: '10.96.0.0/16', nodePortRange: '30000-32767', clusterDomain: 'cluster.local' });
  });

  it('takes ranges of its own', async () => {
    const config = await parseConfig('services:\n  clusterIPRange: 10.100.0.0/24\n  nodePortRange: 20000-20100\n  clusterDomain: kubernel.test\n');
    expect(config.services).toEqual({ clusterIPRange: '10.100.0.0/24', nodePortRange: '20000-20100', clusterDomain: 'kubernel.test' });
  });

  it.each([
    ['services:\n  clusterIPRange: 10.0.0.0/8\n', /services\.clusterIPRange: must be an IPv4 CIDR between \/12 and \/28/],
    ['services:\n  clusterIPRange: 10.96.0.5/16\n', /services\.clusterIPRange: must be the network address/],
    ['services:\n  nodePortRange: 30000-70000\n', /services\.nodePortRange: must lie inside 1-65535/],
    ['services:\n  clusterDomain: Cluster_Local\n', /services\.clusterDomain: must be a DNS domain/],
    ['services:\n  dnsIP: 10.96.0.10\n', /services: Unrecognized key: "dnsIP"/],
  ])('refuses %j, naming the key', async (yaml, message) => {
    await expect(parseConfig(yaml)).rejects.toThrow(message);
  });
});
