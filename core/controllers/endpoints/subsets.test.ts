import { describe, expect, it } from 'vitest';
import { repackSubsets, subsetsEqual, type EndpointAddress, type EndpointSubset } from './subsets.ts';

const addr = (ip: string, uid = `uid-${ip}`): EndpointAddress => ({ ip, targetRef: { kind: 'Pod', namespace: 'default', name: `pod-${ip}`, uid } });
const http = { name: 'http', port: 8080, protocol: 'TCP' };
const metrics = { name: 'metrics', port: 9100, protocol: 'TCP' };
const ips = (list: EndpointAddress[] | undefined): string[] => (list ?? []).map((a) => a.ip);
const shape = (subsets: EndpointSubset[]) => subsets.map((s) => ({ ready: ips(s.addresses), notReady: ips(s.notReadyAddresses), ports: (s.ports ?? []).map((p) => p.name) }));

describe('repackSubsets', () => {
  it.each([
    {
      what: 'one subset per pod and port become one subset',
      input: [{ addresses: [addr('10.0.0.2')], ports: [http] }, { addresses: [addr('10.0.0.1')], ports: [http] }],
      want: [{ ready: ['10.0.0.1', '10.0.0.2'], notReady: [], ports: ['http'] }],
    },
    {
      what: 'ready and not-ready addresses of one port set share a subset',
      input: [{ addresses: [addr('10.0.0.1')], ports: [http] }, { notReadyAddresses: [addr('10.0.0.2')], ports: [http] }],
      want: [{ ready: ['10.0.0.1'], notReady: ['10.0.0.2'], ports: ['http'] }],
    },
    {
      what: 'addresses with both ports share a subset with both ports',
      input: [
        { addresses: [addr('10.0.0.1')], ports: [http] },
        { addresses: [addr('10.0.0.1')], ports: [metrics] },
        { addresses: [addr('10.0.0.2')], ports: [http] },
        { addresses: [addr('10.0.0.2')], ports: [metrics] },
      ],
      want: [{ ready: ['10.0.0.1', '10.0.0.2'], notReady: [], ports: ['http', 'metrics'] }],
    },
    {
      what: 'a pod without one port gets a subset of its own',
      input: [
        { addresses: [addr('10.0.0.1')], ports: [http] },
        { addresses: [addr('10.0.0.1')], ports: [metrics] },
        { addresses: [addr('10.0.0.2')], ports: [http] },
      ],
      want: [
        { ready: ['10.0.0.1', '10.0.0.2'], notReady: [], ports: ['http'] },
        { ready: ['10.0.0.1'], notReady: [], ports: ['metrics'] },
      ],
    },
    {
      what: 'not ready wins over ready for the same address and port',
      input: [{ addresses: [addr('10.0.0.1')], ports: [http] }, { notReadyAddresses: [addr('10.0.0.1')], ports: [http] }],
      want: [{ ready: [], notReady: ['10.0.0.1'], ports: ['http'] }],
    },
    {
      what: 'addresses without ports (a headless Service) are kept',
      input: [{ addresses: [addr('10.0.0.1')] }, { notReadyAddresses: [addr('10.0.0.2')] }],
      want: [{ ready: ['10.0.0.1'], notReady: ['10.0.0.2'], ports: [] }],
    },
    {
      what: 'the same IP of two pods stays two addresses',
      input: [{ addresses: [addr('10.0.0.1', 'x')], ports: [http] }, { addresses: [addr('10.0.0.1', 'y')], ports: [http] }],
      want: [{ ready: ['10.0.0.1', '10.0.0.1'], notReady: [], ports: ['http'] }],
    },
  ])('$what', ({ input, want }) => {
    expect(shape(repackSubsets(input))).toEqual(want);
  });

  it('gives the same layout whatever the input order', () => {
    const a = [{ addresses: [addr('10.0.0.1')], ports: [http] }, { addresses: [addr('10.0.0.2')], ports: [metrics] }];
    expect(repackSubsets(a)).toEqual(repackSubsets([...a].reverse()));
  });
});

describe('subsetsEqual', () => {
  it('ignores the target pods resourceVersion but nothing else', () => {
    const one = [{ addresses: [addr('10.0.0.1')], ports: [http] }];
    const withVersion = [{ addresses: [{ ...addr('10.0.0.1'), targetRef: { ...addr('10.0.0.1').targetRef, resourceVersion: '7' } }], ports: [http] }];
    expect(subsetsEqual(one, withVersion)).toBe(true);
    expect(subsetsEqual(one, [{ notReadyAddresses: [addr('10.0.0.1')], ports: [http] }])).toBe(false);
    expect(subsetsEqual(one, [{ addresses: [addr('10.0.0.1')], ports: [metrics] }])).toBe(false);
  });
});
