import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types/meta.ts';
import { podDns, type PodDns } from './pod-dns.ts';

const host: PodDns = { nameservers: ['192.0.2.53'], searches: ['corp.example'], options: ['timeout:2'] };
const cluster = { nameservers: ['10.96.0.10'], domain: 'cluster.local' };

function pod(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'prod', name: 'p' }, spec };
}

describe('a pod resolv.conf', () => {
  it.each([
    { what: 'ClusterFirst (the default)', spec: {}, expected: { nameservers: ['10.96.0.10'], searches: ['prod.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'corp.example'], options: ['ndots:5'] } },
    { what: 'Default', spec: { dnsPolicy: 'Default' }, expected: host },
    { what: 'ClusterFirst on the host network (falls back to Default)', spec: { hostNetwork: true }, expected: host },
    { what: 'ClusterFirstWithHostNet', spec: { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }, expected: { nameservers: ['10.96.0.10'], searches: ['prod.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'corp.example'], options: ['ndots:5'] } },
    {
      what: 'None with dnsConfig',
      spec: { dnsPolicy: 'None', dnsConfig: { nameservers: ['1.2.3.4'], searches: ['a.b'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] } },
      expected: { nameservers: ['1.2.3.4'], searches: ['a.b'], options: ['ndots:2', 'edns0'] },
    },
    { what: 'ClusterFirst with an ndots override', spec: { dnsConfig: { options: [{ name: 'ndots', value: '1' }] } }, expected: { nameservers: ['10.96.0.10'], searches: ['prod.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'corp.example'], options: ['ndots:1'] } },
  ])('$what', ({ spec, expected }) => {
    expect(podDns(pod(spec), cluster, host)).toEqual(expected);
  });

  it('uses the node resolver when the cluster has no DNS Service', () => {
    expect(podDns(pod({}), { nameservers: [], domain: 'cluster.local' }, host)).toEqual(host);
  });
});
