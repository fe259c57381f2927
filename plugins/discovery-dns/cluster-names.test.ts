import { describe, expect, it } from 'vitest';
import { dashedIP, labelsInZone, parseClusterName, podNameIP, reverseNameIP, type ClusterName } from './cluster-names.ts';

describe('labelsInZone', () => {
  it.each([
    ['web.default.svc.cluster.local', 'cluster.local', ['web', 'default', 'svc']],
    ['Web.Default.SVC.Cluster.Local.', 'cluster.local', ['web', 'default', 'svc']],
    ['cluster.local', 'cluster.local', []],
    ['example.com', 'cluster.local', undefined],
    ['notcluster.local', 'cluster.local', undefined],
    ['a.my.domain', 'my.domain.', ['a']],
  ])('%s in %s → %j', (name, zone, expected) => {
    expect(labelsInZone(name, zone)).toEqual(expected);
  });
});

describe('parseClusterName (CoreDNS parse.go)', () => {
  it.each<[string, ClusterName]>([
    ['', { kind: 'apex' }],
    ['dns-version', { kind: 'dns-version' }],
    ['ns.dns', { kind: 'nameserver' }],
    ['svc', { kind: 'empty-non-terminal' }],
    ['pod', { kind: 'empty-non-terminal' }],
    ['default.svc', { kind: 'namespace', under: 'svc', namespace: 'default' }],
    ['default.pod', { kind: 'namespace', under: 'pod', namespace: 'default' }],
    ['web.default.svc', { kind: 'service', namespace: 'default', service: 'web' }],
    ['web-0.db.default.svc', { kind: 'service', namespace: 'default', service: 'db', endpoint: 'web-0' }],
    ['_http._tcp.web.default.svc', { kind: 'service', namespace: 'default', service: 'web', port: 'http', protocol: 'tcp' }],
    ['10-1-2-3.default.pod', { kind: 'pod', namespace: 'default', pod: '10-1-2-3' }],
    ['a.10-1-2-3.default.pod', { kind: 'unknown' }],
    ['a.b.c.web.default.svc', { kind: 'unknown' }],
    ['web.default.nodes', { kind: 'unknown' }],
    ['something', { kind: 'unknown' }],
  ])('%j', (relative, expected) => {
    expect(parseClusterName(relative === '' ? [] : relative.split('.'))).toEqual(expected);
  });
});

describe('pod and endpoint names', () => {
  it.each([
    ['10-1-2-3', '10.1.2.3'],
    ['172-17-0-5', '172.17.0.5'],
    ['fd00--1', 'fd00::1'],
    ['2001-db8-0-0-0-0-0-1', '2001:db8:0:0:0:0:0:1'],
    ['10-1-2-300', undefined],
    ['web-0', undefined],
    ['1-2-3', undefined],
  ])('pod %s → %s', (pod, ip) => {
    expect(podNameIP(pod)).toBe(ip);
  });

  it.each([
    ['10.1.2.3', '10-1-2-3'],
    ['fd00::1', 'fd00--1'],
  ])('endpoint %s is named %s without a hostname', (ip, name) => {
    expect(dashedIP(ip)).toBe(name);
  });
});

describe('reverseNameIP', () => {
  it.each([
    ['10.0.96.10.in-addr.arpa', '10.96.0.10'],
    ['10.0.96.10.IN-ADDR.ARPA.', '10.96.0.10'],
    ['0.96.10.in-addr.arpa', undefined],
    ['300.0.96.10.in-addr.arpa', undefined],
    [`1.0.0.0.${'0.'.repeat(24)}0.0.d.f.ip6.arpa`, 'fd00::1'],
    ['1.ip6.arpa', undefined],
    ['web.default.svc.cluster.local', undefined],
  ])('%s → %s', (name, ip) => {
    expect(reverseNameIP(name)).toBe(ip);
  });
});
